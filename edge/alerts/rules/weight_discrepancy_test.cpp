// The weight discrepancy rule: every open discrepancy is one condition.
#include <gtest/gtest.h>

#include "edge/alerts/rules/weight_discrepancy.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kNow = 1'764'000'000'000;

TEST(WeightDiscrepancyRule, OneConditionPerOpenDiscrepancy) {
  struct Case {
    std::int64_t id;
    const char* slot;
    inventory::Qty book, weighed;
    const char* subject;
    const char* detail;
  };
  const std::vector<Case> cases = {
      {4, "A-01-left", 50, 47, "shelf A-01-left #4", "shelf A-01-left weighs 47 units, the books say 50 (discrepancy #4)"},
      {9, "A-01-right", 3, 8, "shelf A-01-right #9", "shelf A-01-right weighs 8 units, the books say 3 (discrepancy #9)"},
  };
  std::vector<weight::Discrepancy> open;
  for (const auto& c : cases) {
    weight::Discrepancy d;
    d.id = c.id;
    d.slot = c.slot;
    d.sku = "TEA-500";
    d.bin = "A-01";
    d.book = c.book;
    d.weighed = c.weighed;
    d.state = "open";
    open.push_back(d);
  }
  auto out = weight_discrepancy_conditions(open, kNow);
  ASSERT_EQ(out.size(), cases.size());
  for (const auto& c : cases) {
    const Key k{Kind::weight_discrepancy, "TEA-500", "A-01", "", c.subject};
    auto it = out.find(k.text());
    ASSERT_NE(it, out.end()) << c.subject;
    EXPECT_EQ(it->second.qty, c.weighed);
    EXPECT_EQ(it->second.threshold, c.book);
    EXPECT_EQ(it->second.detail, c.detail);
  }
  EXPECT_TRUE(weight_discrepancy_conditions({}, kNow).empty());
}

}  // namespace
}  // namespace jxc::alerts
