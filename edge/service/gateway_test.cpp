#include "edge/service/gateway.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "edge/http/test_client.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"
#include "edge/metrics/prometheus.h"
#include "edge/service/config_sections.h"
#include "edge/inventory/tx.h"
#include "edge/service/recording_notifier.h"

namespace jxc::service {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "jxc-gateway-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

// Routes the default logger into memory for one test; thread-safe to read
// while the gateway logs.
class LogCapture {
 public:
  LogCapture() : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)) {
    previous_ = spdlog::default_logger();
    sink_->set_pattern("%l %v");
    auto logger = std::make_shared<spdlog::logger>("capture", sink_);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const {
    std::string out;
    for (const auto& l : sink_->last_formatted()) out += l;
    return out;
  }

 private:
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

config::Config config_with_store(const TempDir& dir) {
  config::Config c = config::defaults();
  c.store.path = (dir / "state/jxc-edge.db").string();
  return c;
}

// Runs a Gateway on its own thread, as the daemon runs it on the main thread.
class RunningGateway {
 public:
  RunningGateway(config::Config config, Notifier& notifier, GatewayOptions options = {},
                 const Clock& clock = SystemClock::instance())
      : gateway_(std::move(config), notifier, std::move(options), clock),
        thread_([this] { result_ = gateway_.run(); }) {}
  ~RunningGateway() {
    if (thread_.joinable()) {
      gateway_.request_stop("test over");
      thread_.join();
    }
  }
  Gateway& operator*() { return gateway_; }
  Gateway* operator->() { return &gateway_; }
  Status stop() {
    gateway_.request_stop("test");
    thread_.join();
    return result_;
  }
  Status join() {
    thread_.join();
    return result_;
  }

 private:
  Gateway gateway_;
  Status result_;
  std::thread thread_;
};

TEST(Gateway, OpensTheStoreThenSaysReadyThenStopsInOrder) {
  TempDir dir;
  LogCapture log;
  RecordingNotifier notifier;
  config::Config config = config_with_store(dir);
  RunningGateway gw(config, notifier);
  ASSERT_TRUE(notifier.wait_for("READY=1"));

  auto db = dir / "state/jxc-edge.db";
  struct stat st {};
  ASSERT_EQ(::stat(db.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0007, 0u) << "others never read the store";

  ASSERT_TRUE(gw.stop().is_ok());
  auto sent = notifier.sent();
  ASSERT_GE(sent.size(), 2u);
  // The store reports its health (quick_check) as the devices do.
  EXPECT_EQ(sent.front(), "READY=1\nSTATUS=ready: store " + db.string() + ", 1 device: 1 online, 0 events pending upload");
  EXPECT_EQ(sent.back(), "STOPPING=1\nSTATUS=stopping: test");

  // Start-up is logged in order: config, store, ready; then the stop.
  std::string text = log.text();
  auto config_at = text.find("info config: embedded defaults");
  auto store_at = text.find("info store: " + db.string() + " open");
  auto ready_at = text.find("info ready: store");
  auto stopping_at = text.find("info stopping: test");
  auto stopped_at = text.find("info stopped");
  ASSERT_NE(config_at, std::string::npos) << text;
  ASSERT_NE(store_at, std::string::npos) << text;
  ASSERT_NE(ready_at, std::string::npos) << text;
  ASSERT_NE(stopping_at, std::string::npos) << text;
  ASSERT_NE(stopped_at, std::string::npos) << text;
  EXPECT_LT(config_at, store_at);
  EXPECT_LT(store_at, ready_at);
  EXPECT_LT(ready_at, stopping_at);
  EXPECT_LT(stopping_at, stopped_at);
}

// A loopback port nothing listens on now, and a socket that keeps another
// one taken.
int listening_socket(std::uint16_t* port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

TEST(Gateway, ServesTheHttpApiWhenConfiguredAndStopsItFirst) {
  TempDir dir;
  RecordingNotifier notifier;
  config::Config config = config_with_store(dir);
  std::uint16_t port = 0;
  ::close(listening_socket(&port));
  config.http.enabled = true;
  config.http.port = port;
  RunningGateway gw(config, notifier);
  ASSERT_TRUE(notifier.wait_for("READY=1"));
  auto ready = http::testing::raw_exchange(port, "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(ready.received.starts_with("HTTP/1.1 200 OK")) << ready.received;
  EXPECT_NE(ready.received.find("\"devices\":\"started\""), std::string::npos) << ready.received;
  ASSERT_TRUE(gw.stop().is_ok());
  EXPECT_THROW(http::testing::raw_exchange(port, "GET /healthz HTTP/1.1\r\n\r\n"), std::runtime_error);
}

TEST(Gateway, AnHttpPortThatIsTakenFailsTheStart) {
  TempDir dir;
  RecordingNotifier notifier;
  config::Config config = config_with_store(dir);
  std::uint16_t port = 0;
  int taken = listening_socket(&port);
  config.http.enabled = true;
  config.http.port = port;
  Gateway gateway(config, notifier);
  Status s = gateway.run();
  ::close(taken);
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.code(), Errc::io);
  EXPECT_NE(s.reason().find("cannot listen"), std::string::npos) << s.to_string();
}

TEST(Gateway, AStopAskedForBeforeStartTakesEffectOnceReady) {
  TempDir dir;
  RecordingNotifier notifier;
  Gateway gateway(config_with_store(dir), notifier);
  gateway.request_stop("early");
  ASSERT_TRUE(gateway.run().is_ok());
  EXPECT_EQ(notifier.count("READY=1"), 1u);
  EXPECT_EQ(notifier.count("STOPPING=1"), 1u);
}

TEST(Gateway, PingsTheWatchdogWhenTheManagerWatches) {
  TempDir dir;
  RecordingNotifier notifier(std::chrono::milliseconds(2));
  RunningGateway gw(config_with_store(dir), notifier);
  EXPECT_TRUE(notifier.wait_for("WATCHDOG=1", 3));
  ASSERT_TRUE(gw.stop().is_ok());
  // None after STOPPING=1: the timer is cancelled first.
  auto sent = notifier.sent();
  EXPECT_EQ(sent.back().find("STOPPING=1"), 0u);
}

TEST(Gateway, SendsNoWatchdogWhenTheManagerDoesNotWatch) {
  TempDir dir;
  RecordingNotifier notifier;
  RunningGateway gw(config_with_store(dir), notifier);
  ASSERT_TRUE(notifier.wait_for("READY=1"));
  ASSERT_TRUE(gw.stop().is_ok());
  EXPECT_EQ(notifier.count("WATCHDOG=1"), 0u);
}

// Given a running gateway whose file then changes its log level and its
// identity, a reload should apply the level at once and say that the identity
// needs a restart, keeping the old one.
TEST(Gateway, ReloadAppliesTheLogLevelAndNamesWhatNeedsARestart) {
  TempDir dir;
  LogCapture log;
  auto file = dir / "gateway.toml";
  auto db = (dir / "gw.db").string();
  write_file(file, "[gateway]\nid = \"gw-1\"\n[store]\npath = \"" + db + "\"\n");
  std::vector<config::ConfigError> errors;
  auto config = config::load_file(file.string(), config_sections(), &errors);
  ASSERT_TRUE(config.is_ok());

  RecordingNotifier notifier;
  RunningGateway gw(*config, notifier);
  ASSERT_TRUE(notifier.wait_for("READY=1"));
  write_file(file, "[gateway]\nid = \"gw-2\"\n[log]\nlevel = \"debug\"\n[store]\npath = \"" + db + "\"\n");
  gw->request_reload();
  ASSERT_TRUE(notifier.wait_for("READY=1", 2));
  EXPECT_EQ(spdlog::get_level(), spdlog::level::debug);
  ASSERT_TRUE(gw.stop().is_ok());

  EXPECT_EQ(gw->config().log.level, "debug");
  EXPECT_EQ(gw->config().gateway.id, "gw-1");
  EXPECT_EQ(notifier.count("RELOADING=1"), 1u);
  std::string text = log.text();
  EXPECT_NE(text.find("info reload: log.level \"info\" -> \"debug\" applied"), std::string::npos) << text;
  EXPECT_NE(text.find("warning reload: gateway.id changed (\"gw-1\" -> \"gw-2\") but needs a restart"),
            std::string::npos)
      << text;
  spdlog::set_level(spdlog::level::info);
}

TEST(Gateway, ABadFileOnReloadIsLoggedAndTheRunningConfigKept) {
  TempDir dir;
  LogCapture log;
  auto file = dir / "gateway.toml";
  write_file(file, "[store]\npath = \"" + (dir / "gw.db").string() + "\"\n");
  std::vector<config::ConfigError> errors;
  auto config = config::load_file(file.string(), config_sections(), &errors);
  ASSERT_TRUE(config.is_ok());

  RecordingNotifier notifier;
  RunningGateway gw(*config, notifier);
  ASSERT_TRUE(notifier.wait_for("READY=1"));
  write_file(file, "[log]\nlevel = \"chatty\"\n[inventory]\nmax_batch = 0\n");
  gw->request_reload();
  ASSERT_TRUE(notifier.wait_for("READY=1", 2));
  ASSERT_TRUE(gw.stop().is_ok());

  EXPECT_EQ(gw->config(), *config);
  std::string text = log.text();
  EXPECT_NE(text.find("is not valid; keeping the running configuration"), std::string::npos) << text;
  EXPECT_NE(text.find(file.string() + ":2:9: log.level: expected one of"), std::string::npos) << text;
  EXPECT_NE(text.find(file.string() + ":4:13: inventory.max_batch: expected an integer from 1 to 100000"),
            std::string::npos)
      << text;
}

// A device that records what a reload hands it, and refuses a slot whose
// item is "NOPE" as the scale devices refuse an unknown item.
class ReconfigurableDevice final : public devices::Device {
 public:
  explicit ReconfigurableDevice(std::shared_ptr<std::vector<double>> tares) : tares_(std::move(tares)) {}
  const std::string& id() const override { return id_; }
  void start() override {}
  void stop() override {}
  Status reconfigure(const config::Config& now) override {
    if (now.scales.slots.at(0).item == "NOPE") return error(Errc::config, "slot s1: unknown item NOPE");
    tares_->push_back(now.scales.slots.at(0).tare_g);
    return Status::ok();
  }

 private:
  std::string id_ = "shelf";
  std::shared_ptr<std::vector<double>> tares_;
};

std::string scales_toml(const std::string& db, double tare, const std::string& item, int slave) {
  return "[store]\npath = \"" + db + "\"\n[[scales.buses]]\nid = \"bus-1\"\ntransport = \"tcp\"\n"
         "[[scales.slots]]\nid = \"s1\"\nbus = \"bus-1\"\nslave = " + std::to_string(slave) +
         "\nmodel = \"tuna-id551\"\nitem = \"" + item + "\"\nbin = \"A-01\"\ntare_g = " +
         std::to_string(tare) + "\n";
}

// Given running shelf slots, a reload that changes a slot's tare is handed to
// the devices and applied; one that names an unknown item, or moves a slot to
// another slave, leaves the slots as they run.
TEST(Gateway, ReloadAppliesSlotChangesAndKeepsBusChangesForARestart) {
  TempDir dir;
  LogCapture log;
  auto file = dir / "gateway.toml";
  auto db = (dir / "gw.db").string();
  write_file(file, scales_toml(db, 100, "TEA-500", 1));
  std::vector<config::ConfigError> errors;
  auto config = config::load_file(file.string(), config_sections(), &errors);
  ASSERT_TRUE(config.is_ok()) << (errors.empty() ? "" : errors[0].message);
  auto tares = std::make_shared<std::vector<double>>();
  GatewayOptions opts;
  opts.device_factories.push_back(
      [tares](devices::DeviceContext&) -> Result<std::vector<std::unique_ptr<devices::Device>>> {
        std::vector<std::unique_ptr<devices::Device>> out;
        out.push_back(std::make_unique<ReconfigurableDevice>(tares));
        return out;
      });
  RecordingNotifier notifier;
  RunningGateway gw(*config, notifier, std::move(opts));
  ASSERT_TRUE(notifier.wait_for("READY=1"));

  write_file(file, scales_toml(db, 250, "TEA-500", 1));
  gw->request_reload();
  ASSERT_TRUE(notifier.wait_for("READY=1", 2));
  write_file(file, scales_toml(db, 300, "NOPE", 1));
  gw->request_reload();
  ASSERT_TRUE(notifier.wait_for("READY=1", 3));
  write_file(file, scales_toml(db, 400, "TEA-500", 2));
  gw->request_reload();
  ASSERT_TRUE(notifier.wait_for("READY=1", 4));
  ASSERT_TRUE(gw.stop().is_ok());

  EXPECT_EQ(*tares, (std::vector<double>{250})) << "only the first reload reached the device";
  EXPECT_EQ(gw->config().scales.slots.at(0).tare_g, 250);
  EXPECT_EQ(gw->config().scales.slots.at(0).slave, 1);
  std::string text = log.text();
  EXPECT_NE(text.find("info reload: scales.slots[].tare_g"), std::string::npos) << text;
  EXPECT_NE(text.find("reload: [scales] not applied, still using the running slots: "), std::string::npos)
      << text;
  EXPECT_NE(text.find("unknown item NOPE"), std::string::npos) << text;
  EXPECT_NE(text.find("warning reload: scales.slots[].slave changed"), std::string::npos) << text;
}

TEST(Gateway, ReloadOnEmbeddedDefaultsHasNothingToRead) {
  TempDir dir;
  LogCapture log;
  RecordingNotifier notifier;
  RunningGateway gw(config_with_store(dir), notifier);
  ASSERT_TRUE(notifier.wait_for("READY=1"));
  gw->request_reload();
  ASSERT_TRUE(gw.stop().is_ok());
  EXPECT_EQ(notifier.count("RELOADING=1"), 0u);
  EXPECT_NE(log.text().find("there is no file to re-read"), std::string::npos);
}

TEST(Gateway, LogLevelFlagWinsOverTheFileAtStartAndOnReload) {
  TempDir dir;
  auto file = dir / "gateway.toml";
  write_file(file, "[log]\nlevel = \"error\"\n[store]\npath = \"" + (dir / "gw.db").string() + "\"\n");
  std::vector<config::ConfigError> errors;
  auto config = config::load_file(file.string(), config_sections(), &errors);
  ASSERT_TRUE(config.is_ok());
  RecordingNotifier notifier;
  RunningGateway gw(*config, notifier, GatewayOptions{.log_level_override = "debug"});
  ASSERT_TRUE(notifier.wait_for("READY=1"));
  gw->request_reload();
  ASSERT_TRUE(notifier.wait_for("READY=1", 2));
  ASSERT_TRUE(gw.stop().is_ok());
  EXPECT_EQ(gw->config().log.level, "debug");
}

// Puts one event in the outbox of the store at `path` and acknowledges it,
// as the uplink would, at the clock's time.
void store_acknowledged_event(const std::string& path, const Clock& clock) {
  inventory::EngineOptions opts;
  opts.store_path = path;
  auto engine = inventory::Engine::open(opts, clock);
  ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
  auto seq = (*engine)->run<std::int64_t>([&](inventory::Tx& tx) {
    return inventory::Outbox::append(tx, "test.event", clock.now_ms(), "{}");
  });
  ASSERT_TRUE(seq.is_ok()) << seq.status().to_string();
  ASSERT_TRUE(inventory::Outbox::acknowledge_up_to(**engine, (*engine)->epoch(), *seq).is_ok());
}

std::int64_t stored_events(const std::string& path) {
  auto q = inventory::Queries::open(path);
  if (!q.is_ok()) return -1;
  auto stats = inventory::Outbox::stats(**q);
  return stats.is_ok() ? stats->stored : -1;
}

// Starts the gateway on `config` and stops it again once it is ready: the
// prune that start-up queues before READY=1 has run by then.
void start_and_stop(const config::Config& config, const Clock& clock) {
  RecordingNotifier notifier;
  RunningGateway gw(config, notifier, {}, clock);
  ASSERT_TRUE(notifier.wait_for("READY=1"));
  ASSERT_TRUE(gw.stop().is_ok());
}

TEST(Gateway, PrunesAcknowledgedEventsOlderThanTheRetentionAtStart) {
  TempDir dir;
  ManualClock clock;
  config::Config config = config_with_store(dir);
  store_acknowledged_event(config.store.path, clock);
  ASSERT_EQ(stored_events(config.store.path), 1);

  // 2 h later with a 3 h retention the event stays ...
  clock.advance(std::chrono::hours(2));
  config.outbox.retention_hours = 3;
  ASSERT_NO_FATAL_FAILURE(start_and_stop(config, clock));
  EXPECT_EQ(stored_events(config.store.path), 1);

  // ... and with a 1 h retention it goes.
  config.outbox.retention_hours = 1;
  ASSERT_NO_FATAL_FAILURE(start_and_stop(config, clock));
  EXPECT_EQ(stored_events(config.store.path), 0);
}

/// Runs `sql` with its ?1 standing for the clock's time in the store at `path`.
void insert_now(const std::string& path, const Clock& clock, const char* sql) {
  inventory::EngineOptions opts;
  opts.store_path = path;
  auto engine = inventory::Engine::open(opts, clock);
  ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
  std::string text = sql;
  const auto at = text.find("?1");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 2, std::to_string(clock.now_ms()));
  Status put = inventory::testing::exec_sql(**engine, text);
  ASSERT_TRUE(put.is_ok()) << put.to_string();
}

std::int64_t rows_in(const std::string& path, const std::string& table) {
  auto q = inventory::Queries::open(path);
  if (!q.is_ok()) return -1;
  auto n = inventory::testing::query_int(**q, "SELECT count(*) FROM " + table);
  return n.is_ok() ? *n : -1;
}

/// A row written by `sql` at the clock's time, then 5 units (hours, or
/// `unit`) later: kept with a retention of 6, gone with one of 4 (`retention`
/// names the setting).
void expect_kept_then_forgotten(const char* sql, const std::string& table,
                                std::int64_t& (*retention)(config::Config&),
                                std::chrono::hours unit = std::chrono::hours(1)) {
  TempDir dir;
  ManualClock clock;
  config::Config config = config_with_store(dir);
  ASSERT_NO_FATAL_FAILURE(insert_now(config.store.path, clock, sql));
  clock.advance(5 * unit);
  retention(config) = 6;
  ASSERT_NO_FATAL_FAILURE(start_and_stop(config, clock));
  EXPECT_EQ(rows_in(config.store.path, table), 1);
  retention(config) = 4;
  ASSERT_NO_FATAL_FAILURE(start_and_stop(config, clock));
  EXPECT_EQ(rows_in(config.store.path, table), 0);
}

TEST(Gateway, ForgetsAppliedDownlinkIdsOlderThanTheirRetentionAtStart) {
  expect_kept_then_forgotten(
      "INSERT INTO downlink_messages(message_id,kind,applied_at) VALUES('m1','asn',?1)",
      "downlink_messages",
      [](config::Config& c) -> std::int64_t& { return c.outbox.downlink_retention_hours; });
}

TEST(Gateway, ForgetsIdempotencyKeysOlderThanTheirRetentionAtStart) {
  expect_kept_then_forgotten(
      "INSERT INTO requests(key,result,created_at) VALUES('scan-1','{}',?1)", "requests",
      [](config::Config& c) -> std::int64_t& { return c.store.idempotency_retention_hours; });
}

TEST(Gateway, ForgetsDeviceRecordsOlderThanTheirRetentionAtStart) {
  expect_kept_then_forgotten(
      "INSERT INTO device_passes(door,closed_at,direction,outcome) VALUES('door-1',?1,'inbound','posted')",
      "device_passes", [](config::Config& c) -> std::int64_t& { return c.store.device_record_days; },
      std::chrono::hours(24));
}

TEST(Gateway, AStoreThatCannotBeOpenedFailsStartUpAndSaysWhy) {
  TempDir dir;
  write_file(dir / "not-a-dir", "x");
  config::Config config = config::defaults();
  config.store.path = (dir / "not-a-dir/jxc-edge.db").string();
  RecordingNotifier notifier;
  Gateway gateway(config, notifier);
  Status s = gateway.run();
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(notifier.count("READY=1"), 0u);
  ASSERT_EQ(notifier.count("STATUS=failed: "), 1u) << notifier.sent().front();
  EXPECT_NE(notifier.sent().front().find("not-a-dir"), std::string::npos) << notifier.sent().front();
}

// A device that records its life in a shared journal and reports health as a
// real driver would.
class FakeDevice final : public devices::Device {
 public:
  FakeDevice(std::string id, devices::HealthSink& health, std::vector<std::string>& journal)
      : id_(std::move(id)), health_(health), journal_(journal) {}
  const std::string& id() const override { return id_; }
  void start() override {
    journal_.push_back("start " + id_);
    health_.report(id_, "fake", devices::DeviceState::online, "up");
  }
  void stop() override {
    journal_.push_back("stop " + id_);
    health_.report(id_, "fake", devices::DeviceState::stopped, "");
  }

 private:
  std::string id_;
  devices::HealthSink& health_;
  std::vector<std::string>& journal_;
};

TEST(Gateway, StartsDevicesAfterTheStoreAndStopsThemInReverseBeforeClosingIt) {
  TempDir dir;
  LogCapture log;
  RecordingNotifier notifier;
  std::vector<std::string> journal;
  GatewayOptions options;
  options.device_factories.push_back(
      [&](devices::DeviceContext& ctx) -> Result<std::vector<std::unique_ptr<devices::Device>>> {
        // The store is open by the time factories run.
        EXPECT_FALSE(ctx.engine.epoch().empty());
        std::vector<std::unique_ptr<devices::Device>> out;
        out.push_back(std::make_unique<FakeDevice>("a", ctx.health, journal));
        out.push_back(std::make_unique<FakeDevice>("b", ctx.health, journal));
        return out;
      });
  RunningGateway gw(config_with_store(dir), notifier, std::move(options));
  ASSERT_TRUE(notifier.wait_for("READY=1"));
  EXPECT_NE(notifier.sent().front().find("3 devices: 3 online"), std::string::npos)  // a, b and the store
      << notifier.sent().front();
  ASSERT_TRUE(gw.stop().is_ok());
  EXPECT_EQ(journal, (std::vector<std::string>{"start a", "start b", "stop b", "stop a"}));
  std::string text = log.text();
  EXPECT_NE(text.find("device a (fake): starting -> online: up"), std::string::npos) << text;
  EXPECT_LT(text.find("device a (fake): online -> stopped"), text.find("store: closed")) << text;
}

// A device whose state the test sets from outside, as a bus's poller thread would.
class SteeredDevice final : public devices::Device {
 public:
  SteeredDevice(std::string id, devices::HealthSink& health) : id_(std::move(id)), health_(health) {}
  const std::string& id() const override { return id_; }
  void start() override { health_.report(id_, "fake", devices::DeviceState::starting, "opening"); }
  void stop() override { health_.report(id_, "fake", devices::DeviceState::stopped, ""); }
  void set(devices::DeviceState s, const std::string& detail) { health_.report(id_, "fake", s, detail); }

 private:
  std::string id_;
  devices::HealthSink& health_;
};

TEST(Gateway, TheStatusLineFollowsTheDevicesAtOnceAndStartingIsNoWarning) {
  TempDir dir;
  LogCapture log;
  RecordingNotifier notifier;
  SteeredDevice* a = nullptr;
  SteeredDevice* b = nullptr;
  GatewayOptions options;
  options.status_interval = std::chrono::hours(1);  // only changes can refresh it
  options.device_factories.push_back(
      [&](devices::DeviceContext& ctx) -> Result<std::vector<std::unique_ptr<devices::Device>>> {
        std::vector<std::unique_ptr<devices::Device>> out;
        out.push_back(std::make_unique<SteeredDevice>("a", ctx.health));
        out.push_back(std::make_unique<SteeredDevice>("b", ctx.health));
        a = static_cast<SteeredDevice*>(out[0].get());
        b = static_cast<SteeredDevice*>(out[1].get());
        return out;
      });
  RunningGateway gw(config_with_store(dir), notifier, std::move(options));
  ASSERT_TRUE(notifier.wait_for("READY=1"));
  EXPECT_NE(notifier.sent().front().find("3 devices: 2 starting, 1 online"), std::string::npos)
      << notifier.sent().front();
  a->set(devices::DeviceState::offline, "no slave answering");
  b->set(devices::DeviceState::degraded, "slave 2 not answering");
  ASSERT_TRUE(notifier.wait_for("3 devices: 1 online, 1 degraded, 1 offline")) << notifier.sent().back();
  ASSERT_TRUE(gw.stop().is_ok());
  std::string text = log.text();
  EXPECT_NE(text.find("info device a (fake): starting: opening"), std::string::npos) << text;
  EXPECT_EQ(text.find("starting -> starting"), std::string::npos) << text;
  EXPECT_NE(text.find("warning device a (fake): starting -> offline: no slave answering"), std::string::npos)
      << text;
}

// [backup] dir set: backups are taken while the gateway runs and only the
// newest `keep` stay.
TEST(Gateway, TakesScheduledBackupsAndKeepsTheNewest) {
  TempDir dir;
  RecordingNotifier notifier;
  config::Config config = config_with_store(dir);
  config.backup.dir = (dir / "backups").string();
  config.backup.keep = 2;
  GatewayOptions options;
  options.backup_interval = std::chrono::milliseconds(20);
  RunningGateway gw(config, notifier, std::move(options));
  ASSERT_TRUE(notifier.wait_for("READY=1"));
  auto manifests = [&] {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir / "backups", ec))
      n += e.path().extension() == ".json" ? 1 : 0;
    return n;
  };
  // Several taken (each name is its millisecond), two kept.
  for (int i = 0; i < 3000 && gw->backups_taken() < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(gw.stop().is_ok());
  EXPECT_GE(gw->backups_taken(), 4u);
  EXPECT_EQ(manifests(), 2u);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// [metrics] on: the file sits beside the store by default, is written at
// start, holds every device's state and a device's own counter, and its
// last write after the devices stop shows them stopped.
TEST(Gateway, WritesTheMetricsFileBesideTheStore) {
  TempDir dir;
  RecordingNotifier notifier;
  std::vector<std::string> journal;
  GatewayOptions options;
  options.device_factories.push_back(
      [&](devices::DeviceContext& ctx) -> Result<std::vector<std::unique_ptr<devices::Device>>> {
        EXPECT_NE(ctx.metrics, nullptr);
        if (ctx.metrics) ctx.metrics->counter("jxc_fake_frames_total", "Frames", {{"device", "a"}}).inc(7);
        std::vector<std::unique_ptr<devices::Device>> out;
        out.push_back(std::make_unique<FakeDevice>("a", ctx.health, journal));
        return out;
      });
  config::Config config = config_with_store(dir);
  config.metrics.enabled = true;
  config.metrics.interval_s = 3600;  // only the writes at start and at the end
  const fs::path file = dir / "state/jxc-edge.prom";
  ASSERT_EQ(config.metrics_path(), file.string());
  {
    RunningGateway gw(config, notifier, std::move(options));
    ASSERT_TRUE(notifier.wait_for("READY=1"));
    auto parsed = metrics::parse_prometheus(read_text(file));
    ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
    const metrics::Sample* online =
        metrics::find_sample(*parsed, "jxc_device_state", {{"device", "a"}, {"kind", "fake"}, {"state", "online"}});
    ASSERT_NE(online, nullptr) << read_text(file);
    EXPECT_EQ(online->value, 1);
    const metrics::Sample* frames = metrics::find_sample(*parsed, "jxc_fake_frames_total", {{"device", "a"}});
    ASSERT_NE(frames, nullptr);
    EXPECT_EQ(frames->value, 7);
    ASSERT_TRUE(gw.stop().is_ok());
  }
  auto parsed = metrics::parse_prometheus(read_text(file));
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  const metrics::Sample* stopped =
      metrics::find_sample(*parsed, "jxc_device_state", {{"device", "a"}, {"kind", "fake"}, {"state", "stopped"}});
  ASSERT_NE(stopped, nullptr);
  EXPECT_EQ(stopped->value, 1);
  // The writer's totals: start-up ran requests through it (the alert index,
  // pruning), none refused, no batch run twice.
  const metrics::Sample* requests = metrics::find_sample(*parsed, "jxc_engine_requests_total", {});
  const metrics::Sample* commits = metrics::find_sample(*parsed, "jxc_engine_commits_total", {});
  const metrics::Sample* reruns = metrics::find_sample(*parsed, "jxc_engine_reruns_total", {});
  ASSERT_NE(requests, nullptr) << read_text(file);
  ASSERT_NE(commits, nullptr);
  ASSERT_NE(reruns, nullptr);
  EXPECT_GE(requests->value, 1);
  EXPECT_GE(requests->value, commits->value);
  EXPECT_EQ(reruns->value, 0);
}

TEST(Gateway, AFactoryThatRefusesItsConfigurationFailsStartUp) {
  TempDir dir;
  RecordingNotifier notifier;
  GatewayOptions options;
  options.device_factories.push_back(
      [](devices::DeviceContext&) -> Result<std::vector<std::unique_ptr<devices::Device>>> {
        return error(Errc::config, "door dock-1 names unknown reader r9");
      });
  Gateway gateway(config_with_store(dir), notifier, std::move(options));
  Status s = gateway.run();
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(notifier.count("READY=1"), 0u);
  ASSERT_EQ(notifier.count("STATUS=failed: "), 1u);
  EXPECT_NE(notifier.sent().front().find("unknown reader r9"), std::string::npos);
}

}  // namespace
}  // namespace jxc::service
