// The count variance rule as a table: each line's variance against the tolerance.
#include <gtest/gtest.h>

#include "edge/alerts/rules/count_variance.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kNow = 1'764'000'000'000;

TEST(CountVarianceRule, LinesBeyondTheTolerance) {
  struct Case {
    inventory::Qty book, counted;
    bool alert;
  };
  const std::vector<Case> cases = {
      {50, 45, true},   // -5
      {50, 52, false},  // +2: at the tolerance
      {50, 48, false},  // -2
      {50, 53, true},   // +3
      {50, 50, false},
  };
  for (const auto& c : cases) {
    inventory::CountReport r;
    r.number = "CNT-7";
    inventory::CountLine l;
    l.location = "A-01";
    l.sku = "TEA-500";
    l.lot = "L1";
    l.book = c.book;
    l.counted = c.counted;
    l.variance = c.counted - c.book;
    r.lines.push_back(l);
    auto out = count_variance_alerts(r, 2, kNow);
    ASSERT_EQ(out.size(), c.alert ? 1u : 0u) << c.counted;
    if (!c.alert) continue;
    const Alert& a = out[0];
    EXPECT_EQ(a.key, (Key{Kind::count_variance, "TEA-500", "A-01", "L1", "CNT-7"}));
    EXPECT_EQ(a.qty, l.variance);
    EXPECT_EQ(a.threshold, 2);
    EXPECT_EQ(a.detail, "count CNT-7: counted " + std::to_string(c.counted) + ", book 50 (variance " +
                            std::to_string(l.variance) + ")");
  }
}

}  // namespace
}  // namespace jxc::alerts
