// The slow-moving rule as a table: last move against the cutoff.
#include <gtest/gtest.h>

#include "edge/alerts/rules/slow_moving.h"
#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kNow = 1'764'000'000'000;

TEST(SlowMovingRule, StockNotMovedSinceTheCutoff) {
  struct Case {
    const char* name;
    inventory::Qty on_hand;
    std::optional<TimeMs> last;
    bool slow;
    const char* detail;
  };
  const std::vector<Case> cases = {
      {"31 days idle", 20, kNow - 31 * kDayMs, true, "20 on hand, no issue for 31 days"},
      {"just past 30 days", 3, kNow - 30 * kDayMs - 1, true, "3 on hand, no issue for 30 days"},
      {"exactly 30 days", 3, kNow - 30 * kDayMs, false, ""},
      {"moved yesterday", 20, kNow - kDayMs, false, ""},
      {"nothing on hand", 0, kNow - 90 * kDayMs, false, ""},
      {"never moved", 5, std::nullopt, false, ""},
  };
  for (const auto& c : cases) {
    auto out = slow_moving_conditions({{"RICE-5", "A-02", c.on_hand, c.last}}, kNow, 30);
    ASSERT_EQ(out.size(), c.slow ? 1u : 0u) << c.name;
    if (!c.slow) continue;
    const Alert& a = out.begin()->second;
    EXPECT_EQ(a.key.kind, Kind::slow_moving);
    EXPECT_EQ(a.key.item, "RICE-5");
    EXPECT_EQ(a.qty, c.on_hand);
    EXPECT_EQ(a.threshold, 30);
    EXPECT_EQ(a.detail, c.detail) << c.name;
  }
}

TEST(SlowMovingRule, FullSearchAtMostHourly) {
  struct Case {
    TimeMs last_search;
    bool due;
  };
  for (const auto& c : std::vector<Case>{{-1, true},
                                         {kNow - kHourMs, true},
                                         {kNow - kHourMs + 1, false},
                                         {kNow, false}})
    EXPECT_EQ(slow_moving_search_due(kNow, c.last_search), c.due) << c.last_search;
  EXPECT_EQ(slow_moving_cutoff(kNow, 30), kNow - 30 * kDayMs);
}

}  // namespace
}  // namespace jxc::alerts
