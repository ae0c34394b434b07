#include "edge/service/systemd_notifier.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace jxc::service {
namespace {

class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value->c_str(), 1); else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1); else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(SystemdNotifier, SendsTheStateToNotifySocket) {
  char dir[] = "/tmp/jxc-notify-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  std::string path = std::string(dir) + "/notify";
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  path.copy(addr.sun_path, sizeof addr.sun_path - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);

  {
    ScopedEnv env("NOTIFY_SOCKET", path);
    SystemdNotifier().notify("READY=1\nSTATUS=ready: test");
  }
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 10'000), 1);
  char buf[256];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buf, static_cast<size_t>(n)), "READY=1\nSTATUS=ready: test");
  ::close(fd);
  ::unlink(path.c_str());
  ::rmdir(dir);
}

TEST(SystemdNotifier, WithoutAServiceManagerNotifyDoesNothing) {
  ScopedEnv env("NOTIFY_SOCKET", std::nullopt);
  SystemdNotifier().notify("READY=1");  // must neither fail nor block
}

TEST(SystemdNotifier, WatchdogIntervalIsHalfTheManagersPeriod) {
  ScopedEnv usec("WATCHDOG_USEC", "200000");
  {
    ScopedEnv pid("WATCHDOG_PID", std::to_string(::getpid()));
    EXPECT_EQ(SystemdNotifier().watchdog_interval(), std::chrono::microseconds(100000));
  }
  {
    ScopedEnv pid("WATCHDOG_PID", std::nullopt);
    EXPECT_EQ(SystemdNotifier().watchdog_interval(), std::chrono::microseconds(100000));
  }
}

TEST(SystemdNotifier, NoWatchdogForAnotherProcessOrWhenNotAsked) {
  {
    ScopedEnv usec("WATCHDOG_USEC", "200000");
    ScopedEnv pid("WATCHDOG_PID", std::to_string(::getpid() + 1));
    EXPECT_EQ(SystemdNotifier().watchdog_interval().count(), 0);
  }
  ScopedEnv usec("WATCHDOG_USEC", std::nullopt);
  EXPECT_EQ(SystemdNotifier().watchdog_interval().count(), 0);
}

}  // namespace
}  // namespace jxc::service
