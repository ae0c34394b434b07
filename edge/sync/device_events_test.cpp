#include "edge/sync/device_events.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"

namespace jxc::sync {
namespace {

using devices::DeviceState;
using inventory::testing::StoreTest;

class DeviceEventsTest : public StoreTest {
 protected:
  std::vector<inventory::OutboxEvent> events() {
    // submit_async answers after the commit; a blocking request behind the
    // reports makes sure they are on disk before we read.
    EXPECT_TRUE(engine_->run<int>([](inventory::Tx&) -> Result<int> { return 0; }).is_ok());
    auto e = inventory::Outbox::peek_after(q(), 0, 100);
    EXPECT_TRUE(e.is_ok()) << e.status().to_string();
    return e ? *e : std::vector<inventory::OutboxEvent>{};
  }
};

TEST_F(DeviceEventsTest, EachStateChangeOfADeviceIsAnEventInOrder) {
  devices::HealthRegistry health(clock_);
  DeviceEvents recorder(health, *engine_);
  health.report("dock-1", "rfid", DeviceState::starting, "connecting");
  health.report("dock-1", "rfid", DeviceState::online, "reading");
  health.report("dock-1", "rfid", DeviceState::online, "reading, detail only");  // not a change
  health.report("dock-1", "rfid", DeviceState::offline, "read: End of file \xff");
  health.report("uplink", "uplink", DeviceState::online, "connected");  // the status topic's business
  health.report("store", "store", DeviceState::online, "ok");
  auto ev = events();
  ASSERT_EQ(ev.size(), 3u);
  const char* states[] = {"starting", "online", "offline"};
  const char* before[] = {"starting", "starting", "online"};
  for (std::size_t i = 0; i < ev.size(); ++i) {
    EXPECT_EQ(ev[i].type, "device.status");
    auto j = nlohmann::json::parse(ev[i].payload);
    EXPECT_EQ(j["device_id"], "dock-1");
    EXPECT_EQ(j["kind"], "rfid");
    EXPECT_EQ(j["state"], states[i]) << i;
    EXPECT_EQ(j["previous_state"], before[i]) << i;
  }
  // A device's own text that is not UTF-8 arrives cleaned, never aborting the event.
  EXPECT_EQ(nlohmann::json::parse(ev[2].payload)["detail"], "read: End of file \xEF\xBF\xBD");
}

TEST_F(DeviceEventsTest, NothingIsWrittenAfterDetach) {
  devices::HealthRegistry health(clock_);
  auto recorder = std::make_unique<DeviceEvents>(health, *engine_);
  health.report("hand-1", "scanner", DeviceState::online, "reading");
  recorder->detach();
  health.report("hand-1", "scanner", DeviceState::stopped, "stopped");
  recorder.reset();
  health.report("hand-1", "scanner", DeviceState::online, "again");  // the recorder is gone
  auto ev = events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(ev[0].payload)["state"], "online");
}

}  // namespace
}  // namespace jxc::sync
