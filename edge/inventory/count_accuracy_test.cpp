// Count accuracy against the independent recomputation
// (tests/reports/recompute_counts.py) on months of random documents with
// counts among them: movements during counts, recounts by someone else,
// uncounted bins approved by force, counters named through different
// channels; and a hand-made count whose figures are known.
#include <gtest/gtest.h>

#include "edge/inventory/count_accuracy.h"
#include "edge/inventory/reports_test_fixture.h"

namespace jxc::inventory::testing {
namespace {

json tally_json(const AccuracyTally& t) {
  return {{"counts", t.counts}, {"bins", t.bins},          {"lines", t.lines}, {"exact", t.exact},
          {"within", t.within_tolerance}, {"gain", t.gain_value}, {"loss", t.loss_value}};
}

class Accuracy : public Reports {
 protected:
  /// A count of random zones: each bin counted by one of three people (one
  /// of them through two channels) as the books have it give or take two
  /// units, some bins recounted, some never counted, approved by force.
  void random_count(std::mt19937& rng) {
    const std::vector<std::vector<std::string>> scopes = {{"A"}, {"SHIP", "W2"}, {"A", "SHIP"}, {"W1"}};
    const std::vector<std::string> counters = {"user:li", "li", "wang", "cli:zhao"};
    CountOpen open;
    open.locations = scopes[rng() % scopes.size()];
    open.tolerance_qty = static_cast<Qty>(rng() % 3);
    open.opened_by = "manager";
    if (rng() % 4 == 0) open.items = {"TEA-500", "MILK-1"};
    auto c = engine_->open_count(open);
    ASSERT_TRUE(c.is_ok()) << c.status().to_string();
    auto bins = q().count_scope(c->number);
    ASSERT_TRUE(bins.is_ok());
    for (const std::string& bin : *bins) {
      if (rng() % 6 == 0) continue;  // never counted
      random_documents(1, static_cast<unsigned>(rng()));
      for (int round = 0, rounds = rng() % 4 == 0 ? 2 : 1; round < rounds; ++round) {
        CountEntry e;
        e.count = c->number;
        e.location = bin;
        e.counter = counters[rng() % counters.size()];
        StockFilter f;
        f.location = bin;
        auto stock = q().stock(f);
        ASSERT_TRUE(stock.is_ok());
        for (const Balance& b : *stock) {
          if (!open.items.empty() && b.sku != "TEA-500" && b.sku != "MILK-1") continue;
          const Qty found = std::max<Qty>(0, b.qty + static_cast<Qty>(rng() % 5) - 2);
          if (found > 0) e.lines.push_back(line(b.sku, found, b.lot));
        }
        if (rng() % 5 == 0) e.lines.push_back(line("TEA-500", 1 + static_cast<Qty>(rng() % 3)));
        auto r = engine_->record_count(e);
        ASSERT_TRUE(r.is_ok()) << r.status().to_string();
      }
    }
    clock_.advance(std::chrono::milliseconds(static_cast<TimeMs>(1 + rng() % 20) * kHour));
    auto a = engine_->approve_count(c->number, "boss", /*force=*/true);
    ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  }

  void expect_accuracy_agrees(const std::string& first, const std::string& last, const std::string& location = "",
                              const std::string& counter = "") {
    for (AccuracyBy by : {AccuracyBy::count, AccuracyBy::month, AccuracyBy::zone, AccuracyBy::counter}) {
      AccuracyFilter f;
      f.first = *parse_day(first);
      f.last = *parse_day(last);
      f.by = by;
      f.location = location;
      f.counter = counter;
      auto mine = count_accuracy(q(), f, zone_);
      ASSERT_TRUE(mine.is_ok()) << mine.status().to_string();
      json rows = json::array();
      for (const AccuracyRow& r : mine->rows) {
        json row = {{"key", r.key}, {"name", r.name}, {"tally", tally_json(r.tally)}};
        if (by == AccuracyBy::count) {
          row["approved_by"] = r.approved_by;
          row["counters"] = r.counters;
          row["tolerance"] = r.tolerance;
        }
        rows.push_back(row);
      }
      queries_.push_back({"accuracy", first, last, std::string(to_string(by)), location, counter});
      answers_.push_back({{"rows", rows}, {"total", tally_json(mine->total)}});
    }
  }
};

TEST_F(Accuracy, AgreesWithARecomputationFromTheRawCountRows) {
  const TimeMs start = clock_.now_ms();
  std::mt19937 rng(31);
  for (int i = 0; i < 12; ++i) {
    random_documents(40, 100 + static_cast<unsigned>(i));
    random_count(rng);
    if (HasFatalFailure()) return;
  }
  const TimeMs end = clock_.now_ms();
  ASSERT_EQ(*q().db().query_int("SELECT count(*) FROM documents WHERE type='count' AND state='posted'"), 12);
  // The mix has what the report must get right.
  ASSERT_GT(*q().db().query_int("SELECT count(*) FROM count_rounds WHERE round > 1"), 0);
  ASSERT_GT(*q().db().query_int("SELECT count(*) FROM movements m JOIN documents d ON d.id = m.doc_id "
                                "WHERE d.type = 'count'"),
            10);
  const std::string a = day_of(start), b = day_of(end), mid = day_of(start + (end - start) / 2);
  expect_accuracy_agrees(a, b);
  expect_accuracy_agrees(mid, b);
  expect_accuracy_agrees(a, b, "A");
  expect_accuracy_agrees(a, b, "", "li");
  expect_accuracy_agrees(b, b);
  check_with_python();

  AccuracyFilter f;
  f.first = *parse_day(a);
  f.last = *parse_day(b);
  f.by = AccuracyBy::counter;
  auto by_counter = count_accuracy(q(), f, zone_);
  ASSERT_TRUE(by_counter.is_ok());
  std::vector<std::string> people;
  for (const auto& r : by_counter->rows) people.push_back(r.key);
  EXPECT_EQ(people, (std::vector<std::string>{"li", "wang", "zhao"}));  // "user:li" and "li" are one person
  EXPECT_EQ(by_counter->total.counts, 12);
}

TEST_F(Accuracy, CountsLinesExactAndWithinToleranceAndTheValuesBooked) {
  auto costed = [](const std::string& bin, const std::string& sku, Qty qty, Money unit_cost) {
    DocumentRequest r = receipt_into(bin, sku, qty);
    r.lines[0].unit_cost = unit_cost;
    return r;
  };
  ASSERT_TRUE(engine_->post(costed("A-01", "TEA-500", 10, 2'0000)).is_ok());
  ASSERT_TRUE(engine_->post(costed("A-02", "RICE-5", 5, 3'0000)).is_ok());
  ASSERT_TRUE(engine_->post(costed("SHIP-1", "CUP-S", 4, 1'0000)).is_ok());
  CountOpen open;
  open.locations = {"A", "SHIP"};
  open.tolerance_qty = 1;
  open.opened_by = "manager";
  auto c = engine_->open_count(open);
  ASSERT_TRUE(c.is_ok());
  auto enter = [&](const std::string& bin, std::vector<DocLine> lines, const std::string& who) {
    CountEntry e;
    e.count = c->number;
    e.location = bin;
    e.counter = who;
    e.lines = std::move(lines);
    return engine_->record_count(e).status();
  };
  ASSERT_TRUE(enter("A-01", {line("TEA-500", 9)}, "user:li").is_ok());                       // -1: within
  ASSERT_TRUE(enter("A-02", {line("RICE-5", 5), line("CUP-S", 3)}, "wang").is_ok());           // exact; +3
  ASSERT_TRUE(enter("SHIP-1", {line("CUP-S", 4)}, "wang").is_ok());                          // exact
  ASSERT_TRUE(enter("A-03", {}, "li").is_ok());                                              // empty, no line
  ASSERT_TRUE(engine_->approve_count(c->number, "boss", true).is_ok());

  AccuracyFilter f;
  f.first = f.last = local_day(clock_.now_ms(), zone_);
  auto rep = count_accuracy(q(), f, zone_);
  ASSERT_TRUE(rep.is_ok()) << rep.status().to_string();
  ASSERT_EQ(rep->rows.size(), 1U);
  const AccuracyRow& r = rep->rows[0];
  EXPECT_EQ(r.key, c->number);
  EXPECT_EQ(r.approved_by, "boss");
  EXPECT_EQ(r.counters, (std::vector<std::string>{"li", "wang"}));
  EXPECT_EQ(r.tally.bins, 4);
  EXPECT_EQ(r.tally.lines, 4);
  EXPECT_EQ(r.tally.exact, 2);
  EXPECT_EQ(r.tally.within_tolerance, 3);
  EXPECT_EQ(r.tally.loss_value, 2'0000);
  EXPECT_EQ(r.tally.gain_value, 3 * 1'0000);  // the cups found are valued at the item's average
  EXPECT_DOUBLE_EQ(*r.tally.accuracy(), 0.5);
  EXPECT_DOUBLE_EQ(*r.tally.tolerance_accuracy(), 0.75);

  f.by = AccuracyBy::zone;
  rep = count_accuracy(q(), f, zone_);
  ASSERT_TRUE(rep.is_ok());
  ASSERT_EQ(rep->rows.size(), 2U);
  EXPECT_EQ(rep->rows[0].key, "A");
  EXPECT_EQ(rep->rows[0].tally.lines, 3);
  EXPECT_EQ(rep->rows[0].tally.bins, 3);
  EXPECT_EQ(rep->rows[1].key, "SHIP");
  EXPECT_EQ(rep->rows[1].tally.exact, 1);
  EXPECT_EQ(rep->rows[1].tally.counts, 1);

  f.by = AccuracyBy::counter;
  f.counter = "li";
  rep = count_accuracy(q(), f, zone_);
  ASSERT_TRUE(rep.is_ok());
  ASSERT_EQ(rep->rows.size(), 1U);
  EXPECT_EQ(rep->rows[0].tally.bins, 2);
  EXPECT_EQ(rep->rows[0].tally.lines, 1);
  EXPECT_EQ(rep->total.lines, 1);

  // A day without approvals has no rows; a period that ends first is refused.
  f = {};
  f.first = f.last = local_day(clock_.now_ms(), zone_) - 1;
  rep = count_accuracy(q(), f, zone_);
  ASSERT_TRUE(rep.is_ok());
  EXPECT_TRUE(rep->rows.empty());
  f.last = f.first - 1;
  EXPECT_EQ(count_accuracy(q(), f, zone_).status().code(), Errc::invalid_argument);
}

}  // namespace
}  // namespace jxc::inventory::testing
