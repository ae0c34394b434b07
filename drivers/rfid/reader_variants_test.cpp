// The LLRP client against reader variants the standard allows, played by
// the reader simulator over loopback TCP: report fields left out while
// unchanged, GPI ports disabled (or missing), one bounded inventory per beam,
// events held on reconnect, a factory reset on connect, transmit power below
// the reader's table.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "drivers/rfid/reader_link.h"
#include "drivers/rfid/test_support.h"

namespace jxc::llrp {
namespace {

using namespace testing;
using devices::DeviceState;

ReaderOptions variant_options(std::uint16_t port) {
  ReaderOptions o;
  o.id = "door-1";
  o.host = "127.0.0.1";
  o.port = port;
  o.antennas = {1, 2};
  o.keepalive_ms = 1000;
  o.reconnect_min = std::chrono::milliseconds(50);
  o.reconnect_max = std::chrono::milliseconds(400);
  return o;
}

/// Waits until the simulator has printed `text` at least `n` times.
bool printed(Simulator& sim, const std::string& text, std::size_t n) {
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (sim.seen(text) < n && std::chrono::steady_clock::now() < until) sim.wait_for("\x01never printed", 50ms);
  return sim.seen(text) >= n;
}

std::vector<std::uint8_t> tag(int n) {
  return {0x30, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, static_cast<std::uint8_t>(n)};
}

// TagReportData: "If an optional parameter is enabled, and is absent in the
// report, the Client SHALL assume that the value is identical to the last
// parameter of the same type received."
TEST(LlrpReaderVariants, FieldsLeftOutWhileUnchangedCarryTheLastValueForward) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "omit_unchanged": true, "report_batch": 1, "steps": [
      {"kind": "read", "at_ms": 100, "epc": "301400000000000000000001", "antenna": 2, "rssi": -50},
      {"kind": "read", "at_ms": 150, "epc": "301400000000000000000002", "antenna": 2, "rssi": -50},
      {"kind": "read", "at_ms": 200, "epc": "301400000000000000000003", "antenna": 2, "rssi": -50},
      {"kind": "read", "at_ms": 250, "epc": "301400000000000000000004", "antenna": 1, "rssi": -80},
      {"kind": "read", "at_ms": 300, "epc": "301400000000000000000005", "antenna": 1, "rssi": -80}]})");
  RecordingSink sink;
  RecordingHealth health;
  ReaderLink link(variant_options(sim.port()), health, sink);
  link.start();
  ASSERT_TRUE(sink.wait([&] { return sink.reads.size() == 5; })) << sink.reads.size();
  std::lock_guard lock(sink.mu);
  for (int i = 0; i < 5; ++i) {
    const rfid::TagRead& r = sink.reads[static_cast<std::size_t>(i)];
    EXPECT_EQ(r.epc, tag(i + 1));
    EXPECT_EQ(r.antenna, i < 3 ? 2 : 1) << i;
    EXPECT_EQ(r.peak_rssi_dbm, i < 3 ? -50 : -80) << i;
    EXPECT_EQ(r.channel_index, 1) << i;
    EXPECT_EQ(r.rospec_id, 1u) << i;
  }
}

TEST(LlrpReaderVariants, ADisabledGpiPortOfTheStartTriggerIsEnabled) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "gpi_ports_enabled": false, "steps": [
      {"kind": "gpi", "at_ms": 300, "port": 3, "high": true},
      {"kind": "read", "at_ms": 500, "epc": "301400000000000000000001"}]})");
  RecordingSink sink;
  RecordingHealth health;
  auto o = variant_options(sim.port());
  o.gpi_start = true;
  o.gpi_port = 3;
  ReaderLink link(o, health, sink);
  link.start();
  ASSERT_TRUE(sink.wait([&] { return sink.epcs.count(tag(1)) == 1; }, 10s)) << sim.child().output();
  EXPECT_TRUE(sim.wait_for("gpi-config r1 3 1")) << sim.child().output();
  std::lock_guard lock(sink.mu);
  ASSERT_EQ(sink.gpi.size(), 1u);
  EXPECT_EQ(sink.gpi[0].port, 3);
}

TEST(LlrpReaderVariants, AStartTriggerOnAPortTheReaderLacksIsReported) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "gpis": 2, "steps": []})");
  RecordingSink sink;
  RecordingHealth health;
  auto o = variant_options(sim.port());
  o.gpi_start = true;
  o.gpi_port = 3;
  ReaderLink link(o, health, sink);
  link.start();
  ASSERT_TRUE(health.wait_for(DeviceState::degraded, "GPI port 3", 0, 10s)) << health.dump();
  EXPECT_NE(health.dump().find("the reader has 2 GPI ports"), std::string::npos) << health.dump();
  EXPECT_EQ(health.dump().find("online"), std::string::npos) << health.dump();
}

// One beam, one inventory: reads between two beams are not made.
TEST(LlrpReaderVariants, EachBeamGivesOneInventoryEndedByTheFallingEdge) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "steps": [
      {"kind": "gpi", "at_ms": 200, "port": 1, "high": true},
      {"kind": "read", "at_ms": 400, "epc": "301400000000000000000001"},
      {"kind": "gpi", "at_ms": 600, "port": 1, "high": false},
      {"kind": "read", "at_ms": 900, "epc": "301400000000000000000002"},
      {"kind": "gpi", "at_ms": 1200, "port": 1, "high": true},
      {"kind": "read", "at_ms": 1400, "epc": "301400000000000000000003"},
      {"kind": "gpi", "at_ms": 1600, "port": 1, "high": false}]})");
  RecordingSink sink;
  RecordingHealth health;
  auto o = variant_options(sim.port());
  o.gpi_start = true;
  o.gpi_port = 1;
  ReaderLink link(o, health, sink);
  link.start();
  ASSERT_TRUE(sink.wait([&] { return sink.epcs.count(tag(3)) == 1; }, 10s)) << sim.child().output();
  ASSERT_TRUE(sim.wait_for("done r1")) << sim.child().output();
  EXPECT_EQ(sim.seen("inventory-stop r1 gpi"), 2u) << sim.child().output();
  EXPECT_EQ(sim.seen("reading r1"), 2u) << sim.child().output();
  std::lock_guard lock(sink.mu);
  EXPECT_EQ(sink.epcs.count(tag(2)), 0u) << "read between the beams";
}

TEST(LlrpReaderVariants, AnInventoryEndsAfterItsDurationOrWhenNoNewTagsCome) {
  for (const auto stop : {InventoryStop::duration, InventoryStop::no_new_tags}) {
    jxc::testing::TempDir dir;
    Simulator sim(dir, R"({"id": "r1", "steps": [
        {"kind": "gpi", "at_ms": 200, "port": 1, "high": true},
        {"kind": "read", "at_ms": 250, "epc": "301400000000000000000001"},
        {"kind": "read", "at_ms": 1500, "epc": "301400000000000000000002"},
        {"kind": "gpi", "at_ms": 1800, "port": 1, "high": false},
        {"kind": "gpi", "at_ms": 2000, "port": 1, "high": true},
        {"kind": "read", "at_ms": 2100, "epc": "301400000000000000000003"}]})");
    RecordingSink sink;
    RecordingHealth health;
    auto o = variant_options(sim.port());
    o.gpi_start = true;
    o.gpi_port = 1;
    o.stop = stop;
    o.inventory_ms = 600;
    o.no_new_tags_ms = 300;
    ReaderLink link(o, health, sink);
    link.start();
    ASSERT_TRUE(sink.wait([&] { return sink.epcs.count(tag(3)) == 1; }, 10s)) << sim.child().output();
    EXPECT_TRUE(sim.wait_for(stop == InventoryStop::duration ? "inventory-stop r1 duration" : "inventory-stop r1 no-new-tags"))
        << sim.child().output();
    std::lock_guard lock(sink.mu);
    EXPECT_EQ(sink.epcs.count(tag(2)), 0u) << "read after the inventory's end";
  }
}

TEST(LlrpReaderVariants, AReaderHoldingItsEventsIsReleasedAndTheHoldTurnedOff) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "hold_events": true, "steps": [
      {"kind": "read", "at_ms": 200, "epc": "301400000000000000000001"},
      {"kind": "disconnect", "at_ms": 400},
      {"kind": "read", "at_ms": 600, "epc": "301400000000000000000002"}]})");
  RecordingSink sink;
  RecordingHealth health;
  ReaderLink link(variant_options(sim.port()), health, sink);
  link.start();
  ASSERT_TRUE(sink.wait([&] { return sink.epcs.count(tag(1)) == 1; }, 10s)) << sim.child().output();
  EXPECT_TRUE(sim.wait_for("hold r1 0")) << sim.child().output();
  // After the reconnect the reader holds nothing: the read made meanwhile arrives.
  ASSERT_TRUE(sink.wait([&] { return sink.epcs.count(tag(2)) == 1; }, 10s)) << sim.child().output();
  EXPECT_TRUE(printed(sim, "events-enabled r1", 2)) << sim.child().output();
}

TEST(LlrpReaderVariants, AFactoryResetOnConnectWhenConfigured) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "gpi_ports_enabled": true, "steps": [
      {"kind": "gpi", "at_ms": 300, "port": 2, "high": true},
      {"kind": "read", "at_ms": 500, "epc": "301400000000000000000001"}]})");
  RecordingSink sink;
  RecordingHealth health;
  auto o = variant_options(sim.port());
  o.reset_on_connect = true;
  o.gpi_start = true;
  o.gpi_port = 2;
  ReaderLink link(o, health, sink);
  link.start();
  // The reset disables every GPI port; the link enables its own again in the same message.
  ASSERT_TRUE(sink.wait([&] { return sink.epcs.count(tag(1)) == 1; }, 10s)) << sim.child().output();
  ASSERT_TRUE(sim.wait_for("gpi-config r1 2 1")) << sim.child().output();
  EXPECT_LT(sim.child().output().find("factory-reset r1"), sim.child().output().find("gpi-config r1 2 1"));
}

TEST(LlrpReaderVariants, TransmitPowerBelowTheReadersTableIsReported) {
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "power_table_dbm": [10, 15, 20], "steps": []})");
  RecordingSink sink;
  RecordingHealth health;
  auto o = variant_options(sim.port());
  o.tx_power_dbm = {5.0};
  ReaderLink link(o, health, sink);
  link.start();
  ASSERT_TRUE(health.wait_for(DeviceState::degraded, "5 dBm is below the reader's lowest step (10 dBm)", 0, 10s))
      << health.dump();
  EXPECT_TRUE(sim.wait_for("power r1 antenna 2 index 1")) << sim.child().output();
}

}  // namespace
}  // namespace jxc::llrp
