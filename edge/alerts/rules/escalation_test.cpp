// The escalation rule as a table: which alerts are due, and what escalation does.
#include <gtest/gtest.h>

#include "edge/alerts/rules/escalation.h"
#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kNow = 1'764'000'000'000;

TEST(EscalationRule, OpenUnacknowledgedAndOlderThanTheLimit) {
  const TimeMs cutoff = escalation_cutoff(kNow, 60);
  EXPECT_EQ(cutoff, kNow - 60 * kMinuteMs);
  struct Case {
    const char* name;
    TimeMs raised_at;
    bool open, acked, escalated, due;
  };
  const std::vector<Case> cases = {
      {"61 minutes old", kNow - 61 * kMinuteMs, true, false, false, true},
      {"exactly 60 minutes", kNow - 60 * kMinuteMs, true, false, false, true},
      {"59 minutes old", kNow - 59 * kMinuteMs, true, false, false, false},
      {"acknowledged", kNow - 90 * kMinuteMs, true, true, false, false},
      {"escalated once already", kNow - 90 * kMinuteMs, true, false, true, false},
      {"cleared", kNow - 90 * kMinuteMs, false, false, false, false},
  };
  for (const auto& c : cases) {
    Alert a;
    a.raised_at = c.raised_at;
    a.open = c.open;
    if (c.acked) a.acked_at = kNow;
    if (c.escalated) a.escalated_at = kNow;
    EXPECT_EQ(escalation_due(a, cutoff), c.due) << c.name;
  }
}

TEST(EscalationRule, SeverityGoesOneStepUp) {
  struct Case {
    Severity from, to;
  };
  for (const auto& c : std::vector<Case>{{Severity::info, Severity::warning},
                                         {Severity::warning, Severity::critical},
                                         {Severity::critical, Severity::critical}}) {
    Alert a;
    a.severity = c.from;
    Alert e = escalated(a, kNow);
    EXPECT_EQ(e.severity, c.to) << to_string(c.from);
    ASSERT_TRUE(e.escalated_at);
    EXPECT_EQ(*e.escalated_at, kNow);
  }
}

}  // namespace
}  // namespace jxc::alerts
