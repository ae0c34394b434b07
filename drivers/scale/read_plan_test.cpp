#include "drivers/scale/read_plan.h"

#include <gtest/gtest.h>

namespace jxc::scale {
namespace {

PolledSlot slot(int base, RegisterKind kind = RegisterKind::holding) {
  PolledSlot p;
  p.channel_base = base;
  p.map.kind = kind;
  p.map.type = ValueType::int32;
  p.map.status_offset = 2;  // three registers per channel
  return p;
}

TEST(ReadPlan, NeighbouringChannelsAreOneRequest) {
  std::vector<PolledSlot> slots = {slot(8), slot(0), slot(4)};
  auto plan = plan_reads(slots, {0, 1, 2});
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].address, 0);
  EXPECT_EQ(plan[0].count, 11);
  ASSERT_EQ(plan[0].parts.size(), 3u);
  EXPECT_EQ(plan[0].parts[0].slot, 1u);
  EXPECT_EQ(plan[0].parts[2].offset, 8);
}

TEST(ReadPlan, SplitsByKindAndReach) {
  std::vector<PolledSlot> slots = {slot(0), slot(200), slot(0, RegisterKind::input)};
  auto plan = plan_reads(slots, {0, 1, 2});
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].address, 0);
  EXPECT_EQ(plan[1].address, 200);
  EXPECT_EQ(plan[2].kind, RegisterKind::input);
  for (const auto& r : plan) EXPECT_LE(r.count, kMaxRegistersPerRequest);
}

}  // namespace
}  // namespace jxc::scale
