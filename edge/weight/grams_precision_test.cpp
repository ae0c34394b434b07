#include "edge/weight/grams_precision.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace jxc::weight {
namespace {

std::string printed(double g) { return nlohmann::json(g).dump(); }

TEST(GramsPrecision, AFloatRegisterKeepsSevenSignificantDigits) {
  const double kg = static_cast<double>(1.71f);  // what a float32 register holds
  EXPECT_EQ(printed(kg * 1000), "1710.0000381469727");
  EXPECT_EQ(printed(at_scale_precision(kg * 1000, 0)), "1710.0");
  EXPECT_EQ(printed(at_scale_precision(static_cast<double>(0.3f), 0)), "0.3");
  EXPECT_EQ(printed(at_scale_precision(static_cast<double>(123456.7f), 0)), "123456.7");
  EXPECT_EQ(printed(at_scale_precision(-static_cast<double>(2.5f) * 1000, 0)), "-2500.0");
}

TEST(GramsPrecision, AnIntegerRegisterResolvesItsStep) {
  EXPECT_EQ(printed(at_scale_precision(3 * 0.1, 0.1)), "0.3");  // 0.30000000000000004 before
  EXPECT_EQ(printed(at_scale_precision(12345 * 0.1, 0.1)), "1234.5");
  EXPECT_EQ(printed(at_scale_precision(1234.56, 0.25)), "1234.5");
  EXPECT_EQ(printed(at_scale_precision(1712.0, 5)), "1710.0");
  EXPECT_EQ(at_scale_precision(0, 0.1), 0);
}

}  // namespace
}  // namespace jxc::weight
