// The [rfid] section: readers with every key, defaults, and each mistake
// reported at its line and column.
#include <gtest/gtest.h>

#include "edge/rfid/rfid_section.h"

namespace jxc::rfid {
namespace {

using namespace config;

// The section on its own, as service::config_sections() lists it.
Result<Config> parse(const std::string& text, const std::string& source, std::vector<ConfigError>* errors) {
  return config::parse(text, source, {rfid_section()}, errors);
}

TEST(RfidConfig, ReadsEveryKeyAndAppliesDefaults) {
  std::vector<ConfigError> errors;
  auto c = parse(R"(
[[rfid.readers]]
id = "door-1"
host = "192.168.10.21"
port = 5085
antennas = [1, 2, 3]
tx_power_dbm = [30, 27.5, 20]
keepalive_ms = 2000
start_trigger = "gpi"
gpi_port = 2
stop_trigger = "no_new_tags"
inventory_ms = 5000
no_new_tags_ms = 400
reset_on_connect = true
reconnect_min_ms = 500
reconnect_max_ms = 60000
max_frame_bytes = 65536

[[rfid.readers]]
id = "forklift-7"
host = "fl7.local"
)", "gw.toml", &errors);
  ASSERT_TRUE(c) << (errors.empty() ? "" : errors[0].to_string("gw.toml"));
  ASSERT_EQ(c->rfid.readers.size(), 2u);
  const auto& d = c->rfid.readers[0];
  EXPECT_EQ(d.id, "door-1");
  EXPECT_EQ(d.port, 5085);
  EXPECT_EQ(d.antennas, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(d.tx_power_dbm, (std::vector<double>{30, 27.5, 20}));
  EXPECT_EQ(d.keepalive_ms, 2000);
  EXPECT_EQ(d.start_trigger, "gpi");
  EXPECT_EQ(d.gpi_port, 2);
  EXPECT_EQ(d.stop_trigger, "no_new_tags");
  EXPECT_EQ(d.inventory_ms, 5000);
  EXPECT_EQ(d.no_new_tags_ms, 400);
  EXPECT_TRUE(d.reset_on_connect);
  EXPECT_EQ(d.reconnect_min_ms, 500);
  EXPECT_EQ(d.reconnect_max_ms, 60000);
  EXPECT_EQ(d.max_frame_bytes, 65536);
  const auto& f = c->rfid.readers[1];
  EXPECT_EQ(f.port, 5084);
  EXPECT_TRUE(f.antennas.empty());
  EXPECT_EQ(f.keepalive_ms, 5000);
  EXPECT_EQ(f.start_trigger, "immediate");
  EXPECT_EQ(f.stop_trigger, "gpi");
  EXPECT_EQ(f.inventory_ms, 10000);
  EXPECT_FALSE(f.reset_on_connect);
  EXPECT_EQ(f.max_frame_bytes, 1 << 20);
}

struct Case {
  const char* toml;
  int line, column;
  const char* key;
  const char* part;
};

TEST(RfidConfig, MistakesAreReportedAtTheirPosition) {
  const Case cases[] = {
      {"[[rfid.readers]]\nid = \"a\"\nhost = \"h\"\nport = 70000\n", 4, 8, "rfid.readers[0].port", "1 to 65535"},
      {"[[rfid.readers]]\nid = \"a\"\nhost = \"h\"\nspeed = 1\n", 4, 9, "rfid.readers[0].speed", "unknown key"},
      {"[[rfid.readers]]\nid = \"a\"\nhost = \"h\"\nantennas = [1, 0]\n", 4, 16, "rfid.readers[0].antennas", "from 1"},
      {"[[rfid.readers]]\nid = \"a\"\nhost = \"h\"\nantennas = [1, 2]\ntx_power_dbm = [30, 30, 30]\n", 5, 16,
       "rfid.readers[0].tx_power_dbm", "one per antenna (2), got 3"},
      {"[[rfid.readers]]\nid = \"a\"\nhost = \"h\"\nstart_trigger = \"beam\"\n", 4, 17, "rfid.readers[0].start_trigger",
       "\"immediate\" or \"gpi\""},
      {"[[rfid.readers]]\nid = \"a\"\nhost = \"h\"\nstop_trigger = \"never\"\n", 4, 16, "rfid.readers[0].stop_trigger",
       "one of \"gpi\", \"duration\", \"no_new_tags\""},
      {"[[rfid.readers]]\nid = \"a\"\nhost = \"h\"\nno_new_tags_ms = 70000\n", 4, 18, "rfid.readers[0].no_new_tags_ms",
       "10 to 65535"},
      {"[[rfid.readers]]\nid = \"a\"\nhost = \"h\"\nkeepalive_ms = 5\n", 4, 16, "rfid.readers[0].keepalive_ms", "0 (off)"},
      {"[[rfid.readers]]\nid = \"a\"\n", 1, 1, "rfid.readers[0].host", "missing"},
      {"[[rfid.readers]]\nid = \"a\"\nhost = \"h\"\n[[rfid.readers]]\nid = \"a\"\nhost = \"k\"\n", 4, 1,
       "rfid.readers[1].id", "duplicate reader id \"a\""},
      {"[rfid]\nreaders = 3\n", 2, 11, "rfid.readers", "array of tables"},
      {"[[rfid.readers]]\nid = \"a\"\nhost = \"h\"\nreconnect_min_ms = 5000\nreconnect_max_ms = 1000\n", 1, 1,
       "rfid.readers[0].reconnect_max_ms", "must not be below"},
  };
  for (const Case& c : cases) {
    std::vector<ConfigError> errors;
    auto r = parse(c.toml, "gw.toml", &errors);
    ASSERT_FALSE(r) << c.toml;
    ASSERT_EQ(errors.size(), 1u) << c.toml << errors[0].to_string("gw.toml");
    EXPECT_EQ(errors[0].line, c.line) << errors[0].to_string("gw.toml");
    EXPECT_EQ(errors[0].column, c.column) << errors[0].to_string("gw.toml");
    EXPECT_EQ(errors[0].key, c.key);
    EXPECT_NE(errors[0].message.find(c.part), std::string::npos) << errors[0].message;
  }
}

}  // namespace
}  // namespace jxc::rfid
