#include "edge/export/decimal.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace jxc::exporting {
namespace {

TEST(DecimalText, IsWrittenDigitByDigitFromTheUnits) {
  EXPECT_EQ(to_string({12345, 2}), "123.45");
  EXPECT_EQ(to_string({-5, 1}), "-0.5");
  EXPECT_EQ(to_string({1, 4}), "0.0001");
  EXPECT_EQ(to_string({-1, 4}), "-0.0001");
  EXPECT_EQ(to_string({7, 0}), "7");
  EXPECT_EQ(to_string({-7, 0}), "-7");
}

TEST(DecimalText, KeepsTrailingZerosToTheScale) {
  EXPECT_EQ(to_string({150, 2}), "1.50");
  EXPECT_EQ(to_string({1250, 3}), "1.250");
  EXPECT_EQ(to_string({1000000, 4}), "100.0000");
  EXPECT_EQ(to_string({0, 2}), "0.00");
  EXPECT_EQ(to_string({0, 0}), "0");
}

TEST(DecimalText, HandlesTheExtremesOfAnInt64) {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(to_string({kMin, 4}), "-922337203685477.5808");
  EXPECT_EQ(to_string({kMax, 18}), "9.223372036854775807");
  EXPECT_EQ(to_string({kMax, 19}), "0.9223372036854775807");
  EXPECT_EQ(to_string({1, 20}), "0.00000000000000000001");
}

TEST(DecimalText, ANegativeScaleMultiplies) {
  EXPECT_EQ(to_string({5, -2}), "500");
  EXPECT_EQ(to_string({-5, -1}), "-50");
  EXPECT_EQ(to_string({0, -3}), "0");
}

TEST(DecimalDouble, IsTheNearestDouble) {
  EXPECT_EQ(to_double({12345, 2}), 123.45);
  EXPECT_EQ(to_double({-5, 1}), -0.5);
  EXPECT_EQ(to_double({1, 4}), 0.0001);
  EXPECT_EQ(to_double({3, 1}), 0.3);  // 3 * 0.1 is 0.30000000000000004; 3 / 10 rounds once
  EXPECT_EQ(to_double({123456789, 4}), 12345.6789);
  EXPECT_EQ(to_double({5, -2}), 500.0);
  EXPECT_DOUBLE_EQ(to_double({1, 30}), 1e-30);  // 10^30 is not exact: within a rounding or two
}

}  // namespace
}  // namespace jxc::exporting
