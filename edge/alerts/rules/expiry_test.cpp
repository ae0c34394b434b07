// The expiry rule as a table: dates against today and the window.
#include <gtest/gtest.h>

#include "edge/alerts/rules/expiry.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kNow = 1'764'000'000'000;  // 2025-11-24T16:00:00Z

TEST(ExpiryRule, HorizonIsTheLastDayOfTheWindow) {
  EXPECT_EQ(expiry_horizon(kNow, 7), "2025-12-01");
  EXPECT_EQ(expiry_horizon(kNow, 0), "2025-11-24");
}

TEST(ExpiryRule, ExpiringWithinTheWindowExpiredBeforeToday) {
  struct Case {
    const char* expiry;
    inventory::Qty qty;
    std::optional<Kind> kind;  // none: no condition
    const char* detail;
  };
  const std::vector<Case> cases = {
      {"2025-11-27", 5, Kind::lot_expiring, "5 on hand expire on 2025-11-27 (in 3 days)"},
      {"2025-11-24", 2, Kind::lot_expiring, "2 on hand expire on 2025-11-24 (in 0 days)"},
      {"2025-12-01", 1, Kind::lot_expiring, "1 on hand expire on 2025-12-01 (in 7 days)"},
      {"2025-11-23", 4, Kind::lot_expired, "4 on hand expired on 2025-11-23"},
      {"2025-12-02", 5, std::nullopt, ""},  // past the window
      {"2025-11-20", 0, std::nullopt, ""},  // nothing on hand
  };
  for (const auto& c : cases) {
    auto out = expiry_conditions({{"MILK-1", "A-02", "L1", c.qty, c.expiry}}, kNow, 7);
    if (!c.kind) {
      EXPECT_TRUE(out.empty()) << c.expiry;
      continue;
    }
    ASSERT_EQ(out.size(), 1u) << c.expiry;
    const Alert& a = out.begin()->second;
    EXPECT_EQ(a.key.kind, *c.kind) << c.expiry;
    EXPECT_EQ(a.key.item, "MILK-1");
    EXPECT_EQ(a.key.location, "A-02");
    EXPECT_EQ(a.key.lot, "L1");
    EXPECT_EQ(a.qty, c.qty);
    EXPECT_EQ(a.threshold, 7);
    EXPECT_EQ(a.detail, c.detail);
    EXPECT_EQ(a.raised_at, kNow);
    EXPECT_EQ(a.severity, *c.kind == Kind::lot_expired ? Severity::critical : Severity::warning);
  }
}

}  // namespace
}  // namespace jxc::alerts
