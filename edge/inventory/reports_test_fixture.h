#pragma once
// The reports' tests' store (stock_reports_test.cpp, stock_analysis_test.cpp):
// a site in a zone with summer time and two warehouses, months of random
// documents, and the queries asked of the engine checked against
// tests/reports/recompute_reports.py, which recomputes each report from the
// raw ledger rows alone.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <thread>

#include "edge/inventory/day_totals.h"
#include "edge/inventory/month_ends.h"
#include "edge/inventory/stock_reports.h"
#include "edge/inventory/test_store.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory::testing {

using nlohmann::json;

inline constexpr const char* kZone = "Europe/Berlin";  // summer time: days of 23 and 25 hours
inline constexpr TimeMs kHour = 3'600'000;

inline std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << cmd;
  return out;
}

inline json summary_json(const std::vector<MovementSummaryRow>& rows) {
  json out = json::array();
  for (const auto& r : rows) {
    json in = json::object(), outs = json::object();
    for (const auto& [k, a] : r.in) in[std::string(to_string(k))] = {a.qty, a.value};
    for (const auto& [k, a] : r.out) outs[std::string(to_string(k))] = {a.qty, a.value};
    out.push_back({{"place", r.place}, {"sku", r.sku}, {"opening", {r.opening.qty, r.opening.value}},
                   {"closing", {r.closing.qty, r.closing.value}}, {"in", in}, {"out", outs}});
  }
  return out;
}

inline json value_json(const std::vector<StockValueRow>& rows) {
  json out = json::array();
  for (const auto& r : rows) out.push_back({{"place", r.place}, {"sku", r.sku}, {"qty", r.qty}, {"value", r.value}});
  return out;
}

class Reports : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    zone_ = *TimeZone::named(kZone);
    reopen({});
    seed();
    // Transfers and issues go across two warehouses.
    Location w2;
    w2.code = "W2";
    w2.kind = LocationKind::warehouse;
    w2.parent = "S1";
    Location b;
    b.code = "B-01";
    b.kind = LocationKind::bin;
    b.parent = "W2";
    std::vector<RowError> errs;
    ASSERT_TRUE(engine_->import_locations({w2, b}, &errs).is_ok());
    // Categories for the reports by category; CUP-S has none.
    std::vector<Item> items;
    for (const auto& [sku, category] : {std::pair{"TEA-500", "饮料"}, {"MILK-1", "饮料"}, {"RICE-5", "粮油"}}) {
      auto item = q().item(sku);
      ASSERT_TRUE(item.is_ok());
      item->category = category;
      items.push_back(*item);
    }
    ASSERT_TRUE(engine_->import_items(items, &errs).is_ok());
  }
  /// An item numbered far past the others (master data carried over from
  /// another system's numbering), whose SKU sorts before theirs: reports
  /// then find items by a hash instead of by number.
  void add_far_item() {
    close_engine();
    {
      auto db = store::Db::open(store_path_, {});
      ASSERT_TRUE(db.is_ok()) << db.status().to_string();
      ASSERT_TRUE((*db)->exec("INSERT INTO items (id, sku, name, uom) VALUES (4000000000, 'AAA-FAR', '远号商品', 'EA')")
                      .is_ok());
    }
    reopen({});
  }
  /// Receipts of the far item between random documents, then an issue.
  void far_item_documents(unsigned seed) {
    for (int i = 0; i < 4; ++i) {
      DocumentRequest in = receipt_into(i % 2 ? "A-01" : "B-01", "AAA-FAR", 5 + i);
      in.lines[0].unit_cost = 10000 + 250 * i;
      ASSERT_TRUE(engine_->post(in).is_ok());
      random_documents(40, seed + static_cast<unsigned>(i));
    }
    DocumentRequest out;
    out.type = DocType::issue;
    out.from = "A-01";
    out.lines = {line("AAA-FAR", 3)};
    ASSERT_TRUE(engine_->post(out).is_ok());
  }
  /// Folding whenever due, busy or not.
  static EngineTuning tuned(int every_ms, int slice = 20000) {
    EngineTuning t;
    t.day_totals_every_ms = every_ms;
    t.day_totals_slice = slice;
    t.day_totals_backlog = 0;
    return t;
  }
  void reopen(EngineTuning tuning, const char* zone = kZone) {
    EngineOptions o;
    o.site_zone = *TimeZone::named(zone);
    open_engine(o, tuning);
  }

  /// Random receipts at random costs, issues, transfers, adjustments and
  /// scrap over about four months, some with occurred_at hours in the past.
  void random_documents(int n, unsigned seed) {
    std::mt19937 rng(seed);
    const std::vector<std::string> bins = {"A-01", "A-02", "A-03", "SHIP-1", "B-01"};
    const std::vector<std::string> skus = {"TEA-500", "RICE-5", "MILK-1", "CUP-S"};
    auto any = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    for (int i = 0; i < n; ++i) {
      clock_.advance(std::chrono::milliseconds(static_cast<TimeMs>(rng() % 6) * kHour + rng() % kHour));
      const std::string sku = any(skus);
      const std::string lot = sku == "MILK-1" ? (rng() % 2 ? "L1" : "L2") : "";
      DocumentRequest req;
      req.source = "test";
      req.lines = {line(sku, 1 + static_cast<Qty>(rng() % 20), lot)};
      if (!lot.empty()) req.lines[0].expiry = "2030-01-01";
      if (rng() % 5 == 0) req.occurred_at = clock_.now_ms() - static_cast<TimeMs>(rng() % 48) * kHour;
      switch (rng() % 6) {
        case 0:
        case 1:
          req.type = DocType::receipt;
          req.to = any(bins);
          req.lines[0].unit_cost = static_cast<Money>(1 + rng() % 200000);
          break;
        case 2:
          req.type = DocType::issue;
          req.from = any(bins);
          break;
        case 3:
          req.type = DocType::transfer;
          req.from = any(bins);
          req.to = any(bins);
          break;
        case 4:
          req.type = DocType::adjustment;
          req.from = req.to = any(bins);
          if (rng() % 2) req.lines[0].qty = -req.lines[0].qty;
          break;
        default:
          req.type = DocType::scrap;
          req.from = any(bins);
          break;
      }
      (void)engine_->post(req);  // refusals (not enough stock) are part of the mix
    }
  }

  /// Every query asked since the last check, with the engine's answer.
  json queries_ = json::array(), answers_ = json::array();

  void expect_reports_agree(const std::string& first, const std::string& last) {
    for (ValueBy by : {ValueBy::item, ValueBy::location, ValueBy::warehouse, ValueBy::category}) {
      const std::string by_name(to_string(by));
      MovementSummaryFilter f;
      f.first = *parse_day(first);
      f.last = *parse_day(last);
      f.by = by;
      auto mine = movement_summary(q(), f, zone_);
      ASSERT_TRUE(mine.is_ok()) << mine.status().to_string();
      queries_.push_back({"summary", first, last, by_name});
      answers_.push_back(summary_json(*mine));
      auto value = stock_value_on(q(), f.last, {by, "", ""}, zone_);
      ASSERT_TRUE(value.is_ok()) << value.status().to_string();
      queries_.push_back({"value", last, by_name});
      answers_.push_back(value_json(*value));
    }
  }

  /// The recomputation's answers to the queries asked, one by one.
  void check_with_python() {
    const char* src = std::getenv("JXC_SOURCE_DIR");
    ASSERT_NE(src, nullptr);
    const std::string list = dir_.file("queries.json");
    std::ofstream(list) << queries_.dump();
    const std::string out = run(std::string("python3 ") + src + "/tests/reports/recompute_reports.py " + store_path_ +
                                " " + kZone + " \"$(cat " + list + ")\"");
    const json theirs = json::parse(out, nullptr, false);
    ASSERT_TRUE(theirs.is_array()) << out;
    ASSERT_EQ(theirs.size(), answers_.size());
    for (std::size_t i = 0; i < answers_.size(); ++i) EXPECT_EQ(answers_[i], theirs[i]) << queries_[i].dump();
    queries_ = json::array();
    answers_ = json::array();
  }

  /// The local days on which a movement occurred before 02:00.
  std::vector<DayNumber> just_after_midnight() {
    std::vector<DayNumber> out;
    auto st = q().db().prepare("SELECT DISTINCT occurred_at FROM movements ORDER BY 1");
    while (st.is_ok() && *(*st)->step()) {
      const TimeMs t = (*st)->int64(0);
      if (zone_.at(t).hour < 2 && (out.empty() || out.back() != local_day(t, zone_))) out.push_back(local_day(t, zone_));
    }
    return out;
  }
  std::string zone_mark() {
    auto st = q().db().prepare("SELECT days_zone FROM stock_stamp");
    return st.is_ok() && *(*st)->step() ? (*st)->text(0) : "?";
  }
  std::string day_of(TimeMs t) { return format_day(local_day(t, zone_)); }
  /// Waits until the idle writer has folded everything and closed every
  /// month before the newest day's.
  bool wait_months_closed() {
    for (int i = 0; i < 1000; ++i) {
      auto& db = q().db();
      if (*db.query_int("SELECT days_through FROM stock_stamp") == *db.query_int("SELECT max(id) FROM movements") &&
          *db.query_int("SELECT months_through FROM stock_stamp") ==
              first_of_month(static_cast<DayNumber>(*db.query_int("SELECT max(day) FROM stock_days"))) - 1)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  TimeZone zone_;
};

}  // namespace jxc::inventory::testing
