#include "edge/devices/health.h"

#include <gtest/gtest.h>

namespace jxc::devices {
namespace {

TEST(HealthRegistry, KeepsSinceOnDetailOnlyUpdatesAndTellsListenersOfChanges) {
  ManualClock clock(1000);
  HealthRegistry reg(clock);
  std::vector<std::pair<DeviceState, DeviceState>> changes;
  reg.add_listener([&](const DeviceHealth& h, DeviceState before) { changes.emplace_back(before, h.state); });

  reg.report("door-1", "rfid", DeviceState::online, "connected");
  clock.advance(std::chrono::milliseconds(500));
  reg.report("door-1", "rfid", DeviceState::online, "keepalive ok");
  DeviceHealth h;
  ASSERT_TRUE(reg.get("door-1", &h));
  EXPECT_EQ(h.since, 1000);
  EXPECT_EQ(h.detail, "keepalive ok");

  reg.report("door-1", "rfid", DeviceState::offline, "keepalive missed twice");
  ASSERT_TRUE(reg.get("door-1", &h));
  EXPECT_EQ(h.since, 1500);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].first, DeviceState::online);
  EXPECT_EQ(changes[1].second, DeviceState::offline);
  EXPECT_FALSE(reg.get("nope", &h));
}

TEST(HealthRegistry, KeepsEveryDetailAsOneCleanLineOfUtf8) {
  HealthRegistry reg;
  std::string told;
  reg.add_listener([&](const DeviceHealth& h, DeviceState) { told = h.detail; });
  reg.report("door-1", "rfid", DeviceState::degraded, "reader error: \xC3\x28\xFF bad\r\n<3>forged \x1B[2J");
  DeviceHealth h;
  ASSERT_TRUE(reg.get("door-1", &h));
  EXPECT_EQ(h.detail, "reader error: \xEF\xBF\xBD(\xEF\xBF\xBD bad <3>forged \xEF\xBF\xBD[2J");
  EXPECT_EQ(told, h.detail);
  EXPECT_EQ(reg.snapshot().front().detail, h.detail);
}

TEST(HealthRegistry, SummaryCountsByState) {
  HealthRegistry reg;
  EXPECT_EQ(reg.summary(), "no devices");
  reg.report("a", "rfid", DeviceState::online, "");
  reg.report("b", "scale", DeviceState::offline, "");
  reg.report("c", "scanner", DeviceState::online, "");
  EXPECT_EQ(reg.summary(), "3 devices: 2 online, 1 offline");
  EXPECT_EQ(reg.snapshot().front().id, "a");
}

}  // namespace
}  // namespace jxc::devices
