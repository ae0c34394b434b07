// What the read pipeline records of each settled pass for the device
// report (inventory/device_records.h): through the real pipeline, a clean
// pass, a held one and one that makes no document.

#include <gtest/gtest.h>

#include "edge/config/config.h"
#include "edge/devices/health.h"
#include "edge/inventory/device_performance.h"
#include "edge/inventory/test_store.h"
#include "edge/rfid/read_pipeline.h"
#include "edge/rfid/test_tags.h"

namespace jxc::rfid {
namespace {

using inventory::OrderLine;
using testing::read_of;

std::vector<std::uint8_t> record_tea(std::uint64_t serial) { return testing::sgtin96(6901234, 56789, serial); }
std::vector<std::uint8_t> record_rice(std::uint64_t serial) { return testing::sgtin96(4006381, 33393, serial); }

class PassRecords : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    config_.gateway.site = "S1";
    config_.store.path = store_path_;
    config_.portal.min_reads = 2;
    config_.portal.dedup_ms = 0;
    config::PortalConfig::Door d;
    d.id = "door-1";
    d.location = "RECV-1";
    d.reader = "dock-1";
    d.outside_antennas = {1};
    d.inside_antennas = {2};
    d.pass_idle_close_ms = 2000;
    config_.portal.doors = {d};
  }

  void asn(const std::string& number, std::vector<OrderLine> lines) {
    inventory::Order o;
    o.kind = inventory::OrderKind::expected_receipt;
    o.number = number;
    o.door = "door-1";
    o.lines = std::move(lines);
    ASSERT_TRUE(engine_->upsert_order(o).is_ok());
  }

  /// Carries the tags in through door-1 and lets the pass settle.
  void pass_in(ReadPipeline& p, const std::vector<std::vector<std::uint8_t>>& tags) {
    const TimeMs at = clock_.now_ms();
    std::vector<TagRead> reads;
    for (const auto& t : tags)
      for (auto [antenna, dt] : {std::pair<std::uint16_t, TimeMs>{1, 0}, {1, 100}, {2, 300}, {2, 400}})
        reads.push_back(read_of(t, "dock-1", antenna, -50, at + dt));
    p.on_tag_reads("dock-1", reads);
    p.sync();
    clock_.advance(std::chrono::seconds(10));
    p.sync();
  }

  config::Config config_;
};

TEST_F(PassRecords, EachSettledPassIsRecordedWithItsOutcomeAndWhyItWasHeld) {
  boost::asio::io_context io;
  devices::HealthRegistry health(clock_);
  devices::DeviceContext ctx{io, health, *engine_, store_path_, config_, clock_};
  auto made = ReadPipeline::create(ctx);
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  auto& pipeline = **made;
  pipeline.start();
  asn("ASN-1", {OrderLine{"TEA-500", "", 2, 0, ""}});
  pass_in(pipeline, {record_tea(1), record_tea(2)});  // as ordered: posted
  asn("ASN-2", {OrderLine{"TEA-500", "", 3, 0, ""}});
  pass_in(pipeline, {record_tea(3), record_rice(9)});  // one short, one not ordered: held
  pass_in(pipeline, {testing::sgln96(6901234, 1)});   // a bin label alone: no document
  pipeline.stop();
  EXPECT_EQ(pipeline.stats().documents, 2u);
  // The records were handed to the writer before stop() returned; this waits for them.
  ASSERT_TRUE(engine_->run<bool>([](inventory::Tx&) -> Result<bool> { return true; }).is_ok());

  const DayNumber today = local_day(clock_.now_ms(), TimeZone::utc());
  auto report = inventory::device_performance(q(), today - 1, today, TimeZone::utc());
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  ASSERT_EQ(report->doors.size(), 1u);
  const auto& d = report->doors[0];
  EXPECT_EQ(d.door, "door-1");
  EXPECT_EQ(d.passes, 3);
  EXPECT_EQ(d.posted, 1);
  EXPECT_EQ(d.held, 1);
  EXPECT_EQ(d.no_document, 1);
  EXPECT_EQ(d.missing, 1);
  EXPECT_EQ(d.unexpected, 1);
  EXPECT_EQ(d.ambiguous, 0);
  EXPECT_EQ(d.other, 0);
  EXPECT_DOUBLE_EQ(d.per_hour, 3.0 / 48);
  ASSERT_TRUE(d.held_share.has_value());
  EXPECT_DOUBLE_EQ(*d.held_share, 1.0 / 3);
  // A day before: nothing.
  auto before = inventory::device_performance(q(), today - 3, today - 2, TimeZone::utc());
  ASSERT_TRUE(before.is_ok());
  EXPECT_TRUE(before->doors.empty());
}

}  // namespace
}  // namespace jxc::rfid
