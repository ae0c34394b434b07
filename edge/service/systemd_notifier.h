#pragma once
// Notifier over libsystemd's sd_notify. systemd_notifier.cpp is the only file
// that includes a libsystemd header.
//
// Owned by run_gateway() and used on the gateway's loop thread.

#include "edge/service/notifier.h"

namespace jxc::service {

class SystemdNotifier final : public Notifier {
 public:
  /// Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from the environment
  /// as systemd set them; without NOTIFY_SOCKET every notify() is a no-op.
  void notify(const std::string& state) override;
  std::chrono::microseconds watchdog_interval() const override;
};

}  // namespace jxc::service
