// The stock rules' margin and alert text as tables (no store).
#include <gtest/gtest.h>

#include "edge/alerts/stock_rules.h"

namespace jxc::alerts {
namespace {

TEST(StockRules, MarginIsAShareOfTheThresholdAtLeastOneUnit) {
  struct Case {
    Qty threshold;
    double pct;
    Qty margin;
  };
  for (const auto& c : std::vector<Case>{{10, 10, 1}, {100, 10, 10}, {15, 10, 2}, {3, 10, 1}, {0, 10, 1},
                                         {200, 5, 10}})
    EXPECT_EQ(hysteresis_margin(c.threshold, c.pct), c.margin) << c.threshold << " at " << c.pct << " %";
}

TEST(StockRules, TheTextOfARaisedTransition) {
  struct Case {
    Kind kind;
    Qty qty, threshold, suggested;
    const char* detail;
  };
  const std::vector<Case> cases = {
      {Kind::low_stock, 5, 10, 95, "available 5 (on hand 50, reserved 45) is below min 10; order 95"},
      {Kind::stockout, 0, 0, 100, "nothing available (on hand 50, reserved 45); order 100"},
      {Kind::overstock, 120, 100, 0, "on hand 120 is above max 100"},
  };
  for (const auto& c : cases) {
    Transition t;
    t.kind = c.kind;
    t.qty = c.qty;
    t.threshold = c.threshold;
    t.suggested = c.suggested;
    EXPECT_EQ(stock_detail(t, 50, 45), c.detail) << to_string(c.kind);
  }
}

}  // namespace
}  // namespace jxc::alerts
