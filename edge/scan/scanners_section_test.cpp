#include "edge/config/scanner.h"

#include <gtest/gtest.h>

#include "edge/scan/labels.h"
#include "edge/scan/scanners_section.h"

namespace jxc::scan {
namespace {

using namespace config;

// The section on its own, as service::config_sections() lists it.
Result<Config> parse(const std::string& text, const std::string& source, std::vector<ConfigError>* errors) {
  return config::parse(text, source, {scanners_section()}, errors);
}

std::string all(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string("gw.toml") + "\n";
  return out;
}

TEST(ScannerConfig, DevicesAndLabelsAreRead) {
  std::vector<ConfigError> errors;
  auto r = parse(R"([scanners.labels]
bin = ["LOC:*", "*@BIN"]
quantity = "Q=*"
undo = ""

[[scanners.devices]]
id = "dock-1"
kind = "serial"
path = "/dev/serial/by-id/usb-Cradle-if00"
baud = 115200
data_bits = 7
parity = "even"
stop_bits = 2
suffix = "\u0003"
gs_substitute = "^]"
mode = "count"
user = "ann"
ack = "\u0007"
receipt_inspection = "quarantine"

[[scanners.devices]]
id = "desk"
kind = "hid"
path = "/dev/input/by-id/usb-Scanner-event-kbd"
)", "gw.toml", &errors);
  ASSERT_TRUE(r.is_ok()) << all(errors);
  const auto& s = r->scanners;
  EXPECT_EQ(s.labels.bin, (std::vector<std::string>{"LOC:*", "*@BIN"}));
  EXPECT_EQ(s.labels.quantity, "Q=*");
  EXPECT_EQ(s.labels.undo, "");
  EXPECT_EQ(s.labels.finish, "%FINISH");  // default kept
  ASSERT_EQ(s.devices.size(), 2u);
  const auto& d = s.devices[0];
  EXPECT_EQ(d.id, "dock-1");
  EXPECT_EQ(d.baud, 115200);
  EXPECT_EQ(d.data_bits, 7);
  EXPECT_EQ(d.parity, "even");
  EXPECT_EQ(d.stop_bits, 2);
  EXPECT_EQ(d.suffix, "\x03");
  EXPECT_EQ(d.gs_substitute, "^]");
  EXPECT_EQ(d.mode, scan::Mode::count);
  EXPECT_EQ(d.ack, "\x07");
  EXPECT_EQ(d.receipt_inspection, "quarantine");
  EXPECT_EQ(s.devices[1].receipt_inspection, "none");
  EXPECT_EQ(s.devices[1].kind, "hid");
  EXPECT_EQ(s.devices[1].baud, 9600);
}

TEST(ScannerConfig, EveryProblemIsPositioned) {
  std::vector<ConfigError> errors;
  auto r = parse(R"([scanners.labels]
bin = ["A*B*"]
quantity = "QTY"
colour = "red"

[[scanners.devices]]
id = "s1"
kind = "usb"
path = "ttyUSB0"
baud = 12
parity = "mark"
mode = "ship"
speed = 1
receipt_inspection = "rejected"

[[scanners.devices]]
id = "s1"
kind = "hid"
path = "/dev/input/event3"
ack = "x"
)", "gw.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  const std::string text = all(errors);
  for (const char* expect : {
           "gw.toml:2:8: scanners.labels.bin: at most one '*' per pattern",
           "gw.toml:3:12: scanners.labels.quantity: needs a '*' where the number goes",
           "gw.toml:4:1: scanners.labels.colour: unknown key in [scanners.labels]",
           "gw.toml:8:8: scanners.devices[0].kind: expected \"serial\" or \"hid\"",
           "gw.toml:9:8: scanners.devices[0].path: expected an absolute device path",
           "gw.toml:10:8: scanners.devices[0].baud:",
           "gw.toml:11:10: scanners.devices[0].parity:",
           "gw.toml:12:8: scanners.devices[0].mode:",
           "gw.toml:13:1: scanners.devices[0].speed: unknown key in [[scanners.devices]]",
           "gw.toml:14:22: scanners.devices[0].receipt_inspection: expected one of \"none\", \"accepted\", \"quarantine\", got \"rejected\"",
           "gw.toml:17:6: scanners.devices[1].id: scanner id \"s1\" is used twice",
           "scanners.devices[1].ack: ack and nak need a serial scanner",
       })
    EXPECT_NE(text.find(expect), std::string::npos) << "missing: " << expect << "\nin:\n" << text;
}

TEST(ScannerConfig, MissingRequiredKeys) {
  std::vector<ConfigError> errors;
  auto r = parse("[[scanners.devices]]\nbaud = 9600\n", "gw.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  const std::string text = all(errors);
  EXPECT_NE(text.find("scanners.devices[0].id: missing"), std::string::npos) << text;
  EXPECT_NE(text.find("scanners.devices[0].path: missing"), std::string::npos) << text;
}

}  // namespace
}  // namespace jxc::scan
