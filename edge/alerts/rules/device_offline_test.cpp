// The device offline rule as a table: state and time offline against the limit.
#include <gtest/gtest.h>

#include "edge/alerts/rules/device_offline.h"
#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kNow = 1'764'000'000'000;

TEST(DeviceOfflineRule, OfflineLongerThanTheLimit) {
  using devices::DeviceState;
  struct Case {
    const char* name;
    DeviceState state;
    TimeMs since;
    const char* detail;
    std::optional<std::int64_t> minutes;  // none: no condition
  };
  const std::vector<Case> cases = {
      {"6 minutes offline", DeviceState::offline, kNow - 6 * kMinuteMs, "refused", 6},
      {"exactly the limit", DeviceState::offline, kNow - 5 * kMinuteMs, "", 5},
      {"4 minutes offline", DeviceState::offline, kNow - 4 * kMinuteMs, "refused", std::nullopt},
      {"online for long", DeviceState::online, kNow - 60 * kMinuteMs, "", std::nullopt},
      {"starting for long", DeviceState::starting, kNow - 60 * kMinuteMs, "", std::nullopt},
  };
  for (const auto& c : cases) {
    std::map<std::string, devices::DeviceHealth> devs;
    devs["door-1-reader"] = {"door-1-reader", "rfid", c.state, c.detail, c.since};
    auto out = device_offline_conditions(devs, kNow, 5);
    ASSERT_EQ(out.size(), c.minutes ? 1u : 0u) << c.name;
    if (!c.minutes) continue;
    const Alert& a = out.begin()->second;
    EXPECT_EQ(a.key.kind, Kind::device_offline);
    EXPECT_EQ(a.key.subject, "door-1-reader");
    EXPECT_EQ(a.qty, *c.minutes) << c.name;
    EXPECT_EQ(a.threshold, 5);
    EXPECT_EQ(a.severity, Severity::critical);
    const std::string expected = "rfid door-1-reader offline since " + format_iso8601(c.since) +
                                 (std::string(c.detail).empty() ? "" : std::string(": ") + c.detail);
    EXPECT_EQ(a.detail, expected) << c.name;
  }
}

}  // namespace
}  // namespace jxc::alerts
