#include "edge/config/diff.h"

#include <gtest/gtest.h>

namespace jxc::config {
namespace {

TEST(ConfigDiff, SameSettingsHaveNoChanges) {
  Config a = defaults(), b = defaults();
  b.source = "/etc/jxc-edge/gateway.toml";  // where it came from is not a setting
  EXPECT_TRUE(diff(a, b).empty());
}

TEST(ConfigDiff, EveryKnownKeyIsCompared) {
  Config a = defaults(), b = defaults();
  b.gateway.id = "gw-2";
  b.gateway.site = "SITE-2";
  b.log.level = "debug";
  b.store.path = "/elsewhere.db";
  b.store.idempotency_retention_hours = 3;
  b.store.wal_limit_mib = 64;
  b.inventory.negative_stock = inventory::NegativePolicy::allow;
  b.inventory.over_receipt_tolerance_pct = 0.25;
  b.inventory.max_batch = 7;
  b.outbox.retention_hours = 1;
  b.outbox.downlink_retention_hours = 2;
  b.metrics = {true, "/var/lib/node_exporter/jxc.prom", 5};
  b.scales.match_window_s = 30;
  b.scales.hysteresis = 0.2;
  b.scales.buses.emplace_back();
  b.scales.models.emplace_back();
  b.scales.slots.emplace_back();
  RfidReader r;
  r.id = "door-1";
  r.host = "10.0.0.5";
  r.port = 5085;
  r.antennas = {1, 2};
  r.tx_power_dbm = {27.5};
  r.keepalive_ms = 2000;
  r.start_trigger = "gpi";
  r.gpi_port = 2;
  r.reconnect_min_ms = 500;
  r.reconnect_max_ms = 60000;
  r.max_frame_bytes = 65536;
  b.rfid.readers = {RfidReader{}, r};
  a.rfid.readers = {RfidReader{}, RfidReader{}};
  b.portal.rssi_floor_dbm = -60;
  b.portal.min_reads = 3;
  b.portal.window_ms = 500;
  b.portal.dedup_ms = 10;
  b.portal.departure_ms = 900;
  b.portal.cross_read_margin_db = 3;
  b.portal.cross_read_ratio = 1.5;
  b.portal.doors.push_back({});
  b.portal.forklifts.push_back({});
  b.mqtt = {"tcp://broker:1883", "c", "3.1.1", "r", 5, 6, true, 7, 8, 11, 12, 13, "u", "p",
            {"ca", "cert", "key", false}};
  auto& l = b.scanners.labels;
  l.bin = {"B*"};
  l.receipt = {"R*"};
  l.pick_list = {"P*"};
  l.count = {"C*"};
  l.mode_receive = l.mode_pick = l.mode_move = l.mode_count = l.undo = l.finish = "";
  l.quantity = "Q*";
  b.scanners.devices.push_back({"s", "hid", "/dev/x", 1, 5, "odd", 2, "#", "~", scan::Mode::count, "u", "A", "N"});
  AlertsConfig& al = b.alerts;
  al.enabled = false;
  al.scope = "warehouse";
  al.expiry_days = 3;
  al.slow_moving_days = 9;
  al.hysteresis_pct = 5;
  al.escalation_minutes = 5;
  al.device_offline_minutes = 2;
  al.backlog_events = 5;
  al.backlog_minutes = 5;
  al.count_variance_qty = 1;
  al.check_seconds = 5;
  al.service_level_pct = 99;
  al.history_days = 5;
  al.default_lead_time_days = 2;
  al.retry_max = 2;
  al.retry_initial_seconds = 5;
  al.channel_failures_alert = 5;
  al.channels.push_back({"c", "smtp", "u", "f", "h", 2525, "from", {"to"}, {"stockout"}, "critical",
                         "22:00", "06:00"});
  std::vector<std::string> keys;
  for (const auto& c : diff(a, b)) keys.push_back(c.key);
  EXPECT_EQ(keys, known_keys());
}

TEST(ConfigDiff, ShowsValuesAsTheFileWouldWriteThem) {
  Config a = defaults(), b = defaults();
  b.log.level = "debug";
  b.inventory.over_receipt_tolerance_pct = 2.5;
  auto changes = diff(a, b);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].key, "log.level");
  EXPECT_EQ(changes[0].before, "\"info\"");
  EXPECT_EQ(changes[0].after, "\"debug\"");
  EXPECT_EQ(changes[1].key, "inventory.over_receipt_tolerance_pct");
  EXPECT_EQ(changes[1].before, "0");
  EXPECT_EQ(changes[1].after, "2.5");
}

TEST(ConfigDiff, WritingOutTheDefaultStorePathIsNotAChange) {
  Config a = defaults(), b = defaults();
  b.store.path = a.store_path();
  EXPECT_TRUE(diff(a, b).empty());
}

}  // namespace
}  // namespace jxc::config
