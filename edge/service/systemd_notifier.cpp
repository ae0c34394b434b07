#include "edge/service/systemd_notifier.h"

#include <cstdint>
#include <cstring>

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

namespace jxc::service {

void SystemdNotifier::notify(const std::string& state) {
  // unset_environment = 0: the variables stay for later calls (WATCHDOG=1
  // every few seconds); the daemon starts no children that could misuse them.
  int rc = sd_notify(0, state.c_str());
  if (rc < 0) spdlog::debug("sd_notify failed: {}", std::strerror(-rc));
}

std::chrono::microseconds SystemdNotifier::watchdog_interval() const {
  std::uint64_t usec = 0;
  // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID, if set, is this
  // process. Pinging at half the period leaves a whole half for a slow tick.
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::chrono::microseconds{0};
  return std::chrono::microseconds{static_cast<std::int64_t>(usec / 2)};
}

}  // namespace jxc::service
