#include <gtest/gtest.h>

#include "edge/rfid/portal_section.h"

namespace jxc::rfid {
namespace {

using namespace config;

// The section on its own, as service::config_sections() lists it.
Result<Config> parse(const std::string& text, const std::string& source, std::vector<ConfigError>* errors) {
  return config::parse(text, source, {portal_section()}, errors);
}

std::string all(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string("gw.toml") + "\n";
  return out;
}

constexpr const char* kTwoDoorsAndAForklift = R"(
[portal]
rssi_floor_dbm = -65
min_reads = 3
cross_read_ratio = 3

[[portal.doors]]
id = "door-1"
location = "RECV-1"
reader = "dock-1"
outside_antennas = [1]
inside_antennas = [2]
gpi_port = 1
auto_post = false
receipt_inspection = "quarantine"

[[portal.doors]]
id = "door-2"
location = "SHIP-1"
reader = "dock-1"
outside_antennas = [3]
mode = "outbound"

[[portal.forklifts]]
id = "fl-1"
reader = "forklift-1"
from_location = "RECV-1"
)";

TEST(PortalConfig, DoorsAndForkliftsAreRead) {
  std::vector<ConfigError> errors;
  auto r = parse(kTwoDoorsAndAForklift, "gw.toml", &errors);
  ASSERT_TRUE(r.is_ok()) << all(errors);
  const auto& p = r->portal;
  EXPECT_EQ(p.rssi_floor_dbm, -65);
  EXPECT_EQ(p.min_reads, 3);
  EXPECT_DOUBLE_EQ(p.cross_read_ratio, 3.0);
  EXPECT_EQ(p.window_ms, PortalConfig{}.window_ms);
  ASSERT_EQ(p.doors.size(), 2u);
  EXPECT_EQ(p.doors[0].id, "door-1");
  EXPECT_EQ(p.doors[0].outside_antennas, std::vector<std::int64_t>{1});
  EXPECT_EQ(p.doors[0].inside_antennas, std::vector<std::int64_t>{2});
  EXPECT_EQ(p.doors[0].gpi_port, 1);
  EXPECT_FALSE(p.doors[0].auto_post);
  EXPECT_EQ(p.doors[0].receipt_inspection, "quarantine");
  EXPECT_EQ(p.doors[1].receipt_inspection, "none");
  EXPECT_EQ(p.doors[1].mode, "outbound");
  EXPECT_TRUE(p.doors[1].auto_post);
  ASSERT_EQ(p.forklifts.size(), 1u);
  EXPECT_EQ(p.forklifts[0].from_location, "RECV-1");
  EXPECT_TRUE(p.forklifts[0].antennas.empty());
}

struct Bad {
  const char* text;
  int line, column;
  const char* key;
  const char* message_part;
};

class PortalError : public ::testing::TestWithParam<Bad> {};

TEST_P(PortalError, IsPositionedAndExplained) {
  std::vector<ConfigError> errors;
  auto r = parse(GetParam().text, "gw.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  ASSERT_EQ(errors.size(), 1u) << all(errors);
  EXPECT_EQ(errors[0].line, GetParam().line) << all(errors);
  EXPECT_EQ(errors[0].column, GetParam().column) << all(errors);
  EXPECT_EQ(errors[0].key, GetParam().key);
  EXPECT_NE(errors[0].message.find(GetParam().message_part), std::string::npos) << all(errors);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PortalError,
    ::testing::Values(
        Bad{"[portal]\nmin_read = 2\n", 2, 1, "portal.min_read", "unknown key"},
        Bad{"[portal]\nmin_reads = 0\n", 2, 13, "portal.min_reads", "from 1 to 64"},
        Bad{"[[portal.doors]]\nid = \"d\"\nlocation = \"R\"\nreader = \"r\"\noutside_antennas = [1]\n", 1, 1,
            "portal.doors[0].mode", "needs outside_antennas and inside_antennas"},
        Bad{"[[portal.doors]]\nid = \"d\"\nlocation = \"R\"\nreader = \"r\"\noutside_antennas = [1, 0]\n"
            "inside_antennas = [2]\n",
            5, 20, "portal.doors[0].outside_antennas", "antenna numbers from 1 to 65535"},
        Bad{"[[portal.doors]]\nid = \"d\"\nlocation = \"R\"\nreader = \"r\"\noutside_antennas = [1]\n"
            "inside_antennas = [2]\nmode = \"sideways\"\n",
            7, 8, "portal.doors[0].mode", "\"inbound\", \"outbound\", \"both\""},
        Bad{"[[portal.doors]]\nid = \"d\"\nlocation = \"R\"\nreader = \"r\"\noutside_antennas = [1]\n"
            "inside_antennas = [2]\nreceipt_inspection = \"rejected\"\n",
            7, 22, "portal.doors[0].receipt_inspection", "\"none\", \"accepted\", \"quarantine\""},
        Bad{"[[portal.doors]]\nid = \"d\"\nreader = \"r\"\noutside_antennas = [1]\ninside_antennas = [2]\n", 1, 1,
            "portal.doors[0].location", "is required"},
        Bad{"[[portal.doors]]\nid = \"d\"\nlocation = \"R\"\nreader = \"r\"\noutside_antennas = [1]\n"
            "inside_antennas = [2]\n[[portal.forklifts]]\nid = \"f\"\nreader = \"r\"\nantennas = [2]\n"
            "from_location = \"R\"\n",
            7, 1, "portal.forklifts[0].reader", "already belongs to door \"d\""},
        Bad{"[[portal.doors]]\nid = \"d\"\nlocation = \"R\"\nreader = \"r\"\noutside_antennas = [1]\n"
            "inside_antennas = [2]\nbeam = 1\n",
            7, 1, "portal.doors[0].beam", "unknown key"}));

}  // namespace
}  // namespace jxc::rfid
