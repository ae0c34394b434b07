// The uplink end to end: a real mosquitto per test, the real central
// simulator (jxc-hwsim central) as a child process, a real store, and either
// the uplink in this process or the real jxc-edge daemon. Whatever breaks
// (the broker, the gateway, the link), the central system must end with
// every event exactly once, no gap, and the store must be unharmed.

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "cloud-sync/uplink.h"
#include "edge/config/config.h"
#include "edge/inventory/downlink_records.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"
#include "edge/inventory/tx.h"
#include "edge/metrics/health_gauges.h"
#include "edge/metrics/prometheus.h"
#include "edge/sync/engine_downlink.h"
#include "tests/child_process.h"
#include "tests/sync/broker.h"

namespace jxc {
namespace {

using namespace std::chrono_literals;
using testing::after;
using testing::Child;
using testing::ChildSpec;
using testing::Mosquitto;

constexpr auto kLimit = 40s;

std::string hwsim() {
  const char* dir = std::getenv("JXC_BIN_DIR");
  return std::string(dir ? dir : ".") + "/jxc-hwsim";
}

// Applies nothing: answers ping and asks the transport for a replay, and
// rejects what is not JSON, so that the transport's side can be tested.
class TransportOnlyHandler final : public sync::DownlinkHandler {
 public:
  sync::DownlinkOutcome handle(const sync::DownlinkMessage& m) override {
    sync::DownlinkOutcome out;
    auto j = nlohmann::json::parse(m.payload, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      out.reason = "not a JSON object";
      return out;
    }
    out.result = sync::DownlinkOutcome::Result::applied;
    if (m.kind == "cmd" && j.value("command", "") == "replay" && j.contains("from_seq") &&
        j["from_seq"].is_number_integer()) {
      out.action = sync::DownlinkOutcome::Action::replay;
      out.replay_from_seq = j["from_seq"].get<std::int64_t>();
      out.response_json = nlohmann::json{{"id", j.value("id", "")}, {"result", "replaying"}}.dump();
    } else if (m.kind == "cmd" && j.value("command", "") == "ping") {
      out.response_json = R"({"result":"pong"})";
    }
    return out;
  }
};

// Throws on its first message, then behaves as TransportOnlyHandler.
class ThrowingOnceHandler final : public sync::DownlinkHandler {
 public:
  sync::DownlinkOutcome handle(const sync::DownlinkMessage& m) override {
    if (!thrown_.exchange(true)) throw std::runtime_error("downlink handler failed");
    return then_.handle(m);
  }

 private:
  std::atomic<bool> thrown_{false};
  TransportOnlyHandler then_;
};

struct Summary {
  nlohmann::json j;
  std::int64_t events() const { return j["events"].get<std::int64_t>(); }
};

// The last JSON summary line the central simulator printed.
Summary last_summary(const std::string& output) {
  Summary s;
  std::size_t pos = output.rfind("{\"summary\"");
  if (pos == std::string::npos) return s;
  std::size_t end = output.find('\n', pos);
  s.j = nlohmann::json::parse(output.substr(pos, end - pos), nullptr, false)["summary"];
  return s;
}

class SyncTest : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    epoch_ = engine_->epoch();
    metrics::export_device_health(health_, metrics_);
  }
  void TearDown() override {
    if (uplink_) uplink_->stop();
    uplink_.reset();
    StoreTest::TearDown();
  }

  /// Appends `n` events straight into the outbox (a backlog of any size, fast).
  void append_backlog(std::int64_t n, const std::string& type = "receipt.posted") {
    for (std::int64_t done = 0; done < n;) {
      std::int64_t chunk = std::min<std::int64_t>(n - done, 5000);
      auto r = engine_->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
        std::int64_t last = 0;
        for (std::int64_t i = 0; i < chunk; ++i) {
          JXC_ASSIGN(last, inventory::Outbox::append(tx, type, clock_.now_ms(),
                                                    R"({"doc":"R-)" + std::to_string(done + i) + R"(","qty":1})"));
        }
        return last;
      });
      ASSERT_TRUE(r.is_ok()) << r.status().to_string();
      done += chunk;
    }
  }

  std::int64_t last_seq() { return inventory::Outbox::stats(q()).value().last_seq; }

  config::Mqtt mqtt_for(const std::string& uri) {
    config::Mqtt m;
    m.uri = uri;
    m.keepalive_s = 2;
    m.connect_timeout_s = 3;
    m.reconnect_min_ms = 50;
    m.reconnect_max_ms = 500;
    m.inflight_window = 32;
    return m;
  }

  void start_uplink(config::Mqtt m, std::shared_ptr<sync::DownlinkHandler> handler = nullptr,
                    std::string password = {}) {
    cloud_sync::UplinkSettings s;
    s.mqtt = std::move(m);
    s.password = std::move(password);
    s.metrics = &metrics_;
    s.gateway_id = "gw-1";
    s.site_id = "S1";
    s.store_path = store_path_;
    s.version = "test";
    s.config_hash = "0";
    s.key_file = s.mqtt.tls.key_file;
    uplink_ = std::make_unique<cloud_sync::Uplink>(std::move(s), *engine_, health_, &health_,
                                                   handler ? handler : std::make_shared<TransportOnlyHandler>());
    uplink_->start();
  }

  std::unique_ptr<Child> start_central(const std::string& uri, std::int64_t expect,
                                       std::vector<std::string> extra = {}) {
    ChildSpec spec;
    spec.argv = {hwsim(), "central", "--broker", uri, "--expect", std::to_string(expect), "--timeout-s", "60",
                 "--summary-interval-ms", "200", "--ack-interval-ms", "100", "--gap-wait-ms", "500"};
    spec.argv.insert(spec.argv.end(), extra.begin(), extra.end());
    auto c = std::make_unique<Child>(spec);
    EXPECT_TRUE(c->wait_for_output("central: subscribed", after(kLimit))) << c->output();
    return c;
  }

  // Every event exactly once, in one gapless stream, as the central system sees it.
  void expect_exactly_once(Child& central, std::int64_t n) {
    auto status = central.wait_exit(after(60s));
    ASSERT_TRUE(status.has_value()) << central.output();
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << central.output();
    Summary s = last_summary(central.output());
    ASSERT_TRUE(s.j.is_object()) << central.output();
    EXPECT_EQ(s.events(), n);
    EXPECT_EQ(s.j["reused_event_ids"], 0);
    EXPECT_EQ(s.j["malformed"], 0);
    ASSERT_EQ(s.j["streams"].size(), 1u);
    EXPECT_EQ(s.j["streams"][0]["contiguous"], n);
    EXPECT_EQ(s.j["streams"][0]["pending"], 0);
    EXPECT_EQ(s.j["streams"][0]["epoch"], epoch_);
  }

  void wait_acked(std::int64_t n) {
    auto deadline = after(kLimit);
    while (inventory::Outbox::stats(q()).value().acked_up_to < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);  // polling the store for a condition
    ASSERT_EQ(inventory::Outbox::stats(q()).value().acked_up_to, n);
  }

  void expect_store_unharmed() {
    EXPECT_TRUE(q().verify().is_ok());
    auto damaged = inventory::testing::query_int(
        q(), "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check<>'ok'");
    ASSERT_TRUE(damaged.is_ok()) << damaged.status().to_string();
    EXPECT_EQ(*damaged, 0);
  }

  template <typename Pred>
  bool wait_until(Pred pred, std::chrono::milliseconds limit = kLimit) {
    auto deadline = after(limit);
    while (!pred()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);  // polling a condition, bounded
    }
    return true;
  }

  // The retained status as a new subscriber sees it.
  std::string retained_status(int port) {
    ChildSpec sub;
    sub.argv = {"/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", std::to_string(port), "-t",
                "jxc/S1/gw-1/status", "-C", "1", "-W", "10"};
    return testing::run_to_exit(sub, 20s).output;
  }

  // The value of one series as a scraper would read it: rendered to text and
  // parsed back (-1 when absent).
  double metric(const std::string& name, const metrics::Labels& labels = {}) {
    auto parsed = metrics::parse_prometheus(metrics::render_prometheus(metrics_));
    EXPECT_TRUE(parsed.is_ok()) << parsed.status().to_string();
    if (!parsed) return -1;
    const metrics::Sample* s = metrics::find_sample(*parsed, name, labels);
    return s ? s->value : -1;
  }
  double uplink_state(const std::string& state) {
    return metric("jxc_device_state", {{"device", "uplink"}, {"kind", "uplink"}, {"state", state}});
  }

  devices::DeviceHealth uplink_health() {
    devices::DeviceHealth h;
    health_.get("uplink", &h);
    return h;
  }

  void publish(int port, const std::string& topic, const std::string& payload) {
    ChildSpec pub;
    pub.argv = {"/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(port), "-q", "1",
                "-t", topic, "-m", payload};
    EXPECT_TRUE(testing::run_to_exit(pub).exited_with(0));
  }

  std::int64_t master_data_version() {
    return inventory::master_data_version(q()).value();
  }

  testing::TempDir tmp_;
  std::string epoch_;
  metrics::Registry metrics_;  // before health_: its listener writes here
  devices::HealthRegistry health_;
  std::unique_ptr<cloud_sync::Uplink> uplink_;
};

TEST_F(SyncTest, DocumentsPostedLocallyArriveInOrderAreAckedAndPrunedAfterRetention) {
  receive("TEA-500", 10, "RECV-1");
  const std::int64_t per_doc = last_seq();
  ASSERT_GT(per_doc, 0);
  const int docs = 30;
  Mosquitto broker(tmp_.path());
  auto central = start_central(broker.uri(), per_doc * docs);
  start_uplink(mqtt_for(broker.uri()));
  for (int i = 1; i < docs; ++i) receive(i % 2 ? "RICE-5" : "CUP-S", 1 + i, "RECV-1");
  ASSERT_EQ(last_seq(), per_doc * docs);
  expect_exactly_once(*central, per_doc * docs);
  wait_acked(per_doc * docs);
  devices::DeviceHealth h;
  ASSERT_TRUE(health_.get("uplink", &h));
  EXPECT_EQ(h.kind, "uplink");
  EXPECT_EQ(h.state, devices::DeviceState::online) << h.detail;
  EXPECT_EQ(uplink_->status().backlog, 0);
  auto status = nlohmann::json::parse(retained_status(broker.port()), nullptr, false);
  ASSERT_TRUE(status.is_object());
  EXPECT_EQ(status["online"], true);
  EXPECT_EQ(status["gateway_id"], "gw-1");
  EXPECT_EQ(status["version"], "test");
  EXPECT_TRUE(status.contains("config_hash"));
  EXPECT_TRUE(status.contains("outbox_backlog"));
  EXPECT_TRUE(status.contains("devices"));
  // Acknowledged events go only once the retention has passed.
  EXPECT_EQ(inventory::Outbox::prune(*engine_, clock_.now_ms() - 3600'000).value(), 0);
  EXPECT_EQ(inventory::Outbox::prune(*engine_, clock_.now_ms() + 1).value(), per_doc * docs);
  EXPECT_EQ(inventory::Outbox::stats(q()).value().stored, 0);
  expect_store_unharmed();
}

TEST_F(SyncTest, BrokerKilledMidStreamAndRestarted) {
  const std::int64_t n = 6000;
  append_backlog(n);
  Mosquitto broker(tmp_.path());
  auto central = start_central(broker.uri(), n);
  auto m = mqtt_for(broker.uri());
  m.inflight_window = 8;
  start_uplink(m);
  ASSERT_TRUE(wait_until([&] { return uplink_->status().pubacks > 200; }));
  broker.kill();
  ASSERT_TRUE(wait_until([&] { return !uplink_->status().connected; }));
  broker.restart();
  expect_exactly_once(*central, n);
  wait_acked(n);
  EXPECT_GE(uplink_->status().connection_losses, 1u);
  expect_store_unharmed();
}

TEST_F(SyncTest, UplinkFrozenByAProxyThatStopsForwarding) {
  const std::int64_t n = 4000;
  append_backlog(n);
  Mosquitto broker(tmp_.path());
  testing::FreezingProxy proxy(broker.port());
  auto central = start_central(broker.uri(), n + 500);
  auto m = mqtt_for("tcp://127.0.0.1:" + std::to_string(proxy.port()));
  m.keepalive_s = 1;
  m.inflight_window = 8;
  start_uplink(m);
  ASSERT_TRUE(wait_until([&] { return uplink_->status().pubacks > 200; }));
  proxy.freeze();
  // Nothing closes the socket: only the keep-alive can tell the link is dead.
  ASSERT_TRUE(wait_until([&] { return !uplink_->status().connected; }));
  append_backlog(500);  // local work goes on while the link is dead
  proxy.thaw();
  expect_exactly_once(*central, n + 500);
  wait_acked(n + 500);
  expect_store_unharmed();
}

TEST_F(SyncTest, OverTlsWithClientCertificates) {
  auto pki = testing::make_pki(tmp_.path());
  append_backlog(300);
  Mosquitto broker(tmp_.path(), Mosquitto::Tls{pki.ca, pki.server_cert, pki.server_key, true});
  auto central = start_central(broker.uri(), 300,
                               {"--ca-file", pki.ca, "--cert-file", pki.client_cert, "--key-file", pki.client_key});
  auto m = mqtt_for(broker.uri());
  m.tls = {pki.ca, pki.client_cert, pki.client_key, true};
  start_uplink(m);
  expect_exactly_once(*central, 300);
  wait_acked(300);
}

TEST_F(SyncTest, MalformedDownlinkIsRejectedAndAReplayRequestIsServed) {
  // The central exits once it holds all 200 events, so the last 50 are
  // appended only after it has reported both rejections.
  append_backlog(150);
  Mosquitto broker(tmp_.path());
  // The central drops seq 50 once, sees the gap and asks for a replay.
  auto central = start_central(broker.uri(), 200, {"--drop-seq", "50"});
  start_uplink(mqtt_for(broker.uri()));
  ASSERT_TRUE(wait_until([&] { return uplink_->status().connected; }));
  ChildSpec pub;
  pub.argv = {"/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(broker.port()), "-q", "1",
              "-t", "jxc/S1/gw-1/down/asn", "-m", "{not json"};
  EXPECT_TRUE(testing::run_to_exit(pub).exited_with(0));
  // The central simulator listens on .../rejected.
  ASSERT_TRUE(central->wait_for_output("\"reason\":\"not a JSON object\"", after(kLimit))) << central->output();
  EXPECT_NE(central->output().find("\"topic\":\"jxc/S1/gw-1/down/asn\""), std::string::npos);
  // Oversize messages are refused by the transport before any handler reads them.
  std::string big = tmp_ / "big.json";
  testing::write_file(big, "{\"pad\":\"" + std::string(9 * 1024 * 1024, 'x') + "\"}");
  pub.argv = {"/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(broker.port()), "-q", "1",
              "-t", "jxc/S1/gw-1/down/picklist", "-f", big};
  EXPECT_TRUE(testing::run_to_exit(pub).exited_with(0));
  ASSERT_TRUE(central->wait_for_output("\"reason\":\"oversize: ", after(kLimit))) << central->output();

  append_backlog(50);
  expect_exactly_once(*central, 200);
  Summary s = last_summary(central->output());
  EXPECT_GE(s.j["replays_requested"].get<int>(), 1);
  EXPECT_EQ(s.j["gaps_repaired"], 1);
  EXPECT_GE(s.j["responses"].get<int>(), 1);  // the command's answer came back with its correlation data
  EXPECT_NE(central->output().find("\"result\":\"replaying\""), std::string::npos);
  EXPECT_GE(uplink_->status().rejections, 1u);
}

// The worker's thread survives a handler that throws: reported offline with
// the reason, it reconnects after the back-off and the events go up.
TEST_F(SyncTest, ADownlinkHandlerThatThrowsIsReportedAndTheUplinkStartsOver) {
  // Shared with the listener, which the registry keeps past this test's body.
  struct Seen {
    std::mutex mu;
    std::vector<std::pair<devices::DeviceState, std::string>> reports;
  };
  auto log = std::make_shared<Seen>();
  health_.add_listener([log](const devices::DeviceHealth& h, devices::DeviceState) {
    if (h.id != "uplink") return;
    std::lock_guard lock(log->mu);
    log->reports.emplace_back(h.state, h.detail);
  });
  std::mutex& mu = log->mu;
  auto& seen = log->reports;
  Mosquitto broker(tmp_.path());
  start_uplink(mqtt_for(broker.uri()), std::make_shared<ThrowingOnceHandler>());
  ASSERT_TRUE(wait_until([&] { return uplink_->status().connected; }));
  publish(broker.port(), "jxc/S1/gw-1/down/asn", "{}");
  auto thrown_at = [&]() -> int {
    std::lock_guard lock(mu);
    for (std::size_t i = 0; i < seen.size(); ++i)
      if (seen[i].first == devices::DeviceState::offline &&
          seen[i].second.rfind("exception: downlink handler failed (restart in ", 0) == 0)
        return static_cast<int>(i);
    return -1;
  };
  ASSERT_TRUE(wait_until([&] { return thrown_at() >= 0; }));
  ASSERT_TRUE(wait_until([&] {
    std::lock_guard lock(mu);
    return seen.back().first == devices::DeviceState::online;
  }));
  EXPECT_GE(uplink_->status().connects, 2u);
  auto central = start_central(broker.uri(), 20);
  append_backlog(20);
  expect_exactly_once(*central, 20);
  wait_acked(20);
}

TEST_F(SyncTest, CentralFixturesReachTheDownlinkHandler) {
  Mosquitto broker(tmp_.path());
  start_uplink(mqtt_for(broker.uri()));
  ASSERT_TRUE(wait_until([&] { return uplink_->status().connected; }));
  auto central = start_central(broker.uri(), 10,
                               {"--fixtures", testing::source_dir() + "/hw-sim/central/fixtures"});
  append_backlog(10);  // once the central listens: it has no session from before
  expect_exactly_once(*central, 10);
  EXPECT_EQ(last_summary(central->output()).j["fixtures_published"], 3);
  // master/snapshot, asn and picklist; the acks come on top.
  ASSERT_TRUE(wait_until([&] { return uplink_->status().downlink_messages >= 3; }));
  EXPECT_EQ(uplink_->status().rejections, 0u);
}

TEST_F(SyncTest, Mqtt311IsSelectable) {
  append_backlog(300);
  Mosquitto broker(tmp_.path());
  auto central = start_central(broker.uri(), 300, {"--mqtt-version", "3.1.1"});
  auto m = mqtt_for(broker.uri());
  m.version = "3.1.1";
  start_uplink(m);
  expect_exactly_once(*central, 300);
  wait_acked(300);
}

TEST_F(SyncTest, BacklogAboveTheAlertIsExposedWithoutStoppingLocalWork) {
  append_backlog(50);
  auto m = mqtt_for("tcp://127.0.0.1:" + std::to_string(testing::free_port()));  // nobody listens
  m.backlog_alert = 10;
  start_uplink(m);
  ASSERT_TRUE(wait_until([&] { return uplink_->status().backlog_alert; }));
  EXPECT_EQ(uplink_->status().backlog, 50);
  receive("TEA-500", 1, "RECV-1");  // local work goes on
  ASSERT_TRUE(wait_until([&] { return last_seq() > 50 && uplink_->status().backlog == last_seq(); }));
  devices::DeviceHealth h;
  ASSERT_TRUE(wait_until([&] { return health_.get("uplink", &h) && h.state == devices::DeviceState::offline; }));
  EXPECT_NE(h.detail.find("retry in"), std::string::npos) << h.detail;
}

// Connected, but the central system acknowledges nothing: above the alert
// the uplink is degraded (health, metrics), local work goes on, and the
// first acknowledgement brings it back.
TEST_F(SyncTest, BacklogAboveTheAlertWhileConnectedDegradesTheUplink) {
  append_backlog(50);
  Mosquitto broker(tmp_.path());
  auto m = mqtt_for(broker.uri());
  m.backlog_alert = 10;
  start_uplink(m);
  ASSERT_TRUE(wait_until([&] {
    return uplink_->status().connected && uplink_health().state == devices::DeviceState::degraded;
  })) << uplink_health().detail;
  EXPECT_NE(uplink_health().detail.find("connected; backlog 50 unacknowledged events (alert above 10)"),
            std::string::npos)
      << uplink_health().detail;
  ASSERT_TRUE(wait_until([&] { return uplink_->status().pubacks >= 50; }));
  EXPECT_EQ(metric("jxc_uplink_connected"), 1);
  EXPECT_EQ(metric("jxc_uplink_backlog_alert"), 1);
  EXPECT_EQ(uplink_state("degraded"), 1);
  EXPECT_EQ(uplink_state("online"), 0);
  // Local work never waits for the uplink.
  receive("TEA-500", 1, "RECV-1");
  const std::int64_t last = last_seq();
  ASSERT_GT(last, 50);
  ASSERT_TRUE(wait_until([&] { return uplink_->status().backlog == last; }));
  EXPECT_EQ(uplink_health().state, devices::DeviceState::degraded);
  ASSERT_TRUE(wait_until([&] { return metric("jxc_uplink_backlog_events") == static_cast<double>(last); }));
  ASSERT_TRUE(wait_until([&] { return metric("jxc_uplink_backlog_oldest_age_seconds") >= 0; }));
  // The central system (here mosquitto_pub) acknowledges everything.
  publish(broker.port(), "jxc/S1/gw-1/ack",
          nlohmann::json{{"epoch", epoch_}, {"up_to_seq", last}}.dump());
  ASSERT_TRUE(wait_until([&] { return uplink_health().state == devices::DeviceState::online; }))
      << uplink_health().detail;
  EXPECT_EQ(uplink_->status().backlog, 0);
  EXPECT_FALSE(uplink_->status().backlog_alert);
  EXPECT_EQ(metric("jxc_uplink_backlog_alert"), 0);
  EXPECT_EQ(metric("jxc_uplink_acked_seq"), static_cast<double>(last));
  EXPECT_EQ(uplink_state("online"), 1);
}

// A broker that requires a user name and password: the password comes from
// the file named in the configuration; a wrong one is a clear health reason
// and is retried with back-off; the right one connects.
TEST_F(SyncTest, UserNameAndPasswordFromAFile) {
  std::string passwd = testing::make_password_file(tmp_.path(), "gw-1", "s3cret-pw");
  Mosquitto broker(tmp_.path(), std::nullopt, passwd);
  append_backlog(20);
  auto settings_for = [&](const std::string& password) {
    std::string file = tmp_ / "mqtt-password";
    testing::write_file(file, password + "\n");
    ::chmod(file.c_str(), 0600);  // a secret others may read is refused
    config::Config c = config::defaults();
    c.gateway.id = "gw-1";
    c.gateway.site = "S1";
    c.mqtt = mqtt_for(broker.uri());
    c.mqtt.username = "gw-1";
    c.mqtt.password_file = file;
    auto s = cloud_sync::settings_from_config(c, store_path_);
    EXPECT_TRUE(s.is_ok()) << s.status().to_string();
    return s.value();
  };
  auto wrong = settings_for("not-the-password");
  EXPECT_EQ(wrong.password, "not-the-password");
  start_uplink(wrong.mqtt, nullptr, wrong.password);
  ASSERT_TRUE(wait_until([&] { return uplink_->status().connect_attempts >= 3; }));
  devices::DeviceHealth h = uplink_health();
  EXPECT_EQ(h.state, devices::DeviceState::offline);
  EXPECT_NE(h.detail.find("connect failed: "), std::string::npos) << h.detail;
  EXPECT_TRUE(h.detail.find("user name or password") != std::string::npos ||
              h.detail.find("authorized") != std::string::npos)
      << h.detail;
  EXPECT_NE(h.detail.find("retry in"), std::string::npos) << h.detail;
  EXPECT_EQ(uplink_->status().connects, 0u);
  EXPECT_GE(metric("jxc_uplink_connect_failures_total"), 2);
  EXPECT_EQ(uplink_state("offline"), 1);
  uplink_->stop();

  auto right = settings_for("s3cret-pw");
  EXPECT_EQ(right.password, "s3cret-pw");
  start_uplink(right.mqtt, nullptr, right.password);
  ASSERT_TRUE(wait_until([&] { return uplink_->status().pubacks >= 20; }));
  EXPECT_EQ(uplink_health().state, devices::DeviceState::online) << uplink_health().detail;
}

// A broker whose certificate names another host: refused with a clear reason
// while hostname verification is on (the default), accepted with it off (the
// chain is still checked against the CA).
TEST_F(SyncTest, TlsHostnameVerificationCanBeTurnedOff) {
  auto pki = testing::make_pki(tmp_.path(), "DNS:broker.elsewhere.example");
  Mosquitto broker(tmp_.path(), Mosquitto::Tls{pki.ca, pki.server_cert, pki.server_key, false});
  append_backlog(20);
  auto m = mqtt_for(broker.uri());  // ssl://localhost:port
  m.tls.ca_file = pki.ca;
  m.tls.verify_hostname = true;
  start_uplink(m);
  ASSERT_TRUE(wait_until([&] { return uplink_->status().connect_attempts >= 2; }));
  devices::DeviceHealth h = uplink_health();
  EXPECT_EQ(h.state, devices::DeviceState::offline);
  EXPECT_NE(h.detail.find("connect failed: "), std::string::npos) << h.detail;
  EXPECT_NE(h.detail.find("TLS handshake or certificate check failed"), std::string::npos) << h.detail;
  EXPECT_NE(h.detail.find("name the host 'localhost'"), std::string::npos) << h.detail;
  EXPECT_EQ(uplink_->status().connects, 0u);
  uplink_->stop();

  m.tls.verify_hostname = false;
  start_uplink(m);
  ASSERT_TRUE(wait_until([&] { return uplink_->status().pubacks >= 20; }));
  EXPECT_EQ(uplink_health().state, devices::DeviceState::online) << uplink_health().detail;
}

// resync end to end: the gateway asks (req/master) on connecting with no
// master data and again for a resync command; the central simulator answers
// with its snapshot fixture; the real downlink applies it.
TEST_F(SyncTest, ResyncFetchesAndAppliesTheCentralSnapshot) {
  ASSERT_EQ(master_data_version(), 0);
  Mosquitto broker(tmp_.path());
  auto central = start_central(broker.uri(), 0,
                               {"--master-snapshot", testing::source_dir() + "/hw-sim/central/fixtures/10-master-snapshot.json"});
  auto downlink = sync::Downlink::open(*engine_, clock_);
  ASSERT_TRUE(downlink.is_ok()) << downlink.status().to_string();
  start_uplink(mqtt_for(broker.uri()), std::shared_ptr<sync::DownlinkHandler>(std::move(downlink).value()));
  // Asked on connect, because the store holds no master data version yet.
  ASSERT_TRUE(central->wait_for_output("\"reason\":\"no master data yet\"", after(kLimit))) << central->output();
  ASSERT_TRUE(wait_until([&] { return master_data_version() == 1; })) << central->output();
  EXPECT_EQ(uplink_->status().master_data_requests, 1u);
  // The request as the central system received it, against the contract's
  // schema with an independent validator.
  {
    const std::string& out = central->output();
    std::size_t at = out.find("central: master data request ");
    ASSERT_NE(at, std::string::npos);
    at += std::string("central: master data request ").size();
    std::string request = tmp_ / "req-master.json";
    testing::write_file(request, out.substr(at, out.find('\n', at) - at));
    ChildSpec check;
    check.argv = {"/usr/bin/python3", "-c",
                  "import json, pathlib, sys, jsonschema\n"
                  "path = pathlib.Path(sys.argv[1]).resolve()\n"
                  "schema = json.loads(path.read_text())\n"
                  "resolver = jsonschema.RefResolver(base_uri=path.as_uri(), referrer=schema)\n"
                  "jsonschema.Draft202012Validator(schema, resolver=resolver).validate(json.load(open(sys.argv[2])))\n",
                  testing::source_dir() + "/docs/contract/schemas/req-master.json", request};
    auto checked = testing::run_to_exit(check);
    EXPECT_TRUE(checked.exited_with(0)) << checked.output;
  }
  EXPECT_EQ(metric("jxc_uplink_master_data_requests_total"), 1);
  ASSERT_TRUE(wait_until([&] { return metric("jxc_uplink_downlink_messages_total", {{"result", "applied"}}) >= 1; }));

  // A local item the central system does not list; a resync retires it.
  inventory::Item extra;
  extra.sku = "EXTRA-1";
  extra.name = "Not in the central master data";
  extra.uom = "EA";
  ASSERT_TRUE(engine_->import_items({extra}).is_ok());
  auto active = [&] {
    return inventory::testing::query_int(q(), "SELECT active FROM items WHERE sku='EXTRA-1'").value();
  };
  ASSERT_EQ(active(), 1);
  publish(broker.port(), "jxc/S1/gw-1/down/cmd", R"({"message_id":"resync-1","command":"resync"})");
  ASSERT_TRUE(central->wait_for_output("\"reason\":\"resync command resync-1\"", after(kLimit))) << central->output();
  ASSERT_TRUE(wait_until([&] { return active() == 0; })) << central->output();
  EXPECT_EQ(master_data_version(), 1);
  EXPECT_EQ(uplink_->status().master_data_requests, 2u);
  EXPECT_EQ(uplink_->status().rejections, 0u);
  // A second delivery of the same command is answered as a duplicate: no new request.
  publish(broker.port(), "jxc/S1/gw-1/down/cmd", R"({"message_id":"resync-1","command":"resync"})");
  ASSERT_TRUE(wait_until([&] { return metric("jxc_uplink_downlink_messages_total", {{"result", "duplicate"}}) >= 1; }));
  EXPECT_EQ(uplink_->status().master_data_requests, 2u);
  expect_store_unharmed();
}

// The real daemon with [metrics] on: the file parses as the Prometheus text
// format at every read and its values follow the traffic.
TEST_F(SyncTest, TheDaemonWritesMetricsThatFollowTheTraffic) {
  const std::int64_t n = 500;
  append_backlog(n);
  close_engine();
  Mosquitto broker(tmp_.path());
  auto central = start_central(broker.uri(), n);
  std::string prom = tmp_ / "metrics/jxc-edge.prom";
  std::string config = tmp_ / "gateway.toml";
  testing::write_file(config, "[gateway]\nid = \"gw-1\"\nsite = \"S1\"\n[store]\npath = \"" + store_path_ +
                                  "\"\n[metrics]\nenabled = true\npath = \"" + prom +
                                  "\"\ninterval_s = 1\n[mqtt]\nuri = \"" + broker.uri() +
                                  "\"\nreconnect_min_ms = 50\nreconnect_max_ms = 500\n");
  ChildSpec spec;
  spec.argv = {testing::jxc_edge_binary(), "run", "--config", config};
  Child gateway(spec);
  std::vector<metrics::Family> last;
  auto value = [&](const std::string& name, const metrics::Labels& labels = {}) {
    std::ifstream in(prom);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in && !in.eof()) return -1.0;
    auto parsed = metrics::parse_prometheus(ss.str());
    // Replaced whole (write + rename): whatever is read parses.
    EXPECT_TRUE(parsed.is_ok()) << parsed.status().to_string() << "\n" << ss.str();
    if (!parsed) return -1.0;
    last = *parsed;
    const metrics::Sample* sample = metrics::find_sample(*parsed, name, labels);
    return sample ? sample->value : -1.0;
  };
  ASSERT_TRUE(wait_until([&] { return value("jxc_uplink_acked_seq") == static_cast<double>(n); }))
      << gateway.output();
  expect_exactly_once(*central, n);
  EXPECT_GE(value("jxc_uplink_published_total"), static_cast<double>(n));
  EXPECT_GE(value("jxc_uplink_pubacks_total"), static_cast<double>(n));
  EXPECT_EQ(value("jxc_uplink_last_seq"), static_cast<double>(n));
  EXPECT_EQ(value("jxc_uplink_connected"), 1);
  EXPECT_GE(value("jxc_uplink_connects_total"), 1);
  ASSERT_TRUE(wait_until([&] { return value("jxc_uplink_backlog_events") == 0; }));
  EXPECT_EQ(value("jxc_device_state", {{"device", "uplink"}, {"kind", "uplink"}, {"state", "online"}}), 1);
  EXPECT_EQ(value("jxc_uplink_downlink_messages_total", {{"result", "applied"}}), 0);
  // A downlink message through the broker: the applied count moves.
  std::string asn;
  {
    std::ifstream in(testing::source_dir() + "/tests/fixtures/downlink/asn/po-0042-dock-1.json");
    std::stringstream ss;
    ss << in.rdbuf();
    asn = ss.str();
  }
  publish(broker.port(), "jxc/S1/gw-1/down/asn", asn);
  ASSERT_TRUE(wait_until([&] {
    return value("jxc_uplink_downlink_messages_total", {{"result", "applied"}}) == 1;
  })) << gateway.output();
  // The last write at shut-down: the uplink stopped, not connected.
  gateway.signal(SIGTERM);
  ASSERT_TRUE(gateway.wait_exit(after(kLimit)).has_value());
  EXPECT_EQ(value("jxc_device_state", {{"device", "uplink"}, {"kind", "uplink"}, {"state", "stopped"}}), 1);
  EXPECT_EQ(value("jxc_uplink_connected"), 0);
  bool typed = false;
  for (const auto& f : last)
    if (f.name == "jxc_uplink_published_total") typed = f.type == metrics::Type::counter && !f.help.empty();
  EXPECT_TRUE(typed);
  std::size_t files = 0;
  for (auto& e : std::filesystem::directory_iterator(tmp_ / "metrics")) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);  // no temporary file left behind
  open_engine();
}

// The real daemon, killed with SIGKILL while it drains, then started again.
TEST_F(SyncTest, GatewayKilledMidDrainAndRestarted) {
  const std::int64_t n = 20000;
  append_backlog(n);
  std::string epoch = engine_->epoch();
  close_engine();
  Mosquitto broker(tmp_.path());
  auto central = start_central(broker.uri(), n);
  std::string config = tmp_ / "gateway.toml";
  testing::write_file(config, "[gateway]\nid = \"gw-1\"\nsite = \"S1\"\n[store]\npath = \"" + store_path_ +
                                  "\"\n[mqtt]\nuri = \"" + broker.uri() +
                                  "\"\ninflight_window = 4\nreconnect_min_ms = 50\nreconnect_max_ms = 500\n");
  ChildSpec spec;
  spec.argv = {testing::jxc_edge_binary(), "run", "--config", config};
  auto acked = [&] {
    auto queries = inventory::Queries::open(store_path_);
    return queries ? inventory::Outbox::stats(*queries.value()).value().acked_up_to : 0;
  };
  {
    Child gateway(spec);
    ASSERT_TRUE(gateway.wait_for_output("uplink: connected", after(kLimit))) << gateway.output();
    ASSERT_TRUE(wait_until([&] { return acked() > 0; })) << gateway.output();
    gateway.signal(SIGKILL);
    gateway.wait_exit(after(kLimit));
  }
  // The broker published the Will: the retained status now says offline.
  EXPECT_TRUE(wait_until([&] { return retained_status(broker.port()).find("\"online\":false") != std::string::npos; }));
  EXPECT_LT(acked(), n) << "the drain finished before the kill; the test proves less than it should";
  Child gateway(spec);
  expect_exactly_once(*central, n);
  EXPECT_FALSE(::testing::Test::HasFailure()) << gateway.output();
  ASSERT_TRUE(wait_until([&] { return acked() == n; })) << gateway.output();
  gateway.signal(SIGTERM);
  gateway.wait_exit(after(kLimit));
  open_engine();
  EXPECT_EQ(engine_->epoch(), epoch);
  expect_store_unharmed();
}

}  // namespace
}  // namespace jxc
