// A broker that refuses publishes: mosquitto with an ACL that denies one
// event type answers its QoS 1 publish with PUBACK 0x87 (not authorized).
// The uplink stays up and connected, says degraded with the broker's reason,
// flags the event as a poison event after repeated refusals (health,
// metrics, and a sync_refused alert), never skips it, and once the broker
// allows it again (restarted with another ACL) delivers every event exactly
// once and the alert clears.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cloud-sync/uplink.h"
#include "edge/alerts/alert_service.h"
#include "edge/alerts/alerts_device.h"
#include "edge/inventory/alert_records.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"
#include "edge/inventory/tx.h"
#include "edge/metrics/registry.h"
#include "tests/child_process.h"
#include "tests/sync/broker.h"

namespace jxc {
namespace {

using namespace std::chrono_literals;
using testing::after;
using testing::Child;
using testing::ChildSpec;

constexpr auto kLimit = 40s;

std::string hwsim() {
  const char* dir = std::getenv("JXC_BIN_DIR");
  return std::string(dir ? dir : ".") + "/jxc-hwsim";
}

// Serves the central system's replay requests (it asks for one after a
// gap), and applies nothing else.
class ReplayOnlyHandler final : public sync::DownlinkHandler {
 public:
  sync::DownlinkOutcome handle(const sync::DownlinkMessage& m) override {
    sync::DownlinkOutcome out;
    auto j = nlohmann::json::parse(m.payload, nullptr, false);
    out.result = sync::DownlinkOutcome::Result::applied;
    if (m.kind == "cmd" && j.is_object() && j.value("command", "") == "replay" && j.contains("from_seq") &&
        j["from_seq"].is_number_integer()) {
      out.action = sync::DownlinkOutcome::Action::replay;
      out.replay_from_seq = j["from_seq"].get<std::int64_t>();
    }
    return out;
  }
};

class RefusedPublishTest : public inventory::testing::StoreTest {
 protected:
  void TearDown() override {
    if (uplink_) uplink_->stop();
    uplink_.reset();
    if (alerts_) alerts_->stop();
    alerts_.reset();
    StoreTest::TearDown();
  }

  void append(const std::string& type, int n) {
    auto r = engine_->run<int>([&](inventory::Tx& tx) -> Result<int> {
      for (int i = 0; i < n; ++i)
        JXC_TRY(inventory::Outbox::append(tx, type, clock_.now_ms(), R"({"qty":1})").status());
      return n;
    });
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  }

  void start_uplink(const std::string& uri) {
    cloud_sync::UplinkSettings s;
    s.mqtt.uri = uri;
    s.mqtt.keepalive_s = 2;
    s.mqtt.connect_timeout_s = 3;
    s.mqtt.reconnect_min_ms = 50;
    s.mqtt.reconnect_max_ms = 400;
    s.metrics = &metrics_;
    s.gateway_id = "gw-1";
    s.site_id = "S1";
    s.store_path = store_path_;
    s.version = "test";
    s.config_hash = "0";
    uplink_ = std::make_unique<cloud_sync::Uplink>(std::move(s), *engine_, health_, &health_,
                                                   std::make_shared<ReplayOnlyHandler>());
    uplink_->start();
  }

  std::unique_ptr<Child> start_central(const std::string& uri, std::int64_t expect) {
    ChildSpec spec;
    spec.argv = {hwsim(), "central", "--broker", uri, "--expect", std::to_string(expect), "--timeout-s", "60",
                 "--summary-interval-ms", "200", "--ack-interval-ms", "100", "--gap-wait-ms", "500"};
    auto c = std::make_unique<Child>(spec);
    EXPECT_TRUE(c->wait_for_output("central: subscribed", after(kLimit))) << c->output();
    return c;
  }

  template <typename Pred>
  bool wait_until(Pred pred) {
    auto deadline = after(kLimit);
    while (!pred()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);  // polling a condition, bounded
    }
    return true;
  }

  devices::DeviceHealth uplink_health() {
    devices::DeviceHealth h;
    health_.get("uplink", &h);
    return h;
  }
  std::int64_t acked() { return inventory::Outbox::stats(q()).value().acked_up_to; }

  /// The alert service as the gateway wires it to the uplink.
  void start_alerts() {
    config::AlertsConfig cfg;
    auto made = alerts::AlertService::create(*engine_, store_path_, cfg, clock_, TimeZone::utc());
    ASSERT_TRUE(made.is_ok()) << made.status().to_string();
    alerts_ = std::move(made).value();
    alerts_->set_poison_source([this] { return alerts::uplink_poison_event(metrics_, health_); });
    ASSERT_TRUE(alerts_->start().is_ok());
  }
  /// Open sync_refused alerts after a check of the time-based rules.
  std::vector<inventory::AlertRecord> refused_alerts(bool open_only) {
    EXPECT_TRUE(alerts_->check().is_ok());
    EXPECT_TRUE(alerts_->flush().is_ok());
    auto all = inventory::list_alerts(q(), open_only, 100);
    EXPECT_TRUE(all.is_ok()) << all.status().to_string();
    std::vector<inventory::AlertRecord> out;
    if (all)
      for (auto& a : *all)
        if (a.kind == "sync_refused") out.push_back(a);
    return out;
  }

  testing::TempDir tmp_;
  metrics::Registry metrics_;
  devices::HealthRegistry health_;
  std::unique_ptr<cloud_sync::Uplink> uplink_;
  std::shared_ptr<alerts::AlertService> alerts_;
};

TEST_F(RefusedPublishTest, APoisonEventIsFlaggedNeverSkippedAndDeliveredOnceTheBrokerAllowsIt) {
  const std::string acl = tmp_ / "acl";
  testing::write_file(acl, "topic readwrite #\ntopic deny jxc/S1/gw-1/evt/refused.kind\n");
  testing::Mosquitto broker(tmp_.path(), std::nullopt, {}, acl);
  append("receipt.posted", 3);
  append("refused.kind", 1);  // seq 4
  append("receipt.posted", 3);
  // 7 events, then the alert raised (seq 8) and cleared (seq 9).
  auto central = start_central(broker.uri(), 9);
  start_alerts();
  start_uplink(broker.uri());

  // Refused: degraded with the broker's reason, connected all along.
  ASSERT_TRUE(wait_until([&] {
    auto h = uplink_health();
    return h.state == devices::DeviceState::degraded && h.detail.find("refused seq 4") != std::string::npos;
  })) << uplink_health().detail;
  EXPECT_NE(uplink_health().detail.find("Not authorized"), std::string::npos) << uplink_health().detail;
  EXPECT_TRUE(uplink_->status().connected);
  // Refused again and again: a poison event, in health and metrics.
  ASSERT_TRUE(wait_until([&] { return uplink_->status().poison_seq == 4; })) << uplink_health().detail;
  EXPECT_NE(uplink_health().detail.find("poison event"), std::string::npos) << uplink_health().detail;
  EXPECT_EQ(uplink_health().state, devices::DeviceState::degraded);
  EXPECT_GE(uplink_->status().publish_refusals, 5u);
  EXPECT_TRUE(uplink_->status().connected);
  // ... and an alert a manager hears of, naming the event and the reason.
  auto raised = refused_alerts(true);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].subject, "seq:4");
  EXPECT_EQ(raised[0].qty, 4);
  EXPECT_EQ(raised[0].severity, "critical");
  EXPECT_NE(raised[0].detail.find("Not authorized"), std::string::npos) << raised[0].detail;
  // Not skipped: the central system has the events around it but cannot
  // acknowledge past the gap.
  ASSERT_TRUE(wait_until([&] { return acked() == 3; }));
  EXPECT_EQ(acked(), 3);
  EXPECT_FALSE(central->wait_exit(after(300ms)).has_value()) << central->output();

  // The broker allows it again: everything arrives, exactly once.
  testing::write_file(acl, "topic readwrite #\n");
  broker.restart();
  ASSERT_TRUE(wait_until([&] { return acked() == 8; })) << uplink_health().detail;
  ASSERT_TRUE(wait_until([&] { return uplink_health().state == devices::DeviceState::online; }))
      << uplink_health().detail;
  EXPECT_EQ(uplink_->status().poison_seq, 0);
  EXPECT_TRUE(refused_alerts(true).empty());
  auto cleared = refused_alerts(false);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_TRUE(cleared[0].cleared_at.has_value());
  ASSERT_TRUE(wait_until([&] { return acked() == 9; })) << uplink_health().detail;
  auto status = central->wait_exit(after(60s));
  ASSERT_TRUE(status.has_value()) << central->output();
  std::string out = central->output();
  auto pos = out.rfind("{\"summary\"");
  ASSERT_NE(pos, std::string::npos) << out;
  auto j = nlohmann::json::parse(out.substr(pos, out.find('\n', pos) - pos), nullptr, false)["summary"];
  EXPECT_EQ(j["events"], 9) << out;
  EXPECT_EQ(j["reused_event_ids"], 0);
  ASSERT_EQ(j["streams"].size(), 1u);
  EXPECT_EQ(j["streams"][0]["contiguous"], 9);
  EXPECT_EQ(j["streams"][0]["pending"], 0);
}

// An acknowledgement of another store's epoch, or of seqs never published,
// moves nothing and is counted as refused.
TEST_F(RefusedPublishTest, AcknowledgementsOfAnotherEpochOrOfSeqsNeverPublishedAreRefusedAndCounted) {
  testing::Mosquitto broker(tmp_.path());
  append("receipt.posted", 3);
  start_uplink(broker.uri());
  ASSERT_TRUE(wait_until([&] { return uplink_->status().pubacks >= 3; }));
  auto ack = [&](const std::string& payload) {
    ChildSpec pub;
    pub.argv = {"/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(broker.port()), "-q", "1",
                "-t", "jxc/S1/gw-1/ack", "-m", payload};
    EXPECT_TRUE(testing::run_to_exit(pub).exited_with(0));
  };
  const std::string epoch = engine_->epoch();
  ack(R"({"epoch":"fedcba9876543210fedcba9876543210","up_to_seq":2})");
  ASSERT_TRUE(wait_until([&] { return uplink_->status().acks_refused == 1; }));
  ack(R"({"epoch":")" + epoch + R"(","up_to_seq":99})");
  ASSERT_TRUE(wait_until([&] { return uplink_->status().acks_refused == 2; }));
  ack("not an acknowledgement");
  ASSERT_TRUE(wait_until([&] { return uplink_->status().acks_refused == 3; }));
  EXPECT_EQ(acked(), 0);
  // A good one still counts.
  ack(R"({"epoch":")" + epoch + R"(","up_to_seq":3})");
  ASSERT_TRUE(wait_until([&] { return acked() == 3; }));
  EXPECT_EQ(uplink_->status().acks_refused, 3u);
}

}  // namespace
}  // namespace jxc
