#include <gtest/gtest.h>

#include "edge/rfid/portal.h"
#include "edge/rfid/test_tags.h"

namespace jxc::rfid {
namespace {

using testing::read_of;
using testing::sgtin96;

constexpr TimeMs T0 = 1'764'000'000'000;

// ---- smoothing ----

struct SmoothCase {
  const char* name;
  std::vector<std::pair<TimeMs, std::int8_t>> reads;  // offset from T0, RSSI; all on antenna 1
  bool present;
  int counted;
};

class Smoothing : public ::testing::TestWithParam<SmoothCase> {};

TEST_P(Smoothing, DecidesPresenceFromFloorCountWindowAndDuplicates) {
  Smoother s(SmoothingOptions{-75, 3, 1000, 50, 3000});
  const std::string key = "EPC-1";
  int counted = 0;
  for (auto [dt, rssi] : GetParam().reads) counted += s.observe(key, 1, rssi, T0 + dt).counted ? 1 : 0;
  const TagState* t = s.find(key);
  EXPECT_EQ(t && t->present, GetParam().present);
  EXPECT_EQ(counted, GetParam().counted);
}

INSTANTIATE_TEST_SUITE_P(
    Table, Smoothing,
    ::testing::Values(SmoothCase{"ThreeReadsInTheWindow", {{0, -60}, {200, -60}, {400, -60}}, true, 3},
                      SmoothCase{"TwoReadsAreNotEnough", {{0, -60}, {200, -60}}, false, 2},
                      SmoothCase{"ThreeReadsTooFarApart", {{0, -60}, {600, -60}, {1200, -60}}, false, 3},
                      SmoothCase{"ReadsBelowTheFloorDoNotCount", {{0, -60}, {200, -80}, {400, -76}}, false, 1},
                      SmoothCase{"TheFloorItselfCounts", {{0, -75}, {200, -75}, {400, -75}}, true, 3},
                      SmoothCase{"RepeatsWithinDedupAreOneRead", {{0, -60}, {10, -60}, {20, -60}, {49, -60}}, false, 1},
                      SmoothCase{"RepeatsAfterDedupCount", {{0, -60}, {60, -60}, {120, -60}}, true, 3}),
    [](const auto& info) { return std::string(info.param.name); });

// A reader may accumulate a tag's reads into one report with TagSeenCount.
TEST(Smoothing, AReportOfAccumulatedReadsCountsAsThatManyReads) {
  Smoother s(SmoothingOptions{-75, 3, 1000, 50, 3000});
  auto o = s.observe("A", 1, -60, T0, 4);
  EXPECT_TRUE(o.counted);
  EXPECT_TRUE(o.arrived);
  EXPECT_EQ(s.find("A")->reads, 4);
  // Two reports of two reads each make three within the window too.
  EXPECT_FALSE(s.observe("B", 1, -60, T0, 2).arrived);
  EXPECT_TRUE(s.observe("B", 1, -60, T0 + 100, 2).arrived);
  // Below the floor, accumulated or not, nothing counts.
  EXPECT_EQ(s.observe("C", 1, -80, T0, 9).tag, nullptr);
}

TEST(SmoothingDeparture, ATagSilentForTheDepartureTimeHasLeft) {
  Smoother s(SmoothingOptions{-75, 1, 1000, 0, 3000});
  ASSERT_TRUE(s.observe("A", 1, -50, T0).arrived);
  s.observe("B", 1, -50, T0 + 2000);
  std::vector<std::string> gone;
  s.expire(T0 + 2999, &gone);
  EXPECT_TRUE(gone.empty());
  s.expire(T0 + 3000, &gone);
  EXPECT_EQ(gone, std::vector<std::string>{"A"});
  EXPECT_EQ(s.find("A"), nullptr);
  EXPECT_NE(s.find("B"), nullptr);
  // Back again: a new arrival.
  EXPECT_TRUE(s.observe("A", 1, -50, T0 + 3100).arrived);
}

TEST(SmoothingDeparture, DuplicatesKeepATagFromDeparting) {
  Smoother s(SmoothingOptions{-75, 1, 1000, 5000, 3000});
  s.observe("A", 1, -50, T0);
  s.observe("A", 1, -50, T0 + 2500);  // a duplicate, but it shows the tag is still there
  s.expire(T0 + 4000);
  EXPECT_NE(s.find("A"), nullptr);
}

// ---- passes ----

config::PortalConfig two_doors() {
  config::PortalConfig c;
  c.min_reads = 2;
  c.dedup_ms = 0;
  config::PortalConfig::Door d1;
  d1.id = "door-1";
  d1.location = "RECV-1";
  d1.reader = "dock";
  d1.outside_antennas = {1};
  d1.inside_antennas = {2};
  d1.gpi_port = 1;
  d1.pass_idle_close_ms = 2000;
  d1.max_pass_ms = 20000;
  config::PortalConfig::Door d2 = d1;
  d2.id = "door-2";
  d2.outside_antennas = {3};
  d2.inside_antennas = {4};
  d2.gpi_port = 2;
  c.doors = {d1, d2};
  return c;
}

/// A tag carried through a door: two reads on the first antenna, then two on the second.
void carry(PortalLogic& p, const std::vector<std::uint8_t>& epc, std::uint16_t from, std::uint16_t to,
           TimeMs at, std::int8_t rssi = -50) {
  std::vector<TagRead> reads = {read_of(epc, "dock", from, rssi, at), read_of(epc, "dock", from, rssi, at + 100),
                                read_of(epc, "dock", to, rssi, at + 300), read_of(epc, "dock", to, rssi, at + 400)};
  p.on_reads("dock", reads, at);
}

TEST(Passes, ABeamOpensAPassAndIdleTimeClosesIt) {
  PortalLogic p(two_doors());
  p.on_gpi(GpiEvent{"dock", 1, true, T0});
  EXPECT_EQ(p.open_passes(), 1u);
  carry(p, sgtin96(6901234, 56789, 1), 1, 2, T0 + 500);
  p.tick(T0 + 900 + 1999);
  EXPECT_EQ(p.open_passes(), 1u);
  p.tick(T0 + 900 + 2000);
  EXPECT_EQ(p.open_passes(), 0u);
  auto passes = p.take_passes();
  ASSERT_EQ(passes.size(), 1u);
  EXPECT_TRUE(passes[0].opened_by_beam);
  EXPECT_EQ(passes[0].opened_at, T0);
  EXPECT_EQ(passes[0].closed_at, T0 + 2900);
  ASSERT_EQ(passes[0].tags.size(), 1u);
  EXPECT_EQ(passes[0].tags[0].epc.id_uri, "urn:epc:id:sgtin:6901234.056789.1");
}

TEST(Passes, ABeamWithNothingTaggedMakesNoPass) {
  PortalLogic p(two_doors());
  p.on_gpi(GpiEvent{"dock", 1, true, T0});
  p.tick(T0 + 5000);
  EXPECT_TRUE(p.take_passes().empty());
  EXPECT_EQ(p.stats().empty_passes, 1u);
}

TEST(Passes, TheFirstValidReadOpensAPassWithoutABeam) {
  PortalLogic p(two_doors());
  auto epc = sgtin96(6901234, 56789, 1);
  std::vector<TagRead> one = {read_of(epc, "dock", 1, -50, T0)};
  p.on_reads("dock", one, T0);
  EXPECT_EQ(p.open_passes(), 0u) << "one read is below min_reads";
  std::vector<TagRead> two = {read_of(epc, "dock", 1, -50, T0 + 100)};
  p.on_reads("dock", two, T0 + 100);
  EXPECT_EQ(p.open_passes(), 1u);
}

TEST(Passes, AStreamOfTagsIsCutAtTheMaximumDuration) {
  PortalLogic p(two_doors());
  for (int i = 0; i < 30; ++i) {
    p.tick(T0 + i * 1000);
    carry(p, sgtin96(6901234, 56789, i), 1, 2, T0 + i * 1000);
  }
  auto passes = p.take_passes();
  ASSERT_EQ(passes.size(), 1u);
  EXPECT_EQ(passes[0].closed_at - passes[0].opened_at, 20000);
  EXPECT_EQ(passes[0].tags.size(), 20u);
}

TEST(Passes, ATagStillPresentAfterItsPassIsNotCountedAgain) {
  PortalLogic p(two_doors());
  auto epc = sgtin96(6901234, 56789, 1);
  carry(p, epc, 1, 2, T0);
  p.tick(T0 + 2400);
  ASSERT_EQ(p.take_passes().size(), 1u);
  // Parked by the inside antenna and read on (within the departure time).
  std::vector<TagRead> more = {read_of(epc, "dock", 2, -50, T0 + 2500), read_of(epc, "dock", 2, -50, T0 + 2600)};
  p.on_reads("dock", more, T0 + 2600);
  EXPECT_EQ(p.open_passes(), 0u);
}

TEST(Direction, OutsideThenInsideIsInboundAndTheReverseOutbound) {
  PortalLogic p(two_doors());
  carry(p, sgtin96(6901234, 56789, 1), 1, 2, T0);
  carry(p, sgtin96(6901234, 56789, 2), 4, 3, T0);
  p.tick(T0 + 10000);
  auto passes = p.take_passes();
  ASSERT_EQ(passes.size(), 2u);
  EXPECT_EQ(passes[0].door, "door-1");
  EXPECT_EQ(passes[0].direction, Direction::inbound);
  EXPECT_EQ(passes[1].door, "door-2");
  EXPECT_EQ(passes[1].direction, Direction::outbound);
}

TEST(Direction, AFixedModeWinsOverAntennaOrder) {
  auto c = two_doors();
  c.doors[0].mode = "outbound";
  PortalLogic p(c);
  carry(p, sgtin96(6901234, 56789, 1), 1, 2, T0);
  p.tick(T0 + 10000);
  auto passes = p.take_passes();
  ASSERT_EQ(passes.size(), 1u);
  EXPECT_EQ(passes[0].direction, Direction::outbound);
}

TEST(Direction, OneAntennaGroupOnlyIsUnknown) {
  PortalLogic p(two_doors());
  carry(p, sgtin96(6901234, 56789, 1), 1, 1, T0);
  p.tick(T0 + 10000);
  auto passes = p.take_passes();
  ASSERT_EQ(passes.size(), 1u);
  EXPECT_EQ(passes[0].direction, Direction::unknown);
}

// ---- cross-reads ----

TEST(CrossReads, TheClearlyStrongerDoorGetsTheTag) {
  PortalLogic p(two_doors());
  auto mine = sgtin96(6901234, 56789, 1);
  auto stray = sgtin96(6901234, 56789, 2);
  carry(p, mine, 1, 2, T0, -45);
  carry(p, stray, 3, 4, T0, -45);
  carry(p, stray, 1, 2, T0 + 50, -68);  // door-1 also sees door-2's tag, weakly
  p.tick(T0 + 10000);
  auto passes = p.take_passes();
  ASSERT_EQ(passes.size(), 2u);
  ASSERT_EQ(passes[0].tags.size(), 1u);
  EXPECT_EQ(passes[0].tags[0].epc.serial, "1");
  EXPECT_TRUE(passes[0].ambiguous.empty());
  ASSERT_EQ(passes[1].tags.size(), 1u);
  EXPECT_EQ(passes[1].tags[0].epc.serial, "2");
  EXPECT_EQ(p.stats().cross_reads, 1u);
}

TEST(CrossReads, AnUnclearTagIsAmbiguousAtBothDoorsAndCountedAtNeither) {
  PortalLogic p(two_doors());
  auto tag = sgtin96(6901234, 56789, 7);
  carry(p, sgtin96(6901234, 56789, 1), 1, 2, T0, -45);
  carry(p, tag, 1, 2, T0, -55);
  carry(p, tag, 3, 4, T0 + 20, -57);
  p.tick(T0 + 10000);
  auto passes = p.take_passes();
  ASSERT_EQ(passes.size(), 2u);
  EXPECT_EQ(passes[0].tags.size(), 1u);
  EXPECT_TRUE(passes[1].tags.empty());
  ASSERT_EQ(passes[0].ambiguous.size(), 1u);
  ASSERT_EQ(passes[1].ambiguous.size(), 1u);
  EXPECT_EQ(passes[0].ambiguous[0].also_read_at, std::vector<std::string>{"door-2"});
  EXPECT_EQ(passes[1].ambiguous[0].also_read_at, std::vector<std::string>{"door-1"});
}

TEST(CrossReads, AClosedPassWaitsForAnOverlappingOneStillOpen) {
  auto c = two_doors();
  c.doors[1].pass_idle_close_ms = 8000;
  PortalLogic p(c);
  auto tag = sgtin96(6901234, 56789, 7);
  carry(p, tag, 1, 2, T0, -50);
  carry(p, tag, 3, 4, T0, -50);
  p.tick(T0 + 3000);  // door-1 closed, door-2 still open
  EXPECT_TRUE(p.take_passes().empty());
  EXPECT_EQ(p.pending_passes(), 1u);
  p.tick(T0 + 9000);
  auto passes = p.take_passes();
  ASSERT_EQ(passes.size(), 2u);
  EXPECT_EQ(passes[0].ambiguous.size() + passes[1].ambiguous.size(), 2u);
}

TEST(CrossReads, AClosedPassDoesNotWaitForAnOverlappingOneThatSharesNoTag) {
  auto c = two_doors();
  c.doors[1].pass_idle_close_ms = 8000;
  PortalLogic p(c);
  carry(p, sgtin96(6901234, 56789, 7), 1, 2, T0, -50);
  carry(p, sgtin96(6901234, 56789, 8), 3, 4, T0, -50);
  p.tick(T0 + 3000);  // door-1 closed, door-2 still open with another tag
  auto passes = p.take_passes();
  ASSERT_EQ(passes.size(), 1u);
  EXPECT_EQ(passes[0].door, c.doors[0].id);
  EXPECT_EQ(p.open_passes(), 1u);
}

TEST(CrossReads, TheSameTagThroughTwoDoorsAtDifferentTimesIsTwoPasses) {
  PortalLogic p(two_doors());
  auto tag = sgtin96(6901234, 56789, 7);
  carry(p, tag, 1, 2, T0);
  p.tick(T0 + 3000);
  carry(p, tag, 3, 4, T0 + 60000);
  p.tick(T0 + 70000);
  auto passes = p.take_passes();
  ASSERT_EQ(passes.size(), 2u);
  EXPECT_EQ(passes[0].tags.size(), 1u);
  EXPECT_EQ(passes[1].tags.size(), 1u);
}

TEST(Routing, ReadsFromUnknownReadersAndAntennasAreCountedNotUsed) {
  PortalLogic p(two_doors());
  std::vector<TagRead> reads = {read_of(sgtin96(1, 1, 1), "elsewhere", 1, -40, T0)};
  p.on_reads("elsewhere", reads, T0);
  reads = {read_of(sgtin96(1, 1, 1), "dock", 9, -40, T0)};
  p.on_reads("dock", reads, T0);
  EXPECT_EQ(p.stats().unrouted, 2u);
  EXPECT_EQ(p.open_passes(), 0u);
}

}  // namespace
}  // namespace jxc::rfid
