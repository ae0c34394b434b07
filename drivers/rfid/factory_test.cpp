// make_llrp_readers: one link per [[rfid.readers]], wired to the gateway's
// health registry and the given ReadSink, from a parsed configuration.
#include <gtest/gtest.h>

#include "drivers/rfid/factory.h"
#include "drivers/rfid/test_support.h"
#include "edge/config/config.h"
#include "edge/inventory/test_store.h"
#include "edge/rfid/rfid_section.h"

namespace jxc::llrp {
namespace {

using namespace llrp::testing;

class LlrpFactory : public inventory::testing::StoreTest {};

TEST_F(LlrpFactory, BuildsOneLinkPerConfiguredReader) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "steps": [{"kind": "read", "at_ms": 100, "epc": "301400000000000000000001"}]})");
  std::vector<config::ConfigError> errors;
  auto cfg = config::parse("[[rfid.readers]]\nid = \"door-1\"\nhost = \"127.0.0.1\"\nport = " +
                               std::to_string(sim.port()) +
                               "\nantennas = [1]\ntx_power_dbm = 25\nkeepalive_ms = 1000\n"
                               "[[rfid.readers]]\nid = \"door-2\"\nhost = \"127.0.0.1\"\nport = 1\n",
                           "gw.toml", {rfid::rfid_section()}, &errors);
  ASSERT_TRUE(cfg) << (errors.empty() ? "" : errors[0].to_string("gw.toml"));
  open_engine();
  boost::asio::io_context io;
  devices::HealthRegistry health;
  devices::DeviceContext ctx{io, health, *engine_, store_path_, *cfg, SystemClock::instance()};
  RecordingSink sink;
  auto devs = make_llrp_readers(ctx, sink);
  ASSERT_TRUE(devs) << devs.status().to_string();
  ASSERT_EQ(devs->size(), 2u);
  EXPECT_EQ((*devs)[0]->id(), "door-1");
  EXPECT_EQ((*devs)[1]->id(), "door-2");
  (*devs)[0]->start();
  ASSERT_TRUE(sink.wait([&] { return !sink.reads.empty(); }));
  devices::DeviceHealth h;
  ASSERT_TRUE(health.get("door-1", &h));
  EXPECT_EQ(h.kind, "rfid");
  EXPECT_EQ(h.state, devices::DeviceState::online) << h.detail;
  EXPECT_TRUE(sim.wait_for("power r1 antenna 1 index 4"));
  for (auto& d : *devs) d->stop();
  ASSERT_TRUE(health.get("door-1", &h));
  EXPECT_EQ(h.state, devices::DeviceState::stopped);
}

}  // namespace
}  // namespace jxc::llrp
