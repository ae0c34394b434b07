#include "edge/config/scale.h"

#include <gtest/gtest.h>

#include "edge/weight/scales_section.h"

namespace jxc::weight {
namespace {

using namespace config;

// The section on its own, as service::config_sections() lists it.
Result<Config> parse(const std::string& text, const std::string& source, std::vector<ConfigError>* errors) {
  return config::parse(text, source, {scales_section()}, errors);
}

std::string all(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string("t.toml") + "\n";
  return out;
}

TEST(ScalesConfig, ReadsBusesModelsAndSlots) {
  std::vector<ConfigError> errors;
  auto r = parse(R"(
[scales]
match_window_s = 60
[[scales.buses]]
id = "bus-1"
transport = "rtu"
device = "/dev/ttyUSB0"
baud = 19200
parity = "even"
[[scales.models]]
id = "m1"
type = "uint16"
byte_order = "little"
decimals = 1
status_offset = 1
stable_bit = 0
[[scales.slots]]
id = "s1"
bus = "bus-1"
slave = 3
model = "m1"
item = "TEA-500"
bin = "A-01"
tare_g = 12.5
[[scales.slots]]
id = "s2"
bus = "bus-1"
model = "tuna-id551"
item = "RICE-5"
bin = "A-02"
)", "t.toml", &errors);
  ASSERT_TRUE(r.is_ok()) << all(errors);
  const Scales& s = r->scales;
  EXPECT_EQ(s.match_window_s, 60);
  ASSERT_EQ(s.buses.size(), 1u);
  EXPECT_EQ(s.buses[0].baud, 19200);
  EXPECT_EQ(s.buses[0].parity, "even");
  ASSERT_EQ(s.slots.size(), 2u);
  EXPECT_EQ(s.slots[0].slave, 3);
  EXPECT_DOUBLE_EQ(s.slots[0].tare_g, 12.5);
  ASSERT_NE(s.find_model("tuna-id551"), nullptr);
  EXPECT_EQ(s.find_model("m1")->byte_order, "little");
}

TEST(ScalesConfig, ReportsBadValuesUnknownKeysAndReferencesWithPositions) {
  std::vector<ConfigError> errors;
  auto r = parse(R"([[scales.buses]]
id = "bus-1"
transport = "rtu"
colour = "red"
[[scales.models]]
id = "m1"
type = "int64"
stable_bit = 3
[[scales.slots]]
id = "s1"
bus = "bus-9"
model = "nope"
item = "X"
bin = "A-01"
slave = 300
)", "t.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  std::string text = all(errors);
  EXPECT_NE(text.find("t.toml:4:1: scales.buses[0].colour: unknown key"), std::string::npos) << text;
  EXPECT_NE(text.find("scales.buses[0].device: an rtu bus needs its serial device"), std::string::npos) << text;
  EXPECT_NE(text.find("t.toml:7:8: scales.models[0].type"), std::string::npos) << text;
  EXPECT_NE(text.find("scales.models[0].status_offset"), std::string::npos) << text;
  EXPECT_NE(text.find("scales.slots[0].bus: no [[scales.buses]] has id \"bus-9\""), std::string::npos) << text;
  EXPECT_NE(text.find("scales.slots[0].model: unknown model \"nope\""), std::string::npos) << text;
  EXPECT_NE(text.find("t.toml:15:9: scales.slots[0].slave"), std::string::npos) << text;
}

// One read per slot, at most 125 registers per Modbus read: a model whose
// weight and status lie further apart can never be read.
TEST(ScalesConfig, RejectsAModelSpanningMoreRegistersThanOneReadHolds) {
  std::vector<ConfigError> errors;
  auto r = parse(R"([[scales.models]]
id = "wide"
type = "float32"
weight_offset = 0
status_offset = 125
stable_bit = 0
[[scales.models]]
id = "widest-fits"
type = "float32"
weight_offset = 0
status_offset = 124
stable_bit = 0
[[scales.models]]
id = "status-first"
type = "int16"
weight_offset = 200
status_offset = 10
stable_bit = 0
)", "t.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  const std::string text = all(errors);
  ASSERT_EQ(errors.size(), 2u) << text;
  EXPECT_NE(text.find("t.toml:5:1: scales.models[0].status_offset: the weight (offset 0) and the status register "
                      "(offset 125) span 126 registers; one Modbus read holds at most 125"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("t.toml:17:1: scales.models[2].status_offset: the weight (offset 200) and the status register "
                      "(offset 10) span 191 registers"),
            std::string::npos)
      << text;
}

// Weights in one block and status words in another, each with its stride;
// -1 is "no such bit" as documented.
TEST(ScalesConfig, ReadsALayoutWithSeparateWeightAndStatusBlocks) {
  std::vector<ConfigError> errors;
  auto r = parse(R"([[scales.models]]
id = "blocks"
type = "float32"
word_order = "little"
weight_offset = 16
weight_stride = 2
status_offset = 32
status_stride = 2
stable_bit = 0
overload_bit = -1
tare_done_bit = -1
)", "t.toml", &errors);
  ASSERT_TRUE(r.is_ok()) << all(errors);
  const auto& m = r->scales.models.at(0);
  EXPECT_TRUE(m.separate_blocks());
  EXPECT_EQ(m.weight_stride, 2);
  EXPECT_EQ(m.status_stride, 2);
  EXPECT_EQ(m.overload_bit, -1);
}

TEST(ScalesConfig, RejectsStridesOfBothKindsAndOneBitWithTwoMeanings) {
  std::vector<ConfigError> errors;
  auto r = parse(R"([[scales.models]]
id = "both"
weight_offset = 0
weight_stride = 2
status_offset = 8
status_stride = 1
channel_stride = 4
[[scales.models]]
id = "roles"
status_offset = 2
stable_bit = 3
tare_done_bit = 3
)", "t.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  const std::string text = all(errors);
  ASSERT_EQ(errors.size(), 2u) << text;
  EXPECT_NE(text.find("t.toml:7:1: scales.models[0].channel_stride: give channel_stride"), std::string::npos) << text;
  EXPECT_NE(text.find("t.toml:12:1: scales.models[1].tare_done_bit: bit 3 is already stable_bit"), std::string::npos)
      << text;
}

TEST(ScalesConfig, RejectsEmptyReferences) {
  std::vector<ConfigError> errors;
  auto r = parse("[[scales.buses]]\nid = \"b\"\n[[scales.slots]]\nid = \"s\"\nbus = \"\"\nmodel = \"tuna-id551\"\n"
                 "item = \"X\"\nbin = \"A\"\n",
                 "t.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(all(errors).find("t.toml:5:7: scales.slots[0].bus: must not be empty"), std::string::npos)
      << all(errors);
}

TEST(ScalesConfig, RequiresSlotKeys) {
  std::vector<ConfigError> errors;
  auto r = parse("[[scales.slots]]\nid = \"s\"\n", "t.toml", &errors);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(all(errors).find("scales.slots[0].bus: missing"), std::string::npos) << all(errors);
}

}  // namespace
}  // namespace jxc::weight
