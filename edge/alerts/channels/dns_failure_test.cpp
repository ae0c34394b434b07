// A robot or mail server whose name does not resolve fails with the DNS
// class, naming the host. The attempt runs in a network namespace of its own
// (`unshare -rn`: only a loopback interface, down), so no DNS server is
// reachable whatever the machine's network; skipped where unshare is not
// permitted.
#include <gtest/gtest.h>

#include "tests/child_process.h"

namespace jxc::alerts::channels {
namespace {

using jxc::testing::ChildSpec;
using jxc::testing::run_to_exit;

class DnsFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto probe = run_to_exit(ChildSpec{.argv = {"/usr/bin/unshare", "-rn", "/bin/true"}}, std::chrono::seconds(20));
    if (!probe.exited_with(0))
      GTEST_SKIP() << "unshare -rn is not permitted here (a network namespace is needed): " << probe.output;
  }
  static jxc::testing::Outcome isolated(std::vector<std::string> args) {
    std::vector<std::string> argv = {"/usr/bin/unshare", "-rn", JXC_SEND_PROBE};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_to_exit(ChildSpec{.argv = argv}, std::chrono::seconds(30));
  }
};

TEST_F(DnsFailureTest, ARobotWhoseHostDoesNotResolve) {
  auto out = isolated({"https", "https://robot.example.invalid/robot/send?access_token=TOKEN-1"});
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_EQ(out.output.rfind("DNS: cannot resolve host robot.example.invalid (", 0), 0u) << out.output;
  EXPECT_EQ(out.output.find("TOKEN-1"), std::string::npos) << out.output;
}

TEST_F(DnsFailureTest, AMailServerWhoseHostDoesNotResolve) {
  auto out = isolated({"smtp", "smtp.example.invalid", "465"});
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_EQ(out.output.rfind("DNS: cannot resolve host smtp.example.invalid (", 0), 0u) << out.output;
}

}  // namespace
}  // namespace jxc::alerts::channels
