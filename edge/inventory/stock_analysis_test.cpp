// Turnover and days of cover, ageing and idle stock, ABC/XYZ against the independent
// recomputation (tests/reports/recompute_reports.py) on months of random
// documents, with sales, production and other issues and customer returns,
// read with nothing folded and with every month closed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "edge/inventory/abc_xyz.h"
#include "edge/inventory/reports_test_fixture.h"
#include "edge/inventory/stock_ageing.h"
#include "edge/inventory/turnover.h"

namespace jxc::inventory::testing {
namespace {

json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json optional_day(const std::optional<DayNumber>& d) { return d ? json(format_day(*d)) : json(nullptr); }

class Analysis : public Reports {
 protected:
  /// Issues of every kind and returns of some of what was sold.
  void issues_and_returns(int n, unsigned seed) {
    std::mt19937 rng(seed);
    const std::vector<std::string> skus = {"TEA-500", "RICE-5", "CUP-S"};
    for (int i = 0; i < n; ++i) {
      clock_.advance(std::chrono::milliseconds(static_cast<TimeMs>(1 + rng() % 30) * kHour));
      const std::string sku = skus[rng() % skus.size()];
      DocumentRequest req;
      req.source = "test";
      req.from = "A-01";
      req.lines = {line(sku, 1 + static_cast<Qty>(rng() % 3))};
      req.type = rng() % 2 ? DocType::production_issue : DocType::other_issue;
      req.cost_centre = "CANTEEN";
      (void)engine_->post(req);
      DocumentRequest sale;
      sale.source = "test";
      sale.type = DocType::issue;
      sale.from = "A-02";
      sale.lines = {line(sku, 2)};
      auto sold = engine_->post(sale);
      if (!sold.is_ok() || rng() % 2) continue;
      DocumentRequest back;
      back.type = DocType::customer_return;
      back.to = "A-02";
      back.reason = "wrong size";
      back.source = "test";
      back.ref_document = sold->number;
      back.lines = {line(sku, 1)};
      back.lines[0].ref_line = 1;
      back.lines[0].disposition = Disposition::restock;
      ASSERT_TRUE(engine_->post(back).is_ok());
    }
  }

  void expect_analysis_agrees(const std::string& first, const std::string& last, const std::string& location = "") {
    TurnoverFilter t;
    t.first = *parse_day(first);
    t.last = *parse_day(last);
    t.location = location;
    t.demand_days = 14;
    auto mine = turnover(q(), t, zone_);
    ASSERT_TRUE(mine.is_ok()) << mine.status().to_string();
    json rows = json::array();
    for (const auto& r : mine->rows)
      rows.push_back({{"sku", r.sku}, {"opening", {r.opening.qty, r.opening.value}},
                      {"closing", {r.closing.qty, r.closing.value}}, {"average_value", r.average_value},
                      {"issued", {r.issued.qty, r.issued.value}}, {"demand_qty", r.demand_qty},
                      {"turnover", optional_json(r.turnover)}, {"turnover_days", optional_json(r.turnover_days)},
                      {"days_of_cover", optional_json(r.days_of_cover)}});
    queries_.push_back({"turnover", first, last, 14, location});
    answers_.push_back({{"rows", rows}, {"days", mine->days}, {"opening_value", mine->opening_value},
                        {"closing_value", mine->closing_value}, {"average_value", mine->average_value},
                        {"issued_value", mine->issued_value}, {"turnover", optional_json(mine->turnover)},
                        {"turnover_days", optional_json(mine->turnover_days)}});

    AgeingFilter a;
    a.day = t.last;
    a.bounds = {7, 30, 60};
    a.idle_days = 10;
    auto aged = stock_ageing(q(), a, zone_);
    ASSERT_TRUE(aged.is_ok()) << aged.status().to_string();
    json arows = json::array();
    for (const auto& r : *aged) {
      json buckets = json::array();
      for (const auto& b : r.buckets) buckets.push_back({b.qty, b.value});
      arows.push_back({{"sku", r.sku}, {"on_hand", {r.on_hand.qty, r.on_hand.value}}, {"buckets", buckets},
                       {"oldest_arrival", optional_day(r.oldest_arrival)},
                       {"last_issue", optional_day(r.last_issue)}, {"idle", r.idle}});
    }
    queries_.push_back({"ageing", last, a.bounds, a.idle_days});
    answers_.push_back(arows);

    if (t.last - t.first + 1 < 14) return;
    AbcFilter c;
    c.first = t.first;
    c.last = t.last;
    c.location = location;
    auto classes = abc_xyz(q(), c, zone_);
    ASSERT_TRUE(classes.is_ok()) << classes.status().to_string();
    json crows = json::array();
    for (const auto& r : classes->rows)
      crows.push_back({{"sku", r.sku}, {"issued", {r.issued.qty, r.issued.value}}, {"weeks", r.weeks},
                       {"cv", optional_json(r.cv)}, {"xyz", std::string(1, r.xyz)}, {"abc", std::string(1, r.abc)},
                       {"share", r.share}, {"cumulative", r.cumulative}});
    queries_.push_back({"abc", first, last, location});
    answers_.push_back({{"rows", crows}, {"weeks", classes->weeks}, {"issued_value", classes->issued_value}});
  }
};

TEST_F(Analysis, TurnoverAndAgeingAgreeWithARecomputationFromTheRawLedger) {
  const TimeMs start = clock_.now_ms();
  random_documents(500, 21);
  issues_and_returns(60, 5);
  random_documents(300, 22);
  const TimeMs end = clock_.now_ms();
  ASSERT_GT(end - start, 90 * 24 * kHour);
  ASSERT_GT(*q().db().query_int("SELECT count(*) FROM documents WHERE type='customer_return'"), 5);
  ASSERT_GT(*q().db().query_int("SELECT count(*) FROM documents WHERE type='other_issue'"), 5);
  const std::string a = day_of(start + 20 * 24 * kHour), b = day_of(start + 50 * 24 * kHour);
  expect_analysis_agrees(a, b);
  expect_analysis_agrees(day_of(start), day_of(end));
  expect_analysis_agrees(b, b);
  expect_analysis_agrees(a, b, "W1");
  expect_analysis_agrees(day_of(start - 24 * kHour), day_of(start - 24 * kHour));
  check_with_python();

  EngineTuning all = tuned(0);
  all.external_poll_ms = 10;
  reopen(all);
  ASSERT_TRUE(engine_->post(receipt_into("A-01", "CUP-S", 1)).is_ok());
  ASSERT_TRUE(wait_months_closed());
  expect_analysis_agrees(a, b);
  expect_analysis_agrees(day_of(start + 35 * 24 * kHour), day_of(clock_.now_ms()));
  expect_analysis_agrees(b, b, "A-02");
  check_with_python();
}

TEST_F(Analysis, AgreeWhenItemNumbersAreFarApart) {
  add_far_item();
  const TimeMs start = clock_.now_ms();
  far_item_documents(30);
  issues_and_returns(20, 9);
  far_item_documents(40);
  const TimeMs end = clock_.now_ms();
  ASSERT_GT(end - start, 14 * 24 * kHour);
  expect_analysis_agrees(day_of(start), day_of(end));
  expect_analysis_agrees(day_of(start + 3 * 24 * kHour), day_of(end), "W1");
  check_with_python();
  AbcFilter f;
  f.first = local_day(start, zone_);
  f.last = local_day(end, zone_);
  auto r = abc_xyz(q(), f, zone_);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  const auto far = std::find_if(r->rows.begin(), r->rows.end(), [](const AbcRow& row) { return row.sku == "AAA-FAR"; });
  ASSERT_NE(far, r->rows.end());
  EXPECT_EQ(far->issued.qty, 6);
  EXPECT_EQ(far->name, "远号商品");
}

TEST_F(Analysis, AgeingDatesTheStockFromItsLatestArrivalsAndValuesItAtTheAverage) {
  // 10 at 1.0000 on day 0, 10 at 2.0000 on day 40, 5 sold on day 50: the 15
  // held on day 50 are the 10 of day 40 (age 10) and 5 of day 0 (age 50).
  const TimeMs day0 = clock_.now_ms();
  DocumentRequest r1 = receipt_into("A-01", "TEA-500", 10);
  r1.lines[0].unit_cost = 10000;
  ASSERT_TRUE(engine_->post(r1).is_ok());
  clock_.advance(std::chrono::hours(24 * 40));
  DocumentRequest r2 = receipt_into("A-02", "TEA-500", 10);
  r2.lines[0].unit_cost = 20000;
  ASSERT_TRUE(engine_->post(r2).is_ok());
  clock_.advance(std::chrono::hours(24 * 10));
  DocumentRequest sale;
  sale.type = DocType::issue;
  sale.source = "test";
  sale.from = "A-01";
  sale.lines = {line("TEA-500", 5)};
  ASSERT_TRUE(engine_->post(sale).is_ok());
  AgeingFilter f;
  f.day = local_day(clock_.now_ms(), zone_);
  f.sku = "TEA-500";
  f.bounds = {30, 60};
  f.idle_days = 30;
  auto rows = stock_ageing(q(), f, zone_);
  ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 1u);
  const AgeingRow& r = (*rows)[0];
  EXPECT_EQ(r.on_hand.qty, 15);
  // 30.0000 - 5 × 1.5000 = 22.5000 at 1.5000 each: 15.0000 and 7.5000.
  EXPECT_EQ(r.on_hand.value, 225000);
  EXPECT_EQ(r.buckets[0].qty, 10);
  EXPECT_EQ(r.buckets[0].value, 150000);
  EXPECT_EQ(r.buckets[1].qty, 5);
  EXPECT_EQ(r.buckets[1].value, 75000);
  EXPECT_EQ(r.buckets[2].qty, 0);
  EXPECT_EQ(r.oldest_arrival, local_day(day0, zone_));
  EXPECT_EQ(r.last_issue, f.day);
  EXPECT_FALSE(r.idle);
  f.day += 30;  // a month on, nothing sold: idle
  rows = stock_ageing(q(), f, zone_);
  ASSERT_TRUE(rows.is_ok());
  EXPECT_TRUE((*rows)[0].idle);
  EXPECT_EQ((*rows)[0].buckets[1].qty, 10);
  EXPECT_EQ((*rows)[0].buckets[2].qty, 5);
  f.bounds = {30, 30};
  EXPECT_EQ(stock_ageing(q(), f, zone_).status().code(), Errc::invalid_argument);
}

TEST_F(Analysis, AbcByIssuedValueAndXyzByWeeklyDemand) {
  // Three weeks: TEA-500 sells 10 every week (90% of the value, steady),
  // RICE-5 sells 10 in one week only, CUP-S is held and never sold.
  const DayNumber first = local_day(clock_.now_ms(), zone_);
  for (const auto& [sku, cost] : {std::pair{"TEA-500", 90000}, {"RICE-5", 30000}, {"CUP-S", 10000}}) {
    DocumentRequest r = receipt_into("A-01", sku, 100);
    r.lines[0].unit_cost = cost;
    ASSERT_TRUE(engine_->post(r).is_ok());
  }
  for (int week = 0; week < 3; ++week) {
    clock_.advance(std::chrono::hours(24 * 2));
    DocumentRequest sale;
    sale.type = DocType::issue;
    sale.source = "test";
    sale.from = "A-01";
    sale.lines = {line("TEA-500", 10)};
    if (week == 1) sale.lines.push_back(line("RICE-5", 10));
    ASSERT_TRUE(engine_->post(sale).is_ok());
    clock_.advance(std::chrono::hours(24 * 5));
  }
  AbcFilter f;
  f.first = first;
  f.last = first + 20;
  auto r = abc_xyz(q(), f, zone_);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_EQ(r->rows.size(), 3u);
  EXPECT_EQ(r->weeks, 3);
  EXPECT_EQ(r->issued_value, 3 * 10 * 90000 + 10 * 30000);
  const AbcRow &tea = r->rows[0], &rice = r->rows[1], &cup = r->rows[2];
  EXPECT_EQ(tea.sku, "TEA-500");
  EXPECT_EQ((std::string{tea.abc, tea.xyz}), "AX");
  EXPECT_DOUBLE_EQ(*tea.cv, 0.0);
  EXPECT_DOUBLE_EQ(tea.share, 0.9);
  EXPECT_EQ(rice.sku, "RICE-5");
  EXPECT_EQ((std::string{rice.abc, rice.xyz}), "BZ");  // 90% before it; sold in one week of three
  EXPECT_DOUBLE_EQ(*rice.cv, std::sqrt(3.0));
  EXPECT_EQ(cup.sku, "CUP-S");
  EXPECT_EQ((std::string{cup.abc, cup.xyz}), "CZ");
  EXPECT_FALSE(cup.cv.has_value());
  f.a_share = 0.95;  // 90% before it: under 95%, A
  f.b_share = 0.05;
  ASSERT_TRUE(abc_xyz(q(), f, zone_).is_ok());
  EXPECT_EQ(abc_xyz(q(), f, zone_)->rows[1].abc, 'A');
  f.a_share = 0.8;  // not under 85%: C
  EXPECT_EQ(abc_xyz(q(), f, zone_)->rows[1].abc, 'C');
  f.b_share = 0.3;
  EXPECT_EQ(abc_xyz(q(), f, zone_).status().code(), Errc::invalid_argument);
  f.b_share = 0.15;
  f.last = first + 12;
  EXPECT_EQ(abc_xyz(q(), f, zone_).status().code(), Errc::invalid_argument);
}

TEST_F(Analysis, AbcSeesStockThatStaysPutThroughAClosedMonthAndWhatIsNotFoldedYet) {
  // CUP-S is received and stays put; TEA-500 sells through the period;
  // RICE-5 is received and stays put until an issue of all of it is posted,
  // dated before the period, beside a receipt of MILK-1 dated the same: both
  // after the months were closed, and not folded yet when the report reads.
  const TimeMs start = clock_.now_ms();
  EngineTuning all = tuned(0);
  all.external_poll_ms = 10;
  reopen(all);
  for (const char* sku : {"CUP-S", "TEA-500", "RICE-5"})
    ASSERT_TRUE(engine_->post(receipt_into("A-01", sku, 50)).is_ok());
  auto sale = [&](const char* sku, Qty qty) {
    DocumentRequest r;
    r.type = DocType::issue;
    r.source = "test";
    r.from = "A-01";
    r.lines = {line(sku, qty)};
    return r;
  };
  for (int week = 0; week < 10; ++week) {
    clock_.advance(std::chrono::hours(24 * 7));
    ASSERT_TRUE(engine_->post(sale("TEA-500", 2)).is_ok());
  }
  ASSERT_TRUE(wait_months_closed());
  const DayNumber first = local_day(start, zone_) + 20, last = local_day(clock_.now_ms(), zone_);
  ASSERT_GE(*q().db().query_int("SELECT months_through FROM stock_stamp"), first);  // a closed month within
  auto classified = [&] {
    AbcFilter f;
    f.first = first;
    f.last = last;
    auto r = abc_xyz(q(), f, zone_);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    std::vector<std::string> skus;
    if (r.is_ok())
      for (const auto& row : r->rows) skus.push_back(row.sku);
    std::sort(skus.begin(), skus.end());
    return skus;
  };
  EXPECT_EQ(classified(), (std::vector<std::string>{"CUP-S", "RICE-5", "TEA-500"}));
  expect_analysis_agrees(format_day(first), format_day(last));
  check_with_python();

  reopen(tuned(24 * 3600 * 1000));  // the clock stands still: nothing is folded from here
  DocumentRequest milk = receipt_into("A-02", "MILK-1", 4);
  milk.lines[0].lot = "L1";
  milk.occurred_at = start + 10 * 24 * kHour;
  auto milk_posted = engine_->post(milk);
  ASSERT_TRUE(milk_posted.is_ok()) << milk_posted.status().to_string();
  DocumentRequest rice = sale("RICE-5", 50);
  rice.occurred_at = start + 10 * 24 * kHour;
  ASSERT_TRUE(engine_->post(rice).is_ok());
  ASSERT_LT(*q().db().query_int("SELECT days_through FROM stock_stamp"),
            *q().db().query_int("SELECT max(id) FROM movements"));
  EXPECT_EQ(classified(), (std::vector<std::string>{"CUP-S", "MILK-1", "TEA-500"}));
  // The milk is as old as the ageing's last bound: in the bucket it closes.
  const DayNumber arrived = local_day(milk.occurred_at, zone_);
  ASSERT_EQ(last - arrived, 60);
  AgeingFilter a;
  a.day = last;
  a.bounds = {7, 30, 60};
  auto aged = stock_ageing(q(), a, zone_);
  ASSERT_TRUE(aged.is_ok()) << aged.status().to_string();
  const auto milk_row = std::find_if(aged->begin(), aged->end(), [](const AgeingRow& r) { return r.sku == "MILK-1"; });
  ASSERT_NE(milk_row, aged->end());
  EXPECT_EQ(milk_row->buckets[2].qty, 4);
  EXPECT_EQ(milk_row->buckets[3].qty, 0);
  EXPECT_EQ(milk_row->oldest_arrival, arrived);
  expect_analysis_agrees(format_day(first), format_day(last));
  check_with_python();
}

TEST_F(Analysis, ReversedIssuesAndReturnsAreNotGoodsIssued) {
  // TEA-500 sells 10 and 4, the 4 reversed; CUP-S goes to production and
  // back by a reversal; RICE-5 sells 5, of which 2 come back on a customer
  // return that is then reversed itself.
  const DayNumber first = local_day(clock_.now_ms(), zone_);
  for (const auto& [sku, cost] : {std::pair{"TEA-500", 90000}, {"RICE-5", 30000}, {"CUP-S", 10000}}) {
    DocumentRequest r = receipt_into("A-01", sku, 100);
    r.lines[0].unit_cost = cost;
    ASSERT_TRUE(engine_->post(r).is_ok());
  }
  auto out = [&](DocType type, const char* sku, Qty qty) {
    clock_.advance(std::chrono::hours(24));
    DocumentRequest r;
    r.type = type;
    r.source = "test";
    r.from = "A-01";
    r.cost_centre = type == DocType::production_issue ? "CANTEEN" : "";
    r.lines = {line(sku, qty)};
    auto posted = engine_->post(r);
    EXPECT_TRUE(posted.is_ok()) << posted.status().to_string();
    return posted.is_ok() ? posted->number : std::string();
  };
  auto undo = [&](const std::string& number) {
    clock_.advance(std::chrono::hours(24));
    auto undone = engine_->reverse(number, "posted by mistake", "test");
    EXPECT_TRUE(undone.is_ok()) << undone.status().to_string();
  };
  out(DocType::issue, "TEA-500", 10);
  undo(out(DocType::issue, "TEA-500", 4));
  undo(out(DocType::production_issue, "CUP-S", 6));
  const std::string sold = out(DocType::issue, "RICE-5", 5);
  DocumentRequest back;
  back.type = DocType::customer_return;
  back.to = "A-01";
  back.reason = "wrong size";
  back.source = "test";
  back.ref_document = sold;
  back.lines = {line("RICE-5", 2)};
  back.lines[0].ref_line = 1;
  back.lines[0].disposition = Disposition::restock;
  auto returned = engine_->post(back);
  ASSERT_TRUE(returned.is_ok()) << returned.status().to_string();
  undo(returned->number);
  clock_.advance(std::chrono::hours(24 * 14));
  const DayNumber last = first + 20;

  TurnoverFilter t;
  t.first = first;
  t.last = last;
  auto turned = turnover(q(), t, zone_);
  ASSERT_TRUE(turned.is_ok()) << turned.status().to_string();
  std::map<std::string, Amount> issued;
  for (const auto& r : turned->rows) issued[r.sku] = r.issued;
  EXPECT_EQ(issued["TEA-500"].qty, 10);
  EXPECT_EQ(issued["TEA-500"].value, 10 * 90000);
  EXPECT_EQ(issued["CUP-S"].qty, 0);
  EXPECT_EQ(issued["CUP-S"].value, 0);
  EXPECT_EQ(issued["RICE-5"].qty, 5);
  EXPECT_EQ(issued["RICE-5"].value, 5 * 30000);
  EXPECT_EQ(turned->issued_value, 10 * 90000 + 5 * 30000);

  AbcFilter a;
  a.first = first;
  a.last = last;
  auto classes = abc_xyz(q(), a, zone_);
  ASSERT_TRUE(classes.is_ok()) << classes.status().to_string();
  ASSERT_EQ(classes->rows.size(), 3u);
  EXPECT_EQ(classes->rows[0].sku, "TEA-500");
  EXPECT_EQ(classes->rows[0].issued.qty, 10);
  EXPECT_EQ(classes->rows[1].sku, "RICE-5");
  EXPECT_EQ(classes->rows[1].issued.qty, 5);
  EXPECT_EQ(classes->rows[2].sku, "CUP-S");
  EXPECT_EQ(classes->rows[2].issued.qty, 0);
  EXPECT_EQ(std::accumulate(classes->rows[2].weeks.begin(), classes->rows[2].weeks.end(), Qty{0}), 0);
  EXPECT_EQ(classes->issued_value, 10 * 90000 + 5 * 30000);

  expect_analysis_agrees(format_day(first), format_day(last));
  expect_analysis_agrees(format_day(first + 3), format_day(last), "W1");
  check_with_python();
}

}  // namespace
}  // namespace jxc::inventory::testing
