// The moving-average arithmetic alone: exact integers, rounding half away
// from zero once per movement, and an emptied pool left with no value.
#include "edge/inventory/cost.h"

#include <gtest/gtest.h>

#include <limits>

namespace jxc::inventory {
namespace {

// Applies one movement as the ledger does and returns its value.
Money move(CostPool& pool, Qty qty, std::optional<Money> given, int decimals = 0) {
  auto v = qty > 0 ? value_in(pool, qty, given, decimals) : value_out(pool, -qty, given, decimals);
  EXPECT_TRUE(v.is_ok()) << v.status().to_string();
  auto next = apply_to_pool(pool, qty, qty > 0 ? *v : -*v, decimals);
  EXPECT_TRUE(next.is_ok()) << next.status().to_string();
  pool = *next;
  return *v;
}

TEST(MovingAverage, ReceiptsAtTheirCostMoveTheAverage) {
  CostPool p;
  EXPECT_EQ(move(p, 10, 10 * 100000), 1000000);  // 10 at 10.0000
  EXPECT_EQ(p.unit_cost, 100000);
  EXPECT_EQ(move(p, 30, 30 * 140000), 4200000);  // 30 at 14.0000
  EXPECT_EQ(p.qty, 40);
  EXPECT_EQ(p.value, 5200000);
  EXPECT_EQ(p.unit_cost, 130000);  // (100 + 420) / 40 = 13
}

TEST(MovingAverage, IssuesAtTheAverageRoundHalfAwayFromZero) {
  CostPool p;
  move(p, 3, 10);  // 3 units worth 0.0010: average 0.000333...
  EXPECT_EQ(move(p, -1, std::nullopt), 3);  // 3.33 -> 3
  EXPECT_EQ(p.value, 7);
  CostPool q{4, 10, 0};  // average 2.5 per unit
  EXPECT_EQ(*value_at_average(q, 1, 0), 3);   // 2.5 -> 3, half away from zero
  CostPool neg{4, -10, 0};
  EXPECT_EQ(*value_at_average(neg, 1, 0), -3);  // -2.5 -> -3
}

TEST(MovingAverage, TheLastUnitTakesWhatIsLeftSoZeroStockHasZeroValue) {
  CostPool p;
  move(p, 3, 10);
  Money out = 0;
  out += move(p, -1, std::nullopt);
  out += move(p, -1, std::nullopt);
  out += move(p, -1, std::nullopt);
  EXPECT_EQ(out, 10);  // 3 + 4 + 3: the sum of what went out is what came in
  EXPECT_EQ(p.qty, 0);
  EXPECT_EQ(p.value, 0);
  EXPECT_EQ(p.unit_cost, 3);  // the last average per unit (3 / 1 before the last went), kept
}

TEST(MovingAverage, DecimalItemsAreCostedPerBaseUnit) {
  // Rice in kg with 3 decimals: 1.250 kg at 6.4000 per kg is 8.0000.
  EXPECT_EQ(*value_at_cost(1250, 64000, 3), 80000);
  // 0.001 kg at 0.0005 per kg rounds to 0.0000, 0.001 kg at 0.5000 to 0.0005.
  EXPECT_EQ(*value_at_cost(1, 5, 3), 0);
  EXPECT_EQ(*value_at_cost(1, 5000, 3), 5);
  CostPool p;
  move(p, 2000, *value_at_cost(2000, 64000, 3), 3);
  EXPECT_EQ(p.unit_cost, 64000);  // per kg, not per gram
}

TEST(MovingAverage, WithoutStockTheLastAverageValues) {
  CostPool p{0, 0, 20000};  // emptied at 2.0000 per unit
  EXPECT_EQ(move(p, -5, std::nullopt), 100000);  // negative stock where the site allows it
  EXPECT_EQ(p.qty, -5);
  EXPECT_EQ(p.value, -100000);
  // Bringing it back to zero takes the value away whatever the receipt cost.
  EXPECT_EQ(move(p, 5, 5 * 30000), 100000);
  EXPECT_EQ(p.value, 0);
}

TEST(MovingAverage, AReversalUndoesAtTheOriginalValue) {
  CostPool p;
  move(p, 10, 0);           // stock from before costs were kept
  move(p, 10, 10 * 20000);  // 10 at 2.0000: average 1.0000
  EXPECT_EQ(move(p, -10, 10 * 20000), 200000);  // the receipt reversed at what it was booked at
  EXPECT_EQ(p.qty, 10);
  EXPECT_EQ(p.value, 0);
}

TEST(MovingAverage, OverflowIsRefusedNotWrapped) {
  CostPool p{1, std::numeric_limits<Money>::max(), 0};
  EXPECT_FALSE(value_at_cost(std::numeric_limits<Qty>::max(), 10000, 0).is_ok());
  EXPECT_FALSE(apply_to_pool(p, 1, 1, 0).is_ok());
}

TEST(Money, ParsesCurrencyTextExactly) {
  EXPECT_EQ(*parse_money("12.5"), 125000);
  EXPECT_EQ(*parse_money("0.0125"), 125);
  EXPECT_EQ(*parse_money("3"), 30000);
  EXPECT_EQ(*parse_money("1.23450"), 12345);  // a trailing zero loses nothing
  EXPECT_FALSE(parse_money("1.23456").is_ok());  // never rounded
  EXPECT_FALSE(parse_money("-1").is_ok());
  EXPECT_FALSE(parse_money("").is_ok());
  EXPECT_FALSE(parse_money("1e3").is_ok());
  EXPECT_FALSE(parse_money("99999999999999999999").is_ok());
  EXPECT_EQ(format_money(125000), "12.5000");
  EXPECT_EQ(format_money(-5), "-0.0005");
}

}  // namespace
}  // namespace jxc::inventory
