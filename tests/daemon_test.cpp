// `jxc-edge run` as systemd runs it: the real binary as a child process, with
// NOTIFY_SOCKET pointing at a socket this test owns, signals sent with kill(2),
// and the log read from its stderr. Temporary directories only; every wait is
// bounded and none is a fixed sleep.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/inventory/test_store.h"
#include "edge/store/schema.h"
#include "tests/child_process.h"
#include "tests/sync/broker.h"

namespace jxc::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto kLimit = 20s;  // generous for a loaded 2-core machine; never reached when all is well

std::string config_text(const std::string& store, const std::string& level, const std::string& id) {
  return "[gateway]\nid = \"" + id + "\"\n\n[log]\nlevel = \"" + level + "\"\n\n[store]\npath = \"" +
         store + "\"\n";
}

class Daemon : public ::testing::Test {
 protected:
  void SetUp() override {
    notify_ = std::make_unique<NotifySocket>(dir_ / "notify");
    config_ = dir_ / "gateway.toml";
    store_ = dir_ / "state/jxc-edge.db";
  }

  // The environment systemd would give, minus what the test varies.
  ChildSpec spec(std::vector<std::string> args) {
    ChildSpec s;
    s.argv = {jxc_edge_binary()};
    s.argv.insert(s.argv.end(), args.begin(), args.end());
    s.env["NOTIFY_SOCKET"] = notify_->path();
    s.env["WATCHDOG_USEC"] = std::nullopt;
    s.env["WATCHDOG_PID"] = std::nullopt;
    s.env["JOURNAL_STREAM"] = std::nullopt;
    s.env["STATE_DIRECTORY"] = std::nullopt;
    return s;
  }

  void expect_clean_exit(Child& child) {
    auto status = child.wait_exit(after(kLimit));
    ASSERT_TRUE(status.has_value()) << "still running after SIGTERM\n" << child.output();
    EXPECT_TRUE(WIFEXITED(*status)) << child.output();
    EXPECT_EQ(WEXITSTATUS(*status), 0) << child.output();
    notify_->drain();
    ASSERT_FALSE(notify_->messages().empty());
    EXPECT_EQ(notify_->messages().back().rfind("STOPPING=1", 0), 0u) << notify_->messages().back();
  }

  TempDir dir_;
  std::unique_ptr<NotifySocket> notify_;
  std::string config_, store_;
};

TEST_F(Daemon, SaysReadyReloadsOnSighupAndStopsCleanlyOnSigterm) {
  write_file(config_, config_text(store_, "info", "gw-1"));
  Child child(spec({"run", "--config", config_}));

  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << child.output();
  EXPECT_EQ(notify_->messages().front(),
            "READY=1\nSTATUS=ready: store " + store_ + ", 1 device: 1 online, 0 events pending upload");

  // The store exists once READY=1 is sent, its owner's and its group's (the
  // operators') only.
  struct stat st {};
  ASSERT_EQ(::stat(store_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0007, 0u);
  EXPECT_EQ(st.st_mode & 0600, 0600u);

  // Start-up is logged in order: config, store, ready.
  ASSERT_TRUE(child.wait_for_output("ready: store", after(kLimit))) << child.output();
  std::string log = child.output();
  auto config_at = log.find("config: " + config_);
  auto store_at = log.find("store: " + store_ + " open");
  auto ready_at = log.find("ready: store " + store_);
  ASSERT_NE(config_at, std::string::npos) << log;
  ASSERT_NE(store_at, std::string::npos) << log;
  EXPECT_LT(config_at, store_at);
  EXPECT_LT(store_at, ready_at);

  // SIGHUP: the level applies at once, the new identity waits for a restart.
  write_file(config_, config_text(store_, "debug", "gw-2"));
  child.signal(SIGHUP);
  ASSERT_TRUE(notify_->wait_for("RELOADING=1", 1, after(kLimit))) << child.output();
  ASSERT_TRUE(notify_->wait_for("READY=1", 2, after(kLimit))) << child.output();
  ASSERT_TRUE(child.wait_for_output("needs a restart", after(kLimit))) << child.output();
  EXPECT_NE(child.output().find("reload: log.level \"info\" -> \"debug\" applied"), std::string::npos)
      << child.output();
  EXPECT_NE(child.output().find("reload: gateway.id changed (\"gw-1\" -> \"gw-2\") but needs a restart"),
            std::string::npos)
      << child.output();

  child.signal(SIGTERM);
  expect_clean_exit(child);
  EXPECT_NE(child.output().find("stopping: SIGTERM"), std::string::npos) << child.output();
  EXPECT_NE(child.output().find("store: closed"), std::string::npos) << child.output();
}

TEST_F(Daemon, ABadConfigOnSighupKeepsTheRunningOneAndSaysWhere) {
  write_file(config_, config_text(store_, "info", "gw-1"));
  Child child(spec({"run", "--config", config_}));
  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << child.output();

  write_file(config_, "[gateway]\nid = \"\"\n");
  child.signal(SIGHUP);
  ASSERT_TRUE(notify_->wait_for("READY=1", 2, after(kLimit))) << child.output();
  ASSERT_TRUE(child.wait_for_output(config_ + ":2:6: gateway.id: expected a non-empty string",
                                    after(kLimit)))
      << child.output();
  EXPECT_NE(child.output().find("keeping the running configuration"), std::string::npos);

  child.signal(SIGTERM);
  expect_clean_exit(child);
}

TEST_F(Daemon, SigintStopsAsCleanlyAsSigterm) {
  write_file(config_, config_text(store_, "info", "gw-1"));
  Child child(spec({"run", "--config", config_}));
  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << child.output();
  child.signal(SIGINT);
  expect_clean_exit(child);
}

// systemd sets WATCHDOG_PID to the service's main pid; the shell sets it to
// its own pid and then execs the gateway, which keeps that pid.
TEST_F(Daemon, PingsTheWatchdogWhenSystemdWatches) {
  write_file(config_, config_text(store_, "info", "gw-1"));
  ChildSpec s = spec({});
  s.argv = {"/bin/sh", "-c", "WATCHDOG_PID=$$ exec \"$0\" run --config \"$1\"", jxc_edge_binary(), config_};
  s.env["WATCHDOG_USEC"] = "200000";
  Child child(s);
  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << child.output();
  // The first ping comes with READY; the next ones from the loop's timer.
  ASSERT_TRUE(notify_->wait_for("WATCHDOG=1", 3, after(kLimit))) << child.output();
  EXPECT_TRUE(child.wait_for_output("watchdog: pinging every 100 ms", after(kLimit))) << child.output();
  child.signal(SIGTERM);
  expect_clean_exit(child);
}

TEST_F(Daemon, LogsForTheJournalWhenStderrIsTheJournal) {
  write_file(config_, config_text(store_, "info", "gw-1"));
  ChildSpec s = spec({"run", "--config", config_});
  s.stderr_is_journal = true;
  Child child(s);
  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << child.output();
  ASSERT_TRUE(child.wait_for_output("<6>ready: store ", after(kLimit))) << child.output();
  EXPECT_EQ(child.output().rfind("<6>config: " + config_, 0), 0u) << child.output();
  child.signal(SIGTERM);
  expect_clean_exit(child);
}

TEST_F(Daemon, LogsWithTimestampsOtherwise) {
  write_file(config_, config_text(store_, "info", "gw-1"));
  Child child(spec({"run", "--config", config_}));
  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << child.output();
  ASSERT_TRUE(child.wait_for_output("ready: store ", after(kLimit))) << child.output();
  std::string first_line = child.output().substr(0, child.output().find('\n'));
  EXPECT_TRUE(std::regex_match(first_line, std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} info config: .*)")))
      << first_line;
  child.signal(SIGTERM);
  expect_clean_exit(child);
}

TEST_F(Daemon, LogLevelFlagOverridesTheFile) {
  write_file(config_, config_text(store_, "error", "gw-1"));
  Child child(spec({"run", "--config", config_, "--log-level", "debug"}));
  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << child.output();
  ASSERT_TRUE(child.wait_for_output("ready: store ", after(kLimit))) << child.output();
  EXPECT_NE(child.output().find("log level debug"), std::string::npos) << child.output();
  child.signal(SIGTERM);
  expect_clean_exit(child);
}

TEST_F(Daemon, WithoutAConfigItRunsOnDefaultsWithTheStoreUnderVar) {
  ChildSpec s = spec({"run"});
  s.cwd = dir_.path();
  Child child(s);
  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << child.output();
  EXPECT_EQ(notify_->messages().front(), "READY=1\nSTATUS=ready: store ./var/jxc-edge.db, 1 device: 1 online, 0 events pending upload");
  struct stat st {};
  EXPECT_EQ(::stat((dir_ / "var/jxc-edge.db").c_str(), &st), 0);
  EXPECT_TRUE(child.wait_for_output("config: embedded defaults", after(kLimit))) << child.output();
  child.signal(SIGTERM);
  expect_clean_exit(child);
}

TEST_F(Daemon, UnderSystemdTheDefaultStoreIsInTheFirstStateDirectory) {
  ChildSpec s = spec({"run"});
  s.cwd = dir_.path();
  s.env["STATE_DIRECTORY"] = (dir_ / "lib") + ":" + (dir_ / "other");
  Child child(s);
  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << child.output();
  struct stat st {};
  EXPECT_EQ(::stat((dir_ / "lib/jxc-edge.db").c_str(), &st), 0);
  EXPECT_NE(::stat((dir_ / "var/jxc-edge.db").c_str(), &st), 0);
  child.signal(SIGTERM);
  expect_clean_exit(child);
}

TEST_F(Daemon, ABadConfigIsRefusedAtStartWithEveryErrorAndNoReady) {
  write_file(config_,
             "[gateway]\n"
             "id = \"gw-1\"\n"
             "[log]\n"
             "level = \"chatty\"\n"
             "[inventory]\n"
             "negative_stock = \"maybe\"\n"
             "max_batch = 0\n");
  auto out = run_to_exit(spec({"run", "--config", config_}));
  EXPECT_TRUE(WIFEXITED(out.status)) << out.output;
  EXPECT_EQ(WEXITSTATUS(out.status), 78) << out.output;  // EX_CONFIG: systemd does not restart
  EXPECT_NE(out.output.find(config_ + ":4:9: log.level: expected one of"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find(config_ + ":6:18: inventory.negative_stock: expected \"block\" or \"allow\""),
            std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find(config_ + ":7:13: inventory.max_batch: expected an integer from 1 to 100000"),
            std::string::npos)
      << out.output;
  notify_->drain();
  EXPECT_EQ(notify_->count("READY=1"), 0u);
  struct stat st {};
  EXPECT_NE(::stat(store_.c_str(), &st), 0) << "no store is created for a bad configuration";
}

TEST_F(Daemon, AStoreThatCannotBeOpenedFailsStartUp) {
  write_file(dir_ / "file", "x");
  write_file(config_, config_text(dir_ / "file/jxc-edge.db", "info", "gw-1"));
  auto out = run_to_exit(spec({"run", "--config", config_}));
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_NE(out.output.find("start-up failed"), std::string::npos) << out.output;
  notify_->drain();
  EXPECT_EQ(notify_->count("READY=1"), 0u);
  EXPECT_EQ(notify_->count("STATUS=failed: "), 1u);
}

// ---- start-up refusals: each with the exit code that keeps systemd from
// restarting into the same error (edge/service/exit_codes.h) ----

// Two daemons on one store would drain one outbox under one MQTT client id
// and knock each other off the broker. The second is refused, naming the
// store and the pid of the first; the operator commands still work beside the
// running daemon; the lock goes with the process, however it ends.
TEST_F(Daemon, ASecondDaemonOnTheSameStoreIsRefusedAndTheCliStillWorks) {
  write_file(config_, config_text(store_, "info", "gw-1"));
  Child first(spec({"run", "--config", config_}));
  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << first.output();

  NotifySocket second_notify(dir_ / "notify-2");
  ChildSpec second = spec({"run", "--config", config_});
  second.env["NOTIFY_SOCKET"] = second_notify.path();
  auto out = run_to_exit(second);
  EXPECT_TRUE(out.exited_with(75)) << out.output;  // EX_TEMPFAIL, in RestartPreventExitStatus=
  const std::string refusal = "store " + store_ + " is in use by another jxc-edge daemon (pid " +
                              std::to_string(first.pid()) + "), which holds " + store_ + ".lock";
  EXPECT_NE(out.output.find("start-up failed: " + refusal), std::string::npos) << out.output;
  second_notify.drain();
  EXPECT_EQ(second_notify.count("READY=1"), 0u);
  EXPECT_EQ(second_notify.count("STATUS=failed: " + refusal), 1u);

  // The operator CLI takes no lock: it writes and reads beside the daemon.
  write_file(dir_ / "items.csv", "sku,name\nBOLT,Bolt M8\n");
  auto imported =
      run_to_exit(ChildSpec{.argv = {jxc_edge_binary(), "import", "items", dir_ / "items.csv", "--config", config_}});
  EXPECT_TRUE(imported.exited_with(0)) << imported.output;
  auto stock = run_to_exit(ChildSpec{.argv = {jxc_edge_binary(), "stock", "--config", config_}});
  EXPECT_TRUE(stock.exited_with(0)) << stock.output;

  ASSERT_FALSE(first.wait_exit(after(0ms)).has_value()) << "the refused daemon stopped the first\n"
                                                        << first.output();
  first.signal(SIGTERM);
  expect_clean_exit(first);

  // Stopped in order: the store is free again.
  {
    Child next(spec({"run", "--config", config_}));
    ASSERT_TRUE(notify_->wait_for("READY=1", 2, after(kLimit))) << next.output();
    // Killed outright: the kernel drops the lock with the process.
    next.signal(SIGKILL);
    ASSERT_TRUE(next.wait_exit(after(kLimit)).has_value());
  }
  Child last(spec({"run", "--config", config_}));
  ASSERT_TRUE(notify_->wait_for("READY=1", 3, after(kLimit))) << last.output();
  last.signal(SIGTERM);
  expect_clean_exit(last);
}

// A store with pages overwritten (a failing card, a bad copy) is refused
// before anything writes to it, with SQLite's findings in the log.
TEST_F(Daemon, ADamagedStoreIsRefusedAfterQuickCheck) {
  {
    inventory::EngineOptions opts;
    opts.store_path = store_;
    auto engine = inventory::Engine::open(opts);
    ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
    std::vector<inventory::Item> items;
    for (int i = 0; i < 3000; ++i) {
      inventory::Item item;
      item.sku = "SKU-" + std::to_string(i);
      item.name = std::string(100, 'n');
      items.push_back(std::move(item));
    }
    ASSERT_TRUE((*engine)->import_items(items).is_ok());
  }
  // Closed: the write-ahead log is in the file, so the damage below is all
  // SQLite sees.
  ASSERT_FALSE(std::filesystem::exists(store_ + "-wal") && std::filesystem::file_size(store_ + "-wal") > 0);
  const std::int64_t page = 4096;
  const auto pages = static_cast<std::int64_t>(std::filesystem::file_size(store_)) / page;
  ASSERT_GT(pages, 40);
  {
    std::fstream f(store_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp((pages - 10) * page);
    std::string garbage(static_cast<std::size_t>(8 * page), '\x5A');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    ASSERT_TRUE(f.good());
  }
  write_file(config_, config_text(store_, "info", "gw-1"));
  auto out = run_to_exit(spec({"run", "--config", config_}));
  EXPECT_TRUE(out.exited_with(65)) << out.output;  // EX_DATAERR, in RestartPreventExitStatus=
  EXPECT_NE(out.output.find("start-up failed: corrupt: store " + store_ + " is damaged; PRAGMA quick_check "),
            std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find("restore the store from a backup"), std::string::npos) << out.output;
  notify_->drain();
  EXPECT_EQ(notify_->count("READY=1"), 0u);
  EXPECT_EQ(notify_->count("STATUS=failed: corrupt: store " + store_ + " is damaged"), 1u);
}

// A store written by a newer jxc-edge (after a downgrade) is left untouched.
TEST_F(Daemon, AStoreWithANewerSchemaIsRefused) {
  const int newer = store::latest_schema_version() + 1;
  {
    inventory::EngineOptions opts;
    opts.store_path = store_;
    auto engine = inventory::Engine::open(opts);
    ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
    ASSERT_TRUE(inventory::testing::exec_sql(**engine, "PRAGMA user_version=" + std::to_string(newer)).is_ok());
  }
  write_file(config_, config_text(store_, "info", "gw-1"));
  auto out = run_to_exit(spec({"run", "--config", config_}));
  EXPECT_TRUE(out.exited_with(79)) << out.output;  // in RestartPreventExitStatus=
  EXPECT_NE(out.output.find("start-up failed: schema_too_new: "), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("store " + store_ + " has schema version " + std::to_string(newer) +
                            " but this jxc-edge knows only up to " + std::to_string(newer - 1)),
            std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find("store: " + store_ + " quick_check ok in "), std::string::npos) << out.output;
  notify_->drain();
  EXPECT_EQ(notify_->count("READY=1"), 0u);
  EXPECT_EQ(notify_->count("STATUS=failed: schema_too_new: "), 1u);
}

// The password file is read by the uplink, which starts after the store; a
// missing one is found before anything starts, at its key in the file.
TEST_F(Daemon, AMissingPasswordFileIsRefusedBeforeAnythingStarts) {
  const std::string absent = dir_ / "mqtt.password";
  write_file(config_, config_text(store_, "info", "gw-1") + "[mqtt]\nuri = \"tcp://127.0.0.1:1\"\npassword_file = \"" +
                          absent + "\"\n");
  auto out = run_to_exit(spec({"run", "--config", config_}));
  EXPECT_TRUE(out.exited_with(66)) << out.output;  // EX_NOINPUT, in RestartPreventExitStatus=
  EXPECT_NE(out.output.find("config: " + config_ + ":11:17: mqtt.password_file: cannot read \"" + absent +
                            "\": No such file or directory"),
            std::string::npos)
      << out.output;
  notify_->drain();
  EXPECT_EQ(notify_->count("READY=1"), 0u);
  struct stat st {};
  EXPECT_NE(::stat(store_.c_str(), &st), 0) << "no store is created when a named file is missing";

  // check-config says the same, so it fails where the daemon would.
  auto checked = run_to_exit(ChildSpec{.argv = {jxc_edge_binary(), "check-config", config_}});
  EXPECT_TRUE(checked.exited_with(1)) << checked.output;
  EXPECT_NE(checked.output.find(config_ + ":11:17: mqtt.password_file: cannot read \"" + absent + "\""),
            std::string::npos)
      << checked.output;
}

// The store's health is reported as the devices' is: in the STATUS= line.
TEST_F(Daemon, ReportsTheStoresQuickCheckAsItsHealth) {
  write_file(config_, config_text(store_, "info", "gw-1"));
  {
    Child child(spec({"run", "--config", config_}));
    ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << child.output();
    EXPECT_TRUE(child.wait_for_output("store: " + store_ + " new store, nothing to check", after(kLimit)))
        << child.output();
    child.signal(SIGTERM);
    expect_clean_exit(child);
  }
  Child child(spec({"run", "--config", config_}));
  ASSERT_TRUE(notify_->wait_for("READY=1", 2, after(kLimit))) << child.output();
  ASSERT_TRUE(child.wait_for_output("ready: store", after(kLimit))) << child.output();
  std::string log = child.output();
  auto checked_at = log.find("store: " + store_ + " quick_check ok in ");
  ASSERT_NE(checked_at, std::string::npos) << log;
  EXPECT_LT(checked_at, log.find("store: " + store_ + " open")) << log;
  std::string ready;
  for (const auto& m : notify_->messages())
    if (m.rfind("READY=1", 0) == 0) ready = m;  // the second daemon's
  EXPECT_EQ(ready, "READY=1\nSTATUS=ready: store " + store_ + ", 1 device: 1 online, 0 events pending upload");
  child.signal(SIGTERM);
  expect_clean_exit(child);
}

TEST_F(Daemon, AnUnknownLogLevelFlagIsAUsageError) {
  auto out = run_to_exit(spec({"run", "--log-level", "loud"}));
  EXPECT_TRUE(WIFEXITED(out.status));
  EXPECT_NE(WEXITSTATUS(out.status), 0) << out.output;
  EXPECT_NE(out.output.find("--log-level"), std::string::npos) << out.output;
}

// A reader on the LAN that sends text that is not UTF-8 (an ErrorDescription
// in Latin-1 with a surrogate and a terminal escape): the daemon stays up,
// and the retained status on a real broker is valid JSON with the detail as
// clean text. The uplink and the alerts serialise health details: a strict
// serialiser there would abort the daemon, and systemd would restart it into
// the same reader again.
TEST_F(Daemon, AReaderSendingTextThatIsNotUtf8StopsNeitherTheDaemonNorItsStatus) {
  Mosquitto broker(dir_.path());
  const std::string scenario = dir_ / "reader.json";
  write_file(scenario, R"({"id": "door-1", "steps": [{"kind": "error", "at_ms": 100, "code": 401,
      "description_hex": "416E74656E6E652064E966656B7420EDA080201B5B324A"}]})");
  const char* bin_dir = std::getenv("JXC_BIN_DIR");
  ChildSpec sim_spec;
  sim_spec.argv = {std::string(bin_dir ? bin_dir : ".") + "/jxc-hwsim", "rfid", "--scenario", scenario, "--port", "0"};
  Child sim(sim_spec);
  ASSERT_TRUE(sim.wait_for_output("listening door-1 ", after(kLimit))) << sim.output();
  ASSERT_TRUE(sim.wait_for_output("\n", after(kLimit))) << sim.output();
  std::smatch m;
  const std::string sim_out = sim.output();
  ASSERT_TRUE(std::regex_search(sim_out, m, std::regex("listening door-1 (\\d+)"))) << sim_out;

  // keepalive_ms = 0: nothing turns the reader back online, so the error's
  // detail stays in the status.
  write_file(config_, "[gateway]\nid = \"gw-1\"\nsite = \"S1\"\n[store]\npath = \"" + store_ +
                          "\"\n[mqtt]\nuri = \"" + broker.uri() +
                          "\"\nreconnect_min_ms = 50\nreconnect_max_ms = 500\n"
                          "[[rfid.readers]]\nid = \"door-1\"\nhost = \"127.0.0.1\"\nport = " + m[1].str() +
                          "\nkeepalive_ms = 0\n");
  Child daemon(spec({"run", "--config", config_}));
  ASSERT_TRUE(notify_->wait_for("READY=1", 1, after(kLimit))) << daemon.output();

  // The retained status as a new subscriber sees it, until it shows the error.
  auto retained = [&] {
    ChildSpec sub;
    sub.argv = {"/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", std::to_string(broker.port()), "-t",
                "jxc/S1/gw-1/status", "-C", "1", "-W", "5"};
    return run_to_exit(sub, 10s).output;
  };
  std::string status;
  const Deadline deadline = after(kLimit);
  while (std::chrono::steady_clock::now() < deadline) {
    status = retained();
    if (status.find("R_DeviceError") != std::string::npos) break;
    ASSERT_FALSE(daemon.wait_exit(after(0ms)).has_value()) << "the daemon died\n" << daemon.output();
    std::this_thread::sleep_for(100ms);  // polling the broker, bounded by the deadline
  }
  ASSERT_NE(status.find("R_DeviceError"), std::string::npos) << status << "\n" << daemon.output();
  ASSERT_TRUE(nlohmann::json::accept(status)) << status;
  std::string detail;
  const nlohmann::json parsed = nlohmann::json::parse(status);
  for (const auto& d : parsed["device_health"])
    if (d["id"] == "door-1") detail = d["detail"].get<std::string>();
  EXPECT_NE(detail.find("R_DeviceError (401): Antenne d\uFFFDfekt \uFFFD\uFFFD\uFFFD \uFFFD[2J"), std::string::npos)
      << status;

  // Still running, and the log carries no raw escape either.
  ASSERT_FALSE(daemon.wait_exit(after(200ms)).has_value()) << daemon.output();
  EXPECT_EQ(daemon.output().find('\x1B'), std::string::npos) << daemon.output();
  daemon.signal(SIGTERM);
  expect_clean_exit(daemon);
}

}  // namespace
}  // namespace jxc::testing
