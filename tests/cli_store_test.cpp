// Which store a command works on, and `jxc-edge status`: the real binary, as
// an operator types it beside (or without) a running daemon.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/child_process.h"
#include "tests/cli_fixture.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using jxc::testing::cli::Cli;
using jxc::testing::cli::Outcome;

json device(const json& status, const std::string& id) {
  for (const auto& d : status["devices"])
    if (d["id"] == id) return d;
  return json();
}

// A loopback port nothing listens on (bound, then closed).
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

TEST_F(Cli, CommandsNeverCreateAStore) {
  const fs::path absent = dir_ / "typo" / "store.db";
  for (std::vector<std::string> args :
       {std::vector<std::string>{"import", "locations", write("l.csv", "code,kind,parent\nS9,site,\n")},
        {"post", "receipt", "--to", "A", "--line", "BOLT:1"},
        {"stock"},
        {"status"}}) {
    args.push_back("--store");
    args.push_back(absent.string());
    Outcome r = run(args, false);
    EXPECT_EQ(r.code, 2) << args[0] << ": " << r.out << r.err;
    EXPECT_NE(r.err.find("no store at " + absent.string() + " (--store)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("jxc-edge init"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(absent.parent_path()));
}

TEST_F(Cli, InitCreatesTheStoreOnceAndLeavesAnExistingOneAlone) {
  const std::string fresh = (dir_ / "state" / "jxc-edge.db").string();
  Outcome made = run({"init", "--store", fresh}, false);
  ASSERT_EQ(made.code, 0) << made.err;
  EXPECT_EQ(made.out.rfind("created store " + fresh + " (--store), epoch ", 0), 0u) << made.out;
  Outcome again = run({"init", "--store", fresh, "--json"}, false);
  ASSERT_EQ(again.code, 0) << again.err;
  json j = json::parse(again.out);
  EXPECT_EQ(j["created"], false);
  EXPECT_EQ(j["store"], fresh);
  // The same store: its epoch did not change.
  EXPECT_NE(made.out.find(j["epoch"].get<std::string>()), std::string::npos) << made.out << again.out;
}

TEST_F(Cli, VerboseSaysWhichStoreAndWhy) {
  Outcome by_option = run({"stock", "--verbose"});
  EXPECT_EQ(by_option.code, 0) << by_option.err;
  EXPECT_EQ(by_option.err, "store: " + store_ + " (--store)\n");

  const std::string toml = write("gw.toml", "[store]\npath = \"" + store_ + "\"\n");
  Outcome by_config = run({"stock", "--verbose", "--config", toml}, false);
  EXPECT_EQ(by_config.code, 0) << by_config.err;
  EXPECT_EQ(by_config.err, "store: " + store_ + " ([store] path in " + toml + ")\n");

  // A configuration without a path: systemd's $STATE_DIRECTORY, as the daemon.
  const std::string bare = write("bare.toml", "[gateway]\nid = \"gw-1\"\n");
  env_["STATE_DIRECTORY"] = (dir_ / "state").string();
  ASSERT_EQ(run({"init", "--config", bare}, false).code, 0);
  Outcome by_state = run({"stock", "--verbose", "--config", bare}, false);
  EXPECT_EQ(by_state.code, 0) << by_state.err;
  EXPECT_EQ(by_state.err, "store: " + (dir_ / "state" / "jxc-edge.db").string() + " ($STATE_DIRECTORY)\n");
  EXPECT_TRUE(fs::exists(dir_ / "state" / "jxc-edge.db"));

  // Neither: where a daemon started in this directory keeps it. Only when
  // this machine has no installed service, whose files would come first.
  if (fs::exists("/etc/jxc-edge/gateway.toml") || fs::exists("/var/lib/jxc-edge")) return;
  env_["STATE_DIRECTORY"] = std::nullopt;
  cwd_ = dir_;
  Outcome none = run({"stock", "--verbose"}, false);
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("store: ./var/jxc-edge.db (no /var/lib/jxc-edge: "), std::string::npos) << none.err;
  EXPECT_FALSE(fs::exists(dir_ / "var"));
}

TEST_F(Cli, StatusShowsTheDaemonItsDevicesTheBacklogAndOpenAlerts) {
  import_master_data();  // BOLT min 10 in W1
  ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:20"});
  json idle = ok_json({"status"});
  EXPECT_EQ(idle["daemon"]["running"], false) << idle.dump();
  EXPECT_EQ(idle["store"]["path"], store_);
  EXPECT_GT(idle["store"]["schema_version"].get<int>(), 0);
  EXPECT_GT(idle["outbox"]["pending"].get<int>(), 0) << "no uplink: every event waits";
  EXPECT_NE(ok({"status"}).find("daemon   not running on this store"), std::string::npos);

  const std::string config =
      write("gateway.toml", "[store]\npath = \"" + store_ + "\"\n[site]\ntimezone = \"Asia/Shanghai\"\n"
                            "[[rfid.readers]]\nid = \"door-1\"\nhost = \"127.0.0.1\"\nport = " +
                                std::to_string(closed_port()) + "\n");
  jxc::testing::ChildSpec spec;
  spec.argv = {bin_.string(), "run", "--config", config};
  spec.env["NOTIFY_SOCKET"] = std::nullopt;
  jxc::testing::Child daemon(spec);
  ASSERT_TRUE(daemon.wait_for_output("ready: store", jxc::testing::after(std::chrono::seconds(30))))
      << daemon.output();
  ok({"post", "issue", "--from", "A-01-1", "--line", "BOLT:15"});  // below the minimum

  // Polling the files the daemon writes, not a timed assertion.
  json s;
  for (auto until = jxc::testing::after(std::chrono::seconds(30)); std::chrono::steady_clock::now() < until;) {
    s = ok_json({"status"});
    if (!s["open_alerts"].empty() && device(s, "door-1").value("state", "") == "offline") break;
    ::usleep(50'000);
  }
  EXPECT_EQ(s["daemon"]["running"], true) << s.dump();
  EXPECT_EQ(s["daemon"]["pid"], daemon.pid()) << s.dump();
  const json door = device(s, "door-1");
  ASSERT_TRUE(door.is_object()) << s.dump() << daemon.output();
  EXPECT_EQ(door["kind"], "rfid");
  EXPECT_EQ(door["state"], "offline") << s.dump();
  EXPECT_NE(door["detail"].get<std::string>().find("refused"), std::string::npos) << s.dump();
  EXPECT_TRUE(device(s, "store").is_object()) << s.dump();
  ASSERT_EQ(s["open_alerts"].size(), 1u) << s.dump();
  EXPECT_EQ(s["open_alerts"][0]["kind"], "low_stock");
  EXPECT_EQ(s["open_alerts"][0]["item"], "BOLT");

  const std::string text = ok({"status", "--config", config});
  EXPECT_NE(text.find("daemon   running, pid " + std::to_string(daemon.pid())), std::string::npos) << text;
  EXPECT_NE(text.find("door-1"), std::string::npos) << text;
  EXPECT_NE(text.find("+08:00"), std::string::npos) << "times in the site's zone: " << text;
  EXPECT_NE(text.find("Bolt, M8 (BOLT)"), std::string::npos) << "the item by its name: " << text;
  EXPECT_NE(text.find("low_stock (warning), raised "), std::string::npos) << text;

  daemon.signal(SIGTERM);
  auto status = daemon.wait_exit(jxc::testing::after(std::chrono::seconds(30)));
  ASSERT_TRUE(status.has_value()) << daemon.output();
  json after = ok_json({"status"});
  EXPECT_EQ(after["daemon"]["running"], false) << after.dump();
  EXPECT_TRUE(after["devices"].empty()) << "a stopped daemon's devices are not shown: " << after.dump();
}

}  // namespace
