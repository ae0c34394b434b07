// Decimal text to exact smallest units and back, and pack units to base
// units: the one conversion every input and output of a quantity goes through.
#include "edge/inventory/quantity.h"

#include <gtest/gtest.h>

#include <limits>

namespace jxc::inventory {
namespace {

TEST(Quantity, DecimalTextBecomesExactSmallestUnits) {
  EXPECT_EQ(*parse_decimal("12", 0), 12);
  EXPECT_EQ(*parse_decimal("1.25", 3), 1250);
  EXPECT_EQ(*parse_decimal("1.250", 3), 1250);
  EXPECT_EQ(*parse_decimal("0.001", 3), 1);
  EXPECT_EQ(*parse_decimal(".5", 1), 5);
  EXPECT_EQ(*parse_decimal("-2.5", 2), -250);
  EXPECT_EQ(*parse_decimal("+7", 2), 700);
  // Zeros past the precision lose nothing; other digits are refused, never rounded.
  EXPECT_EQ(*parse_decimal("2.000", 0), 2);
  EXPECT_EQ(*parse_decimal("9223372036854775807", 0), std::numeric_limits<Qty>::max());
}

TEST(Quantity, MoreDecimalsThanTheUnitHasAreRefusedWithTheReason) {
  auto r = parse_decimal("1.2345", 3);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Errc::invalid_argument);
  EXPECT_NE(r.status().reason().find("more than 3 decimals"), std::string::npos) << r.status().reason();
  auto whole = parse_decimal("1.5", 0);
  ASSERT_FALSE(whole.is_ok());
  EXPECT_NE(whole.status().reason().find("whole number"), std::string::npos) << whole.status().reason();
}

TEST(Quantity, WhatIsNotADecimalIsRefused) {
  for (const char* bad : {"", "-", ".", "1e3", "1,5", " 1", "1 ", "0x10", "1.2.3", "3.", "abc", "--1", "١"})
    EXPECT_FALSE(parse_decimal(bad, 3).is_ok()) << "'" << bad << "'";
  EXPECT_FALSE(parse_decimal("9223372036854775808", 0).is_ok());
  EXPECT_FALSE(parse_decimal("9223372036854776", 3).is_ok());
  EXPECT_FALSE(parse_decimal("1", 4).is_ok());
}

TEST(Quantity, FormatShowsTheDecimals) {
  EXPECT_EQ(format_decimal(1250, 3), "1.250");
  EXPECT_EQ(format_decimal(1, 3), "0.001");
  EXPECT_EQ(format_decimal(-250, 2), "-2.50");
  EXPECT_EQ(format_decimal(-5, 2), "-0.05");
  EXPECT_EQ(format_decimal(24, 0), "24");
  EXPECT_EQ(format_decimal(std::numeric_limits<Qty>::min(), 3), "-9223372036854775.808");
  for (Qty q : {Qty{0}, Qty{1}, Qty{-1}, Qty{999}, Qty{1000}, Qty{123456789}})
    for (int d = 0; d <= kMaxDecimals; ++d) EXPECT_EQ(*parse_decimal(format_decimal(q, d), d), q);
}

TEST(Quantity, PackUnitsBecomeBaseUnits) {
  ItemUnits each{"EA", 0, {{"case", 12}, {"pallet", 480}}};
  EXPECT_EQ(*to_stored("2", "case", each, "TEA"), 24);
  EXPECT_EQ(*to_stored("1", "pallet", each, "TEA"), 480);
  EXPECT_EQ(*to_stored("5", "", each, "TEA"), 5);
  EXPECT_EQ(*to_stored("5", "EA", each, "TEA"), 5);
  auto unknown = to_stored("1", "box", each, "TEA");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.status().reason().find("case, pallet, EA"), std::string::npos) << unknown.status().reason();
  EXPECT_FALSE(to_stored("0.5", "case", each, "TEA").is_ok());

  ItemUnits kg{"kg", 3, {{"bag", 25'000}, {"pinch", 1}}};
  EXPECT_EQ(*to_stored("1.25", "", kg, "RICE"), 1250);
  EXPECT_EQ(*to_stored("0.5", "bag", kg, "RICE"), 12'500);
  EXPECT_EQ(*to_stored("2", "bag", kg, "RICE"), 50'000);
  // A thousandth of a one-gram pinch is no whole gram.
  auto part = to_stored("0.001", "pinch", kg, "RICE");
  ASSERT_FALSE(part.is_ok());
  EXPECT_NE(part.status().reason().find("not a whole number"), std::string::npos) << part.status().reason();
  EXPECT_FALSE(to_stored("1.0001", "", kg, "RICE").is_ok());
  EXPECT_FALSE(to_stored("400000000000000", "bag", kg, "RICE").is_ok());  // overflows
  EXPECT_EQ(format_qty(1250, kg), "1.250 kg");
  EXPECT_EQ(format_qty(24, each), "24 EA");
}

TEST(Quantity, GoodsInAUnitOfWeightWithDecimalsAreWeighed) {
  Item rice{"RICE", "Rice", "kg", {}, std::nullopt, false, 0};
  rice.decimals = 3;
  EXPECT_EQ(weighed_unit_g(rice), 1.0);
  rice.decimals = 2;
  EXPECT_EQ(weighed_unit_g(rice), 10.0);
  rice.uom = "斤";
  EXPECT_EQ(weighed_unit_g(rice), 5.0);
  rice.decimals = 0;  // whole kilograms are counted like pieces
  EXPECT_EQ(weighed_unit_g(rice), 0.0);
  Item oil{"OIL", "Oil", "L", {}, std::nullopt, false, 0};
  oil.decimals = 1;
  EXPECT_EQ(weighed_unit_g(oil), 0.0);  // litres are not weighed
}

}  // namespace
}  // namespace jxc::inventory
