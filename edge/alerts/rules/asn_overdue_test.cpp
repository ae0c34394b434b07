// The overdue-ASN rule as a table: expected time, grace and what is still open.
#include <gtest/gtest.h>

#include "edge/alerts/rules/asn_overdue.h"
#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kNow = 1'764'000'000'000;

inventory::OverdueOrder asn(const std::string& number, TimeMs expected_at) {
  return {number, "PO-" + number, "杭州茶厂", "DOOR-1", expected_at,
          {{"TEA-500", "绿茶", "EA", 0, 24}, {"RICE-KG", "散装大米", "kg", 3, 12500}}};
}

TEST(AsnOverdueRule, LateByMoreThanTheGraceRaisesOnePerAsn) {
  struct Case {
    const char* name;
    TimeMs expected_at;
    bool raised;
  };
  const std::vector<Case> cases = {
      {"not yet due", kNow + kHourMs, false},
      {"due, within the grace", kNow - 2 * kHourMs + kMinuteMs, false},
      {"exactly at the grace", kNow - 2 * kHourMs, false},
      {"past the grace", kNow - 2 * kHourMs - kMinuteMs, true},
      {"days late", kNow - 3 * kDayMs, true},
  };
  for (const auto& c : cases) {
    auto out = asn_overdue_conditions({asn("ASN-1", c.expected_at)}, kNow, 120);
    ASSERT_EQ(out.size(), c.raised ? 1u : 0u) << c.name;
    if (!c.raised) continue;
    const Alert& a = out.begin()->second;
    EXPECT_EQ(a.key.kind, Kind::asn_overdue) << c.name;
    EXPECT_EQ(a.key.subject, "ASN-1");
    EXPECT_TRUE(a.key.item.empty() && a.key.location.empty());
    EXPECT_EQ(a.qty, (kNow - c.expected_at) / kMinuteMs);
    EXPECT_EQ(a.threshold, 120);
    EXPECT_EQ(a.facts.since, c.expected_at);
  }
  auto two = asn_overdue_conditions({asn("ASN-1", kNow - kDayMs), asn("ASN-2", kNow - kDayMs)}, kNow, 120);
  EXPECT_EQ(two.size(), 2u);
}

TEST(AsnOverdueRule, TheFactsNameTheSupplierAndWhatIsStillToCome) {
  auto out = asn_overdue_conditions({asn("ASN-1", kNow - kDayMs)}, kNow, 0);
  ASSERT_EQ(out.size(), 1u);
  const Facts& f = out.begin()->second.facts;
  EXPECT_EQ(f.partner, "杭州茶厂");
  EXPECT_EQ(f.door, "DOOR-1");
  EXPECT_EQ(f.document, "PO-ASN-1");
  ASSERT_EQ(f.lines.size(), 2u);
  EXPECT_EQ(f.lines[0], (std::pair<std::string, std::string>{"绿茶 (TEA-500)", "24 EA"}));
  EXPECT_EQ(f.lines[1], (std::pair<std::string, std::string>{"散装大米 (RICE-KG)", "12.500 kg"}));
}

}  // namespace
}  // namespace jxc::alerts
