// The gateway's whole configuration file: the core tables with every part's
// section, as `jxc-edge run`, `check-config` and SIGHUP read it.
#include "edge/service/config_sections.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "edge/config/diff.h"

namespace jxc::service {
namespace {

using namespace config;

std::string all(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string("gw.toml") + "\n";
  return out;
}

TEST(ConfigSections, AnUnknownTableListsEveryTableInOrder) {
  std::vector<ConfigError> errors;
  auto r = parse("[gateway]\nid = \"a\"\n\n[gatewya]\nid = \"b\"\n", "gw.toml", config_sections(), &errors);
  ASSERT_FALSE(r.is_ok());
  ASSERT_EQ(errors.size(), 1u) << all(errors);
  EXPECT_EQ(all(errors),
            "gw.toml:4:2: gatewya: unknown table [gatewya]; expected one of the tables [gateway], [log], "
            "[store], [inventory], [outbox], [metrics], [site], [backup], [scales], [rfid], [portal], [mqtt], [scanners], "
            "[alerts], [http]\n");
}

TEST(ConfigSections, EachSectionIsReadByItsPart) {
  std::vector<ConfigError> errors;
  auto r = parse(
      "[scales]\nmatch_window_s = 60\n"
      "[[rfid.readers]]\nid = \"door-1\"\nhost = \"10.0.0.5\"\n"
      "[portal]\nmin_reads = 3\n"
      "[mqtt]\nuri = \"tcp://broker:1883\"\n"
      "[scanners.labels]\nbin = [\"B*\"]\n"
      "[alerts]\nexpiry_days = 3\n"
      "[http]\nenabled = true\nport = 9090\n",
      "gw.toml", config_sections(), &errors);
  ASSERT_TRUE(r.is_ok()) << all(errors);
  EXPECT_EQ(r->scales.match_window_s, 60);
  ASSERT_EQ(r->rfid.readers.size(), 1u);
  EXPECT_EQ(r->rfid.readers[0].host, "10.0.0.5");
  EXPECT_EQ(r->portal.min_reads, 3);
  EXPECT_EQ(r->mqtt.uri, "tcp://broker:1883");
  EXPECT_EQ(r->scanners.labels.bin, std::vector<std::string>{"B*"});
  EXPECT_EQ(r->alerts.expiry_days, 3);
  EXPECT_TRUE(r->http.enabled);
  EXPECT_EQ(r->http.port, 9090);
}

TEST(ConfigDiff, EveryKnownKeyIsCompared) {
  Config a = defaults(), b = defaults();
  b.gateway.id = "gw-2";
  b.gateway.site = "SITE-2";
  b.log.level = "debug";
  b.store.path = "/elsewhere.db";
  b.store.idempotency_retention_hours = 3;
  b.store.device_record_days = 30;
  b.store.wal_limit_mib = 64;
  b.inventory.negative_stock = NegativeStock::allow;
  b.inventory.over_receipt_tolerance_pct = 0.25;
  b.inventory.max_batch = 7;
  b.outbox.retention_hours = 1;
  b.outbox.downlink_retention_hours = 2;
  b.metrics = {true, "/var/lib/node_exporter/jxc.prom", 5};
  b.site.timezone = "Asia/Shanghai";
  b.site.four_eyes = false;
  b.site.currency = "EUR";
  b.backup = {"/var/backups/jxc-edge", 6, 3};
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
  r.stop_trigger = "duration";
  r.inventory_ms = 3000;
  r.no_new_tags_ms = 300;
  r.reset_on_connect = true;
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
  b.scanners.devices.push_back({"s", "hid", "/dev/x", 1, 5, "odd", 2, "#", "~", ScanMode::count, "u", "A", "N"});
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
  al.language = "en";
  al.ack_base_url = "https://gw-1.warehouse.lan:8443";
  al.asn_overdue_minutes = 30;
  al.channels.push_back({"c", "smtp", "u", "f", "ca", 3, 4, "h", 2525, "implicit", "user", "pw", "from", {"to"},
                         {"stockout"}, "critical", "22:00", "06:00", "08:30"});
  b.http = {true, "::1", 1, 3, 64, 6, 12, 5, true, 77, true, 2048, 4096, 3, 4, 5, 6, 7, 8, 9, 10, 11, {"cert", "key"}};
  std::vector<std::string> keys;
  for (const auto& c : diff(a, b, config_sections())) keys.push_back(c.key);
  EXPECT_EQ(keys, known_keys(config_sections()));
}

// ---- the shipped example ----

// ctest sets JXC_SOURCE_DIR; the build's own source path serves a test run by hand.
std::string example_path() {
  const char* src = std::getenv("JXC_SOURCE_DIR");
  return std::string(src ? src : JXC_SOURCE_DIR_AT_BUILD) + "/config/gateway.example.toml";
}

TEST(ExampleConfig, IsValidAndEqualToTheEmbeddedDefaults) {
  std::vector<ConfigError> errors;
  auto r = load_file(example_path(), config_sections(), &errors);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string() << "\n" << all(errors);
  Config expected = defaults();
  expected.source = example_path();
  EXPECT_EQ(*r, expected);
}

// Given the example file, every key the parser knows should be written out
// with a comment above it, and no key should be written that the parser does
// not know (the parse test above catches those too).
TEST(ExampleConfig, DocumentsEveryKeyWithAComment) {
  std::ifstream in(example_path());
  ASSERT_TRUE(in) << example_path();
  std::string line, table, previous;
  std::set<std::string> documented;
  // Arrays of tables are documented as commented-out examples:
  // "# [[scales.buses]]" then "# key = value" lines.
  static const std::regex commented_key(R"(^# ([a-z_]+) = .*)");
  bool in_example = false;
  while (std::getline(in, line)) {
    std::smatch m;
    if (line.starts_with("# [[")) {
      table = line.substr(4, line.find("]]") - 4) + "[]";
      in_example = true;
    } else if (in_example && std::regex_match(line, m, commented_key)) {
      documented.insert(table + "." + m[1].str());
      EXPECT_TRUE(previous.starts_with("#")) << table << " example has no comment above it";
    } else if (line.starts_with("[")) {
      in_example = false;
      table = line.substr(1, line.find(']') - 1);
    } else if (!line.empty() && line[0] != '#' && line.find('=') != std::string::npos) {
      std::string key = line.substr(0, line.find_first_of(" ="));
      documented.insert(table + "." + key);
      EXPECT_TRUE(previous.starts_with("#")) << table << "." << key << " has no comment above it";
    }
    previous = line;
  }
  const auto keys = known_keys(config_sections());
  std::set<std::string> known(keys.begin(), keys.end());
  for (const auto& k : known) EXPECT_TRUE(documented.count(k)) << k << " is not documented in the example";
  for (const auto& k : documented) EXPECT_TRUE(known.count(k)) << k << " is documented but not a key";
}

}  // namespace
}  // namespace jxc::service
