// The shelf stock rule as a table: weighed counts against the bin's min,
// with hysteresis on what is open, and unknown counts deciding nothing.
#include <gtest/gtest.h>

#include "edge/alerts/rules/shelf_stock.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kNow = 1'764'000'000'000;

TEST(ShelfStockRule, LowAndEmptyWithHysteresis) {
  const Key low{Kind::shelf_low_stock, "TEA-500", "A-01", "", ""};
  const Key empty{Kind::shelf_empty, "TEA-500", "A-01", "", ""};
  struct Case {
    const char* name;
    std::optional<inventory::Qty> min;
    bool countable;
    std::int64_t weighed;
    bool low_open, empty_open;
    bool low_after, empty_after;
  };
  // min 10, margin 1 (10 % of 10)
  const std::vector<Case> cases = {
      {"above min", 10, true, 12, false, false, false, false},
      {"at min", 10, true, 10, false, false, false, false},
      {"below min", 10, true, 9, false, false, true, false},
      {"open, back at min: within the margin", 10, true, 10, true, false, true, false},
      {"open, at min + margin: clears", 10, true, 11, true, false, false, false},
      {"empty", 10, true, 0, false, false, true, true},
      {"empty open, still below the margin", 10, true, 0, true, true, true, true},
      {"empty open, one unit back: at the margin", 10, true, 1, true, true, true, false},
      {"unknown count keeps what is open", 10, false, 50, true, true, true, true},
      {"unknown count raises nothing", 10, false, 0, false, false, false, false},
      {"no threshold in the bin", std::nullopt, true, 0, false, false, false, false},
      {"min 0: only empty is watched", 0, true, 0, false, false, false, true},
  };
  for (const auto& c : cases) {
    weight::ShelfLevel l;
    l.sku = "TEA-500";
    l.bin = "A-01";
    l.slots = {"slot-1"};
    l.countable = c.countable;
    l.weighed = c.weighed;
    l.book = 50;
    l.min = c.min;
    Conditions open;
    if (c.low_open) open.emplace(low.text(), make_alert(low, 0, 10, "", kNow));
    if (c.empty_open) open.emplace(empty.text(), make_alert(empty, 0, 0, "", kNow));
    auto out = shelf_stock_conditions({l}, open, 10, kNow);
    EXPECT_EQ(out.count(low.text()) > 0, c.low_after) << c.name;
    EXPECT_EQ(out.count(empty.text()) > 0, c.empty_after) << c.name;
  }
}

TEST(ShelfStockRule, TheTextNamesTheSlotsAndTheBooks) {
  weight::ShelfLevel l;
  l.sku = "TEA-500";
  l.bin = "A-01";
  l.slots = {"slot-1", "slot-2"};
  l.countable = true;
  l.weighed = 0;
  l.book = 50;
  l.min = 10;
  auto out = shelf_stock_conditions({l}, {}, 10, kNow);
  ASSERT_EQ(out.size(), 2u);
  const Alert& low = out.at(Key{Kind::shelf_low_stock, "TEA-500", "A-01", "", ""}.text());
  EXPECT_EQ(low.detail, "shelf A-01 (slots slot-1, slot-2) weighs 0 units, below min 10; the books say 50");
  EXPECT_EQ(low.severity, Severity::info);
  EXPECT_EQ(low.threshold, 10);
  const Alert& empty = out.at(Key{Kind::shelf_empty, "TEA-500", "A-01", "", ""}.text());
  EXPECT_EQ(empty.detail, "shelf A-01 (slots slot-1, slot-2) is empty; the books say 50");
  EXPECT_EQ(empty.threshold, 0);
}

}  // namespace
}  // namespace jxc::alerts
