#pragma once
// The gateway's face towards its service manager (systemd's sd_notify
// protocol). The daemon uses SystemdNotifier; tests use a recording one.
//
// Called from the gateway's loop thread only; implementations need not be
// thread-safe unless a test shares one across threads.

#include <chrono>
#include <string>

namespace jxc::service {

class Notifier {
 public:
  virtual ~Notifier() = default;
  /// Sends newline-separated assignments, e.g. "READY=1\nSTATUS=ready: ...".
  /// Does nothing when there is no service manager to tell. Never fails the
  /// caller: a manager that cannot be reached is not a reason to stop.
  virtual void notify(const std::string& state) = 0;
  /// How often to send WATCHDOG=1: half the period the manager watches
  /// (WATCHDOG_USEC), or zero when it does not watch this process.
  virtual std::chrono::microseconds watchdog_interval() const = 0;
};

}  // namespace jxc::service
