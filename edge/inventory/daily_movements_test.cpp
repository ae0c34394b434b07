// Movements per day on a real store: counted on the site's calendar day
// they occurred (not UTC's), in, out and inside the warehouse apart, with
// their values, every day present, and nothing older than the days asked.
#include "edge/inventory/daily_movements.h"

#include <gtest/gtest.h>

#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

constexpr TimeMs kHour = 3600 * 1000;

class DailyMovements : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    auto zone = TimeZone::named("Asia/Shanghai");
    ASSERT_TRUE(zone.is_ok()) << zone.status().to_string();
    shanghai_ = *zone;
  }
  void post_at(DocumentRequest req, TimeMs at) {
    req.source = "test";
    req.occurred_at = at;
    auto r = engine_->post(std::move(req));
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  }
  std::vector<DayMovements> days(int n) {
    auto r = daily_movements(q(), n, clock_.now_ms(), shanghai_);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : std::vector<DayMovements>{};
  }
  TimeZone shanghai_;
};

TEST_F(DailyMovements, CountsEachMovementOnTheSitesDayWithItsValue) {
  // 2026-12-06 17:30 UTC is 2026-12-07 01:30 in Shanghai.
  clock_.set(1'796'578'200'000);  // 2026-12-06T17:30:00Z
  const TimeMs now = clock_.now_ms();
  DocumentRequest in = receipt_into("A-01", "CUP-S", 10);
  in.lines.back().unit_cost = 20000;  // 2 yuan each
  post_at(in, now - 1 * kHour);        // 12-07 00:30 local: today
  DocumentRequest earlier = receipt_into("A-02", "CUP-S", 5);
  earlier.lines.back().unit_cost = 20000;  // the average stays 2 yuan
  post_at(earlier, now - 2 * kHour);  // 12-06 23:30 local: yesterday
  DocumentRequest out;
  out.type = DocType::issue;
  out.from = "A-01";
  out.lines = {line("CUP-S", 4)};
  post_at(out, now - 30 * 60 * 1000);
  DocumentRequest move;
  move.type = DocType::transfer;
  move.from = "A-01";
  move.to = "A-03";
  move.lines = {line("CUP-S", 1)};
  post_at(move, now - 10 * 60 * 1000);

  auto d = days(3);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].date, "2026-12-05");
  EXPECT_EQ(d[1].date, "2026-12-06");
  EXPECT_EQ(d[2].date, "2026-12-07");
  EXPECT_EQ(d[0].in + d[0].out + d[0].internal, 0);
  EXPECT_EQ(d[1].in, 1);
  EXPECT_EQ(d[1].out, 0);
  EXPECT_EQ(d[2].in, 1);
  EXPECT_EQ(d[2].value_in, 10 * 20000);
  EXPECT_EQ(d[2].out, 1);
  EXPECT_EQ(d[2].value_out, 4 * 20000);
  EXPECT_EQ(d[2].internal, 1);
}

TEST_F(DailyMovements, LeavesOutWhatOccurredBeforeTheFirstDay) {
  clock_.set(1'796'578'200'000);
  post_at(receipt_into("A-01", "CUP-S", 7), clock_.now_ms() - 5 * 24 * kHour);
  post_at(receipt_into("A-01", "CUP-S", 3), clock_.now_ms());
  auto d = days(2);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].in + d[1].in, 1) << "the receipt back-dated five days is not in the last two";
  EXPECT_EQ(days(7).front().in + days(7)[1].in + days(7)[2].in, 1) << "it is in the last seven";
}

}  // namespace
}  // namespace jxc::inventory::testing
