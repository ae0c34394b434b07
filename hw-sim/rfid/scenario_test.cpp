// Scenario files: what they expand to, and bad ones refused with the step named.
#include <gtest/gtest.h>

#include "hw-sim/rfid/scenario.h"

namespace jxc::hwsim::rfid {
namespace {

TEST(RfidScenario, PassesBurstsAndBacklogsExpandToTimedReads) {
  auto sc = parse_scenario(R"({"readers": [{"id": "d1", "antennas": 2, "steps": [
      {"kind": "gpi", "at_ms": 900, "port": 2, "high": false},
      {"kind": "pass", "at_ms": 0, "epcs": ["3014000000000000000000AA"], "antennas": [1, 2],
       "duration_ms": 1000, "interval_ms": 250, "rssi_low": -70, "rssi_peak": -40},
      {"kind": "burst", "at_ms": 50, "epc_base": "30140000000000000000FFFF", "count": 3},
      {"kind": "disconnect", "at_ms": 2000, "backlog": {"epc": "E200", "repeat": 4}}]},
      {"id": "d2", "llrp_version": 2}]})");
  ASSERT_TRUE(sc) << sc.status().to_string();
  ASSERT_EQ(sc->readers.size(), 2u);
  const auto& r = sc->readers[0];
  EXPECT_EQ(r.id, "d1");
  EXPECT_EQ(sc->readers[1].max_version, 2);
  // 5 pass ticks + burst + gpi + disconnect, in time order.
  ASSERT_EQ(r.steps.size(), 8u);
  for (std::size_t i = 1; i < r.steps.size(); ++i) EXPECT_LE(r.steps[i - 1].at_ms, r.steps[i].at_ms);
  EXPECT_EQ(r.steps[0].reads[0].antenna, 1);
  EXPECT_EQ(r.steps[0].reads[0].rssi, -70);
  const auto& burst = r.steps[1];
  ASSERT_EQ(burst.reads.size(), 3u);
  EXPECT_EQ(burst.reads[2].epc.back(), 0x01);  // ...FFFF + 2 carries into the next byte
  EXPECT_EQ(burst.reads[2].epc[burst.reads[2].epc.size() - 2], 0x00);
  EXPECT_EQ(r.steps[3].reads[0].rssi, -40);    // mid-pass: the peak
  EXPECT_EQ(r.steps[4].reads[0].antenna, 2);   // second half: the inside antenna
  EXPECT_EQ(r.steps[5].kind, Step::Kind::gpi);
  EXPECT_FALSE(r.steps[5].gpi_high);
  EXPECT_EQ(r.steps[7].backlog.size(), 4u);
}

TEST(RfidScenario, ErrorStepsCarryTheirDescriptionAsTextOrRawBytes) {
  auto sc = parse_scenario(R"({"steps": [{"kind": "error", "code": 401},
      {"kind": "error", "at_ms": 1, "description": "antenna 3 open"},
      {"kind": "error", "at_ms": 2, "description_hex": "C328FF0A1B"}]})");
  ASSERT_TRUE(sc) << sc.status().to_string();
  const auto& steps = sc->readers.at(0).steps;
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].error_description, "simulated reader error");
  EXPECT_EQ(steps[1].error_description, "antenna 3 open");
  EXPECT_EQ(steps[2].error_description, "\xC3\x28\xFF\x0A\x1B");
  auto bad = parse_scenario(R"({"steps": [{"kind": "error", "description_hex": "C3Z"}]})");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.status().reason().find("description_hex"), std::string::npos) << bad.status().reason();
}

TEST(RfidScenario, BadFilesAreRefusedWithTheStepNamed) {
  auto unknown = parse_scenario(R"({"steps": [{"kind": "read", "epc": "01"}, {"kind": "explode"}]})");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.status().reason().find("step 2: unknown kind \"explode\""), std::string::npos)
      << unknown.status().reason();
  auto hex = parse_scenario(R"({"steps": [{"kind": "read", "epc": "0x1"}]})");
  ASSERT_FALSE(hex);
  EXPECT_NE(hex.status().reason().find("step 1"), std::string::npos);
  EXPECT_FALSE(parse_scenario(R"({"steps": [{"kind": "read"}]})"));
  EXPECT_FALSE(parse_scenario(R"({"llrp_version": 3})"));
  EXPECT_FALSE(parse_scenario("{not json"));
}

TEST(RfidScenario, SustainedTrafficIsFreshTagsThroughEachDoorInTurn) {
  auto sc = parse_scenario(R"({"id": "d1", "traffic": {"rate": 5000, "doors": [[1, 2], [3, 4]],
      "epc_base": "E2000000000000000000FFFE", "tags_per_pass": 2, "reads_per_tag": 4, "duration_ms": 1000}})");
  ASSERT_TRUE(sc) << sc.status().to_string();
  const Traffic& t = sc->readers[0].traffic;
  EXPECT_EQ(t.rate, 5000);
  EXPECT_EQ(t.duration_ms, 1000);
  TrafficGen gen(t);
  std::vector<SimRead> reads;
  gen.next(8, reads);  // the first pass: 2 tags x 4 reads at door 1
  gen.next(3, reads);  // the second pass begins at door 2
  ASSERT_EQ(reads.size(), 11u);
  std::vector<std::uint16_t> antennas;
  for (const auto& r : reads) antennas.push_back(r.antenna);
  EXPECT_EQ(antennas, (std::vector<std::uint16_t>{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3}));
  EXPECT_EQ(reads[0].epc.back(), 0xFE);
  EXPECT_EQ(reads[1].epc.back(), 0xFF);
  EXPECT_EQ(reads[2].epc, reads[0].epc);
  // Pass two's tags are new: the counter carries into the next byte.
  EXPECT_EQ(reads[8].epc.back(), 0x00);
  EXPECT_EQ(reads[8].epc[reads[8].epc.size() - 2], 0x00);
  EXPECT_EQ(reads[8].epc[reads[8].epc.size() - 3], 0x01);
  EXPECT_EQ(gen.passes_started(), 2u);

  for (const char* bad : {R"({"traffic": {"rate": 0, "doors": [[1, 2]], "epc_base": "E2000000"}})",
                          R"({"traffic": {"rate": 10, "doors": [[1]], "epc_base": "E2000000"}})",
                          R"({"traffic": {"rate": 10, "doors": [[1, 2]], "epc_base": "E2"}})",
                          R"({"traffic": {"rate": 10, "doors": [], "epc_base": "E2000000"}})",
                          R"({"traffic": {"rate": 10, "doors": [[1, 2]], "epc_base": "E2000000", "reads_per_tag": 1}})",
                          R"({"traffic": {"rate": 10, "doors": [[-1, 2]], "epc_base": "E2000000"}})",
                          R"({"traffic": {"rate": 10, "doors": [[1, 2]], "epc_base": "E2000000", "rssi": -200}})",
                          R"({"traffic": {"rate": 10, "doors": [[1, 2]], "epc_base": "E2000000", "duration_ms": -5}})"}) {
    auto r = parse_scenario(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_NE(r.status().reason().find("traffic"), std::string::npos) << r.status().reason();
    }
  }
}

}  // namespace
}  // namespace jxc::hwsim::rfid
