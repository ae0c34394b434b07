// The shipped unit file: systemd's own checker accepts it without a warning,
// and it keeps the settings the daemon and the hardware rely on.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "edge/service/exit_codes.h"
#include "tests/child_process.h"

namespace jxc::testing {
namespace {

std::string unit_path() { return source_dir() + "/systemd/jxc-edge.service"; }

std::string read_unit() {
  std::ifstream in(unit_path());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string find_in_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

// Every "Key=value" of the [Service] section; repeated keys are joined by "|".
std::map<std::string, std::string> service_settings(const std::string& unit) {
  std::map<std::string, std::string> out;
  std::istringstream lines(unit);
  std::string line, section;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      section = line;
      continue;
    }
    if (section != "[Service]") continue;
    auto eq = line.find('=');
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    out[key] = out.count(key) ? out[key] + "|" + value : value;
  }
  return out;
}

TEST(SystemdUnit, PassesSystemdAnalyzeVerifyWithoutWarnings) {
  std::string analyze = find_in_path("systemd-analyze");
  if (analyze.empty()) GTEST_SKIP() << "systemd-analyze is not installed";

  // verify checks that ExecStart's program exists, so the copy points at the
  // binary just built; the file keeps its name, which verify also checks.
  std::string unit = read_unit();
  ASSERT_FALSE(unit.empty()) << unit_path();
  const std::string installed = "ExecStart=/usr/bin/jxc-edge ";
  auto at = unit.find(installed);
  ASSERT_NE(at, std::string::npos);
  unit.replace(at, installed.size(), "ExecStart=" + jxc_edge_binary() + " ");
  TempDir dir;
  std::string copy = dir / "jxc-edge.service";
  write_file(copy, unit);

  auto out = run_to_exit(ChildSpec{.argv = {analyze, "verify", "--man=no", copy}});
  EXPECT_TRUE(out.exited_with(0)) << out.output;
  EXPECT_EQ(out.output, "") << "systemd-analyze verify printed warnings";
}

TEST(SystemdUnit, NotifiesReloadsAndRestartsAsTheDaemonExpects) {
  auto s = service_settings(read_unit());
  EXPECT_EQ(s["Type"], "notify");
  EXPECT_EQ(s["NotifyAccess"], "main");
  EXPECT_EQ(s["ExecStart"], "/usr/bin/jxc-edge run --config /etc/jxc-edge/gateway.toml");
  EXPECT_EQ(s["ExecReload"], "/bin/kill -HUP $MAINPID");
  EXPECT_EQ(s["WatchdogSec"], "30");
  EXPECT_EQ(s["Restart"], "on-failure");
  EXPECT_FALSE(s["RestartSec"].empty());
  EXPECT_EQ(s["StateDirectory"], "jxc-edge");
  EXPECT_EQ(s["ConfigurationDirectory"], "jxc-edge");
  EXPECT_EQ(s["User"], "jxc-edge");
  EXPECT_EQ(s["Group"], "jxc-edge");
  EXPECT_EQ(s["StateDirectoryMode"], "0770") << "the group's operators reach the store";
  EXPECT_EQ(s["UMask"], "0007") << "nothing the daemon writes is for others";
}

// The start-up failures a restart cannot cure are exactly those the daemon's
// exit codes say (edge/service/exit_codes.h), and 1 is not among them.
TEST(SystemdUnit, DoesNotRestartOnTheExitCodesThatSayARestartCannotHelp) {
  auto s = service_settings(read_unit());
  std::string expected;
  for (int code : service::kNoRestart) expected += (expected.empty() ? "" : " ") + std::to_string(code);
  EXPECT_EQ(s["RestartPreventExitStatus"], expected);
  // An invalid configuration (EX_CONFIG) above all: it fails the same way every time.
  EXPECT_EQ(service::kExitConfig, 78);
  EXPECT_NE(std::find(service::kNoRestart.begin(), service::kNoRestart.end(), service::kExitConfig),
            service::kNoRestart.end());
  for (int code : service::kNoRestart) {
    EXPECT_NE(code, service::kExitOk);
    EXPECT_NE(code, service::kExitFailed);
  }
  EXPECT_TRUE(std::is_sorted(service::kNoRestart.begin(), service::kNoRestart.end()));
  EXPECT_EQ(std::adjacent_find(service::kNoRestart.begin(), service::kNoRestart.end()), service::kNoRestart.end())
      << "two failures share an exit code";
}

// Secrets come through systemd's credentials (edge/config/secret_file.h
// resolves relative secret paths in $CREDENTIALS_DIRECTORY), under the names
// the example configuration tells people to use.
TEST(SystemdUnit, HandsOverTheSecretsAsCredentials) {
  auto s = service_settings(read_unit());
  EXPECT_EQ(s["LoadCredential"],
            "mqtt-password|mqtt-tls-key|alerts-webhook-secret|alerts-dingtalk-secret|alerts-feishu-secret|"
            "alerts-smtp-password");
  std::ifstream in(source_dir() + "/config/gateway.example.toml");
  std::ostringstream example;
  example << in.rdbuf();
  for (const char* name : {"mqtt-password", "mqtt-tls-key", "alerts-dingtalk-secret", "alerts-feishu-secret",
                           "alerts-smtp-password"})
    EXPECT_NE(example.str().find(std::string("\"") + name + "\""), std::string::npos) << name;
}

// Given scanners and scales on serial ports and evdev, the sandbox must let
// those devices through and nothing else.
TEST(SystemdUnit, IsHardenedButStillReachesSerialAndInputDevices) {
  auto s = service_settings(read_unit());
  EXPECT_EQ(s.count("PrivateDevices"), 0u) << "PrivateDevices=yes would hide /dev/tty* and /dev/input";
  EXPECT_EQ(s["SupplementaryGroups"], "dialout input");
  EXPECT_EQ(s["DevicePolicy"], "closed");
  EXPECT_EQ(s["DeviceAllow"], "char-ttyUSB rw|char-ttyACM rw|char-ttyS rw|char-rfcomm rw|char-input rw");
  EXPECT_EQ(s["ProtectSystem"], "strict");
  EXPECT_EQ(s["ProtectHome"], "yes");
  EXPECT_EQ(s["NoNewPrivileges"], "yes");
  EXPECT_EQ(s["PrivateTmp"], "yes");
  EXPECT_EQ(s["ProtectKernelTunables"], "yes");
  EXPECT_EQ(s["ProtectKernelModules"], "yes");
  EXPECT_EQ(s["ProtectKernelLogs"], "yes");
  EXPECT_EQ(s["ProtectControlGroups"], "yes");
  EXPECT_EQ(s["RestrictAddressFamilies"], "AF_UNIX AF_INET AF_INET6 AF_NETLINK");
  EXPECT_EQ(s["RestrictNamespaces"], "yes");
  EXPECT_EQ(s["LockPersonality"], "yes");
  EXPECT_EQ(s["MemoryDenyWriteExecute"], "yes");
  EXPECT_EQ(s["SystemCallArchitectures"], "native");
  EXPECT_EQ(s["SystemCallFilter"], "@system-service|~@privileged @resources");
  EXPECT_EQ(s["ProcSubset"], "pid");
  EXPECT_EQ(s["PrivateMounts"], "yes");
  EXPECT_EQ(s["RemoveIPC"], "yes");
  ASSERT_EQ(s.count("CapabilityBoundingSet"), 1u);
  EXPECT_EQ(s["CapabilityBoundingSet"], "");
}

}  // namespace
}  // namespace jxc::testing
