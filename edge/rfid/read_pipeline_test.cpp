// The read pipeline as the gateway runs it, when something on its thread
// throws: the process lives, the device is reported offline with the reason,
// and the pipeline goes on booking after a back-off.

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "edge/config/config.h"
#include "edge/devices/health.h"
#include "edge/inventory/device_performance.h"
#include "edge/inventory/test_store.h"
#include "edge/rfid/read_pipeline.h"
#include "edge/rfid/test_tags.h"

namespace jxc::rfid {
namespace {

using namespace std::chrono_literals;
using devices::DeviceState;
using testing::read_of;
using testing::sgtin96;

std::vector<std::uint8_t> tea(std::uint64_t serial) { return sgtin96(6901234, 56789, serial); }  // TEA-500

template <typename Pred>
bool eventually(Pred p, std::chrono::milliseconds limit = 20s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (p()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return p();
}

class ReadPipelineFaults : public inventory::testing::StoreTest {
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

  /// Cases `first`..`last` carried in through door-1 by a driver thread.
  void carry(ReadPipeline& p, std::uint64_t first, std::uint64_t last) {
    std::thread driver([&] {
      const TimeMs at = clock_.now_ms();
      for (std::uint64_t s = first; s <= last; ++s) {
        std::vector<TagRead> reads = {read_of(tea(s), "dock-1", 1, -50, at), read_of(tea(s), "dock-1", 1, -50, at + 100),
                                      read_of(tea(s), "dock-1", 2, -50, at + 300),
                                      read_of(tea(s), "dock-1", 2, -50, at + 400)};
        p.on_tag_reads("dock-1", reads);
      }
    });
    driver.join();
    clock_.advance(std::chrono::seconds(10));
  }

  config::Config config_;
};

TEST_F(ReadPipelineFaults, AListenerThatThrowsIsReportedAndTheNextPassIsBooked) {
  boost::asio::io_context io;
  devices::HealthRegistry health(clock_);
  std::mutex mu;
  std::vector<std::string> offline;
  health.add_listener([&](const devices::DeviceHealth& h, DeviceState) {
    std::lock_guard lock(mu);
    if (h.state == DeviceState::offline) offline.push_back(h.detail);
  });
  devices::DeviceContext ctx{io, health, *engine_, store_path_, config_, clock_};
  auto made = ReadPipeline::create(ctx);
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  auto& pipeline = **made;
  pipeline.set_restart_policy({10ms, 50ms});
  std::atomic<int> calls{0};
  std::atomic<int> booked{0};
  pipeline.set_booking_listener([&](const ReadPipeline::Booking&) {
    if (calls++ == 0) throw std::runtime_error("booking listener failed");
    ++booked;
  });
  pipeline.start();

  carry(pipeline, 1, 3);
  pipeline.sync();  // the tick books the pass; its listener throws
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mu);
    return !offline.empty();
  }));
  {
    std::lock_guard lock(mu);
    EXPECT_EQ(offline[0].rfind("exception: booking listener failed (restart in ", 0), 0u) << offline[0];
  }
  devices::DeviceHealth h;
  ASSERT_TRUE(eventually([&] { return health.get("rfid-portal", &h) && h.state == DeviceState::online; }))
      << h.detail;
  EXPECT_EQ(h.detail, "running again after an exception");

  carry(pipeline, 4, 5);
  pipeline.sync();
  EXPECT_EQ(pipeline.stats().documents, 2u);
  EXPECT_EQ(booked, 1);
  ASSERT_TRUE(health.get("rfid-portal", &h));
  EXPECT_EQ(h.state, DeviceState::online);
  EXPECT_NE(h.detail.find("last: pass at door door-1"), std::string::npos) << h.detail;
  pipeline.stop();
  ASSERT_TRUE(health.get("rfid-portal", &h));
  EXPECT_EQ(h.state, DeviceState::stopped);
}

// A new gateway runs before the central system's first snapshot: a door
// whose location master data does not hold yet is reported, not refused, and
// books its passes once the location arrives.
TEST_F(ReadPipelineFaults, ADoorWhoseLocationIsNotInMasterDataYetWaitsForIt) {
  config_.portal.doors[0].location = "RECV-9";
  boost::asio::io_context io;
  devices::HealthRegistry health(clock_);
  devices::DeviceContext ctx{io, health, *engine_, store_path_, config_, clock_};
  auto made = ReadPipeline::create(ctx);
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  auto& pipeline = **made;
  pipeline.start();
  devices::DeviceHealth h;
  ASSERT_TRUE(health.get("rfid-portal", &h));
  EXPECT_EQ(h.state, DeviceState::degraded);
  EXPECT_EQ(h.detail, "waiting for master data: door door-1 location RECV-9 is not a known location");

  pipeline.sync();
  ASSERT_TRUE(health.get("rfid-portal", &h));
  EXPECT_EQ(h.state, DeviceState::degraded) << h.detail;

  inventory::Location bin;
  bin.code = "RECV-9";
  bin.kind = inventory::LocationKind::bin;
  bin.parent = "RECV";
  ASSERT_TRUE(engine_->import_locations({bin}).is_ok());
  pipeline.sync();
  ASSERT_TRUE(health.get("rfid-portal", &h));
  EXPECT_EQ(h.state, DeviceState::online) << h.detail;
  EXPECT_EQ(h.detail, "every door and forklift location known");

  carry(pipeline, 1, 3);
  pipeline.sync();
  ASSERT_TRUE(health.get("rfid-portal", &h));
  EXPECT_EQ(pipeline.stats().documents, 1u) << h.detail;
  EXPECT_EQ(pipeline.stats().held, 1u);  // no expected receipt: held for review, into RECV-9
  auto lines = inventory::testing::query_int(
      q(), "SELECT count(*) FROM document_lines dl JOIN locations l ON l.id=dl.to_location WHERE l.code='RECV-9'");
  ASSERT_TRUE(lines.is_ok()) << lines.status().to_string();
  EXPECT_EQ(*lines, 1);
  pipeline.stop();
}

// A pass at such a door before master data has its location is kept and
// booked once the location has arrived, not lost.
TEST_F(ReadPipelineFaults, APassBeforeItsDoorsLocationIsInMasterDataIsBookedWhenItArrives) {
  config_.portal.doors[0].location = "RECV-9";
  boost::asio::io_context io;
  devices::HealthRegistry health(clock_);
  devices::DeviceContext ctx{io, health, *engine_, store_path_, config_, clock_};
  auto made = ReadPipeline::create(ctx);
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  auto& pipeline = **made;
  devices::RetryOptions o;
  o.min = std::chrono::milliseconds(5);
  o.max = std::chrono::milliseconds(20);
  pipeline.set_retry_options(o);
  pipeline.start();
  carry(pipeline, 1, 3);
  pipeline.sync();
  EXPECT_EQ(pipeline.stats().documents, 0u);
  EXPECT_EQ(pipeline.stats().failed, 0u);

  inventory::Location bin;
  bin.code = "RECV-9";
  bin.kind = inventory::LocationKind::bin;
  bin.parent = "RECV";
  ASSERT_TRUE(engine_->import_locations({bin}).is_ok());
  for (int i = 0; i < 500 && pipeline.stats().documents == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    pipeline.sync();
  }
  EXPECT_EQ(pipeline.stats().documents, 1u);
  EXPECT_EQ(pipeline.stats().failed, 0u);
  auto lines = inventory::testing::query_int(
      q(), "SELECT count(*) FROM document_lines dl JOIN locations l ON l.id=dl.to_location WHERE l.code='RECV-9'");
  ASSERT_TRUE(lines.is_ok()) << lines.status().to_string();
  EXPECT_EQ(*lines, 1);
  pipeline.stop();
}

/// Passes that meet a locked store or lose their answer: each is booked once.
class ReadPipelineStore : public ReadPipelineFaults {
 protected:
  void SetUp() override {
    ReadPipelineFaults::SetUp();
    inventory::Order o;
    o.number = "ASN-1";
    o.door = "door-1";
    o.lines = {{"TEA-500", "", 3, 0}};
    ASSERT_TRUE(engine_->upsert_order(o).is_ok());
  }
  void start(inventory::EngineTuning tuning) {
    tuning.busy_timeout_ms = 20;
    open_engine({}, tuning);
    ctx_.emplace(devices::DeviceContext{io_, health_, *engine_, store_path_, config_, clock_});
    auto made = ReadPipeline::create(*ctx_);
    ASSERT_TRUE(made.is_ok()) << made.status().to_string();
    pipeline_ = std::move(made).value();
    devices::RetryOptions o;
    o.min = 5ms;
    o.max = 20ms;
    pipeline_->set_retry_options(o);
    pipeline_->start();
  }
  void TearDown() override {
    if (pipeline_) pipeline_->stop();
    pipeline_.reset();
    ReadPipelineFaults::TearDown();
  }
  std::int64_t count(const std::string& sql) {
    auto n = inventory::testing::query_int(q(), sql);
    EXPECT_TRUE(n.is_ok()) << n.status().to_string();
    return n ? *n : -1;
  }

  boost::asio::io_context io_;
  devices::HealthRegistry health_{clock_};
  std::optional<devices::DeviceContext> ctx_;
  std::unique_ptr<ReadPipeline> pipeline_;
};

TEST_F(ReadPipelineStore, APassThatMeetsALockedStoreWaitsAndIsBookedOnceWhenTheLockIsReleased) {
  start({});
  const std::int64_t events_before = count("SELECT count(*) FROM outbox");
  {
    inventory::testing::WriteLockHolder cli_import(store_path_);
    carry(*pipeline_, 1, 3);
    pipeline_->sync();  // the commit fails: the store is locked past the busy timeout
    EXPECT_EQ(pipeline_->waiting_for_store(), 1u);
    devices::DeviceHealth h;
    ASSERT_TRUE(eventually([&] {
      return health_.get("rfid-portal/store-retries", &h) && h.detail.find("unavailable") != std::string::npos;
    })) << h.detail;
    EXPECT_EQ(h.state, DeviceState::degraded);
    carry(*pipeline_, 4, 5);  // a later pass queues behind it
    pipeline_->sync();
    EXPECT_EQ(pipeline_->waiting_for_store(), 2u);
    EXPECT_EQ(pipeline_->stats().documents, 0u);
  }
  ASSERT_TRUE(eventually([&] { return pipeline_->stats().documents == 2; }));
  EXPECT_EQ(pipeline_->stats().failed, 0u);
  EXPECT_EQ(pipeline_->waiting_for_store(), 0u);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM documents WHERE source='door-1'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM movements WHERE source='door-1'"), 1);  // one line of 3
  // Each pass's events once: the first closes ASN-1, so the second is held.
  EXPECT_EQ(count("SELECT count(*) FROM outbox") - events_before,
            count("SELECT count(*) FROM outbox WHERE payload LIKE '%door-1%'"));
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE type='receipt.posted'"), 1);
  devices::DeviceHealth h;
  ASSERT_TRUE(eventually([&] { return health_.get("rfid-portal/store-retries", &h) && h.state == DeviceState::online; }))
      << h.detail;
  expect_consistent();
}

TEST_F(ReadPipelineStore, APassWhoseAnswerWasLostAfterItsCommitIsNotBookedTwice) {
  // Shared with the writer, which runs batches (the pass's record) until
  // the engine closes in TearDown, after this body has returned.
  auto lose = std::make_shared<std::atomic<int>>(1);
  inventory::EngineTuning tuning;
  tuning.lose_answer = [lose] { return lose->exchange(0) == 1; };
  start(tuning);
  carry(*pipeline_, 1, 3);
  pipeline_->sync();
  ASSERT_TRUE(eventually([&] { return pipeline_->stats().documents == 1; }));
  EXPECT_EQ(*lose, 0);
  EXPECT_EQ(pipeline_->stats().failed, 0u);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM documents WHERE source='door-1'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE type='receipt.posted'"), 1);
  expect_consistent();
}

// What the pipeline records of each settled pass for the device report
// (inventory/device_records.h): a clean pass, a held one and one that makes
// no document.
TEST_F(ReadPipelineFaults, EachSettledPassIsRecordedWithItsOutcomeAndWhyItWasHeld) {
  boost::asio::io_context io;
  devices::HealthRegistry health(clock_);
  devices::DeviceContext ctx{io, health, *engine_, store_path_, config_, clock_};
  auto made = ReadPipeline::create(ctx);
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  auto& pipeline = **made;
  pipeline.start();
  auto asn = [&](const std::string& number, inventory::Qty qty) {
    inventory::Order o;
    o.number = number;
    o.door = "door-1";
    o.lines = {inventory::OrderLine{"TEA-500", "", qty, 0, ""}};
    ASSERT_TRUE(engine_->upsert_order(o).is_ok());
  };
  auto pass_in = [&](const std::vector<std::vector<std::uint8_t>>& tags) {
    const TimeMs at = clock_.now_ms();
    std::vector<TagRead> reads;
    for (const auto& t : tags)
      for (auto [antenna, dt] : {std::pair<std::uint16_t, TimeMs>{1, 0}, {1, 100}, {2, 300}, {2, 400}})
        reads.push_back(read_of(t, "dock-1", antenna, -50, at + dt));
    pipeline.on_tag_reads("dock-1", reads);
    pipeline.sync();
    clock_.advance(std::chrono::seconds(10));
    pipeline.sync();
  };
  asn("ASN-1", 2);
  pass_in({tea(1), tea(2)});  // as ordered: posted
  asn("ASN-2", 3);
  pass_in({tea(3), sgtin96(4006381, 33393, 9)});  // one short, RICE-5 not ordered: held
  pass_in({testing::sgln96(6901234, 1)});         // a bin label alone: no document
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
  auto before = inventory::device_performance(q(), today - 3, today - 2, TimeZone::utc());
  ASSERT_TRUE(before.is_ok());
  EXPECT_TRUE(before->doors.empty());
}

}  // namespace
}  // namespace jxc::rfid
