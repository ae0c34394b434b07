// The store check's request for more start-up time: none for the stores a
// start timeout of 60 s covers, enough for a slow card above that.
#include "edge/service/store_check.h"

#include <gtest/gtest.h>

namespace jxc::service {
namespace {

constexpr std::uintmax_t kMiB = 1u << 20;

TEST(QuickCheckAllowance, NoneWhileTheStartTimeoutCoversTheCheck) {
  EXPECT_EQ(quick_check_allowance(0).count(), 0);
  EXPECT_EQ(quick_check_allowance(99 * kMiB).count(), 0);
}

TEST(QuickCheckAllowance, ALargeStoreGetsItsReadTimeAtTenMiBPerSecondAndAMargin) {
  EXPECT_EQ(quick_check_allowance(100 * kMiB).count(), 10 + 60);
  EXPECT_EQ(quick_check_allowance(std::uintmax_t{20} * 1024 * kMiB).count(), 2048 + 60);  // 20 GiB
}

}  // namespace
}  // namespace jxc::service
