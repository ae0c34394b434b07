// Downlink memory against a real mosquitto: a payload over the uplink's
// limit is dropped in the link's callback before it is copied (counted,
// logged, answered on .../rejected with its size), and a flood arriving while
// the worker is busy is held to a bounded number of bytes, the rest dropped
// and counted. The uplink goes on working afterwards.

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>

#include "cloud-sync/uplink.h"
#include "edge/inventory/test_store.h"
#include "edge/metrics/registry.h"
#include "tests/child_process.h"
#include "tests/sync/broker.h"

namespace jxc {
namespace {

using namespace std::chrono_literals;
using testing::after;
using testing::Child;
using testing::ChildSpec;

// Counts what it is handed; the first call waits until released.
class SlowHandler final : public sync::DownlinkHandler {
 public:
  sync::DownlinkOutcome handle(const sync::DownlinkMessage&) override {
    if (calls_.fetch_add(1) == 0) {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return released_; });
    }
    sync::DownlinkOutcome out;
    out.result = sync::DownlinkOutcome::Result::applied;
    return out;
  }
  void release() {
    {
      std::lock_guard lk(mu_);
      released_ = true;
    }
    cv_.notify_all();
  }
  int calls() const { return calls_.load(); }

 private:
  std::atomic<int> calls_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
};

class DownlinkBoundsTest : public inventory::testing::StoreTest {
 protected:
  void TearDown() override {
    if (handler_) handler_->release();
    if (uplink_) uplink_->stop();
    uplink_.reset();
    StoreTest::TearDown();
  }

  void start_uplink(const testing::Mosquitto& broker, bool slow) {
    cloud_sync::UplinkSettings s;
    s.mqtt.uri = broker.uri();
    s.mqtt.keepalive_s = 5;
    s.mqtt.reconnect_min_ms = 50;
    s.mqtt.reconnect_max_ms = 400;
    s.metrics = &metrics_;
    s.gateway_id = "gw-1";
    s.site_id = "S1";
    s.store_path = store_path_;
    s.max_downlink_bytes = 64 * 1024;
    s.max_queued_downlink_bytes = 256 * 1024;
    handler_ = std::make_shared<SlowHandler>();
    if (!slow) handler_->release();
    uplink_ = std::make_unique<cloud_sync::Uplink>(std::move(s), *engine_, health_, &health_, handler_);
    uplink_->start();
    ASSERT_TRUE(wait_until([&] { return uplink_->status().connected; }));
    // The master data request that a gateway without master data sends first
    // is not downlink; what the handler sees from here on is the test's.
  }

  // Publishes every line of `file` as one message (mosquitto_pub -l).
  void publish_lines(int port, const std::string& file) {
    ChildSpec pub;
    pub.argv = {"/bin/sh", "-c",
                "/usr/bin/mosquitto_pub -h 127.0.0.1 -p " + std::to_string(port) +
                    " -q 1 -t jxc/S1/gw-1/down/cmd -l < " + file};
    auto out = testing::run_to_exit(pub, 60s);
    EXPECT_TRUE(out.exited_with(0)) << out.output;
  }

  template <typename Pred>
  bool wait_until(Pred pred) {
    auto deadline = after(40s);
    while (!pred()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);  // polling a condition, bounded
    }
    return true;
  }

  testing::TempDir tmp_;
  metrics::Registry metrics_;
  devices::HealthRegistry health_;
  std::shared_ptr<SlowHandler> handler_;
  std::unique_ptr<cloud_sync::Uplink> uplink_;
};

TEST_F(DownlinkBoundsTest, AnOversizePayloadIsDroppedUnreadAndAnsweredWithItsSize) {
  testing::Mosquitto broker(tmp_.path());
  start_uplink(broker, false);
  Child rejected(ChildSpec{.argv = {"/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", std::to_string(broker.port()),
                                    "-t", "jxc/S1/gw-1/rejected", "-C", "1", "-W", "30"}});
  std::this_thread::sleep_for(300ms);  // the subscriber's SUBSCRIBE; a miss fails below, it cannot pass wrongly
  const std::string file = tmp_ / "big";
  std::ofstream(file) << std::string(200 * 1024, 'x') << "\n";
  publish_lines(broker.port(), file);
  ASSERT_TRUE(wait_until([&] { return uplink_->status().downlink_oversize == 1; }));
  EXPECT_TRUE(rejected.wait_for_output("oversize: 204800 bytes, at most 65536; dropped unread", after(30s)))
      << rejected.output();
  EXPECT_EQ(handler_->calls(), 0);
  // The uplink goes on: a message within the limit reaches the handler.
  std::ofstream(file) << R"({"command":"ping"})" << "\n";
  publish_lines(broker.port(), file);
  ASSERT_TRUE(wait_until([&] { return handler_->calls() == 1; }));
  EXPECT_TRUE(uplink_->status().connected);
}

TEST_F(DownlinkBoundsTest, AFloodWhileTheWorkerIsBusyIsHeldToTheByteBound) {
  testing::Mosquitto broker(tmp_.path());
  start_uplink(broker, true);
  const int n = 100;
  const std::string file = tmp_ / "flood";
  {
    std::ofstream out(file);
    for (int i = 0; i < n; ++i) out << std::string(16 * 1024, 'a' + i % 26) << "\n";
  }
  publish_lines(broker.port(), file);
  // Everything reached the gateway: handled (one of them waiting in the
  // handler), waiting, or dropped.
  ASSERT_TRUE(wait_until([&] { return handler_->calls() >= 1; }));
  std::this_thread::sleep_for(500ms);  // the broker's last deliveries; more time only drops more
  handler_->release();
  ASSERT_TRUE(wait_until([&] {
    auto st = uplink_->status();
    return handler_->calls() + static_cast<int>(st.downlink_queue_full) == n;
  })) << handler_->calls() << " handled, " << uplink_->status().downlink_queue_full << " dropped";
  // 256 KiB waiting is 16 messages of 16 KiB, and as much again in the batch
  // the worker had taken: never the whole flood.
  EXPECT_LE(handler_->calls(), 1 + 2 * 16);
  EXPECT_GE(uplink_->status().downlink_queue_full, static_cast<std::uint64_t>(n - 1 - 2 * 16));
  EXPECT_TRUE(uplink_->status().connected);
}

}  // namespace
}  // namespace jxc
