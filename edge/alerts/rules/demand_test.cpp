// Daily demand per item from the issues of the history window, as tables.
#include <gtest/gtest.h>

#include "edge/alerts/rules/demand.h"
#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kNow = 1'764'000'000'000;  // 2025-11-24T16:00:00Z

TEST(DemandRule, WindowOfWholeDaysEndingAtTheStartOfToday) {
  DemandWindow w = demand_window(kNow, 7);
  EXPECT_EQ(w.to, kNow - 16 * kHourMs);
  EXPECT_EQ(w.from, w.to - 7 * kDayMs);
  struct Case {
    TimeMs computed_at;
    bool due;
  };
  for (const auto& c : std::vector<Case>{{-1, true}, {kNow - kDayMs, true}, {w.to, false}, {kNow, false}})
    EXPECT_EQ(demand_due(kNow, c.computed_at), c.due) << c.computed_at;
}

TEST(DemandRule, DaysWithoutIssuesCountAsZero) {
  // Item 1: 5, 9, 16, 11, 15, 8, 13 (mean 11, σ 3.958); item 2: 7 on one day of 7.
  std::vector<inventory::DailyIssue> issues;
  const std::vector<std::int64_t> week = {5, 9, 16, 11, 15, 8, 13};
  for (std::size_t d = 0; d < week.size(); ++d) issues.push_back({1, static_cast<std::int64_t>(d), week[d]});
  issues.push_back({2, 3, 7});
  issues.push_back({2, 9, 100});  // outside the window: ignored
  auto by_item = demand_by_item(issues, 7);
  struct Case {
    std::int64_t item;
    double mean, sigma;
  };
  for (const auto& c : std::vector<Case>{{1, 11.0, 3.958}, {2, 1.0, 2.6458}}) {
    ASSERT_TRUE(by_item.count(c.item)) << c.item;
    EXPECT_NEAR(by_item[c.item].mean, c.mean, 1e-9) << c.item;
    EXPECT_NEAR(by_item[c.item].sigma, c.sigma, 1e-3) << c.item;
    EXPECT_EQ(by_item[c.item].days, 7);
  }
  EXPECT_FALSE(by_item.count(3));
}

}  // namespace
}  // namespace jxc::alerts
