// The sync backlog rule as a table: pending events and the oldest one's age.
#include <gtest/gtest.h>

#include "edge/alerts/rules/sync_backlog.h"
#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kNow = 1'764'000'000'000;

TEST(SyncBacklogRule, TooManyOrTooOld) {
  struct Case {
    const char* name;
    std::int64_t pending;
    std::optional<TimeMs> oldest;
    bool raised;
  };
  const std::vector<Case> cases = {
      {"empty", 0, std::nullopt, false},
      {"at the size limit", 3, kNow, false},
      {"above the size limit", 4, kNow, true},
      {"old but within the age limit", 1, kNow - 60 * kMinuteMs, false},
      {"older than the age limit", 1, kNow - 61 * kMinuteMs, true},
      {"nothing pending: an old time decides nothing", 0, kNow - 600 * kMinuteMs, false},
  };
  for (const auto& c : cases) {
    auto out = sync_backlog_conditions({c.pending, c.oldest}, kNow, 3, 60);
    ASSERT_EQ(out.size(), c.raised ? 1u : 0u) << c.name;
    if (!c.raised) continue;
    const Alert& a = out.begin()->second;
    EXPECT_EQ(a.key.kind, Kind::sync_backlog);
    EXPECT_EQ(a.key.subject, "outbox");
    EXPECT_EQ(a.qty, c.pending);
    EXPECT_EQ(a.threshold, 3);
  }
  auto out = sync_backlog_conditions({5, kNow - 2 * kMinuteMs}, kNow, 3, 60);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out.begin()->second.detail,
            "5 events not acknowledged by the central system, oldest 2 minutes old (limits 3 events, 60 minutes)");
}

}  // namespace
}  // namespace jxc::alerts
