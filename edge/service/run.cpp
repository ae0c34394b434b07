#include "edge/service/run.h"

#include <exception>

#include <spdlog/spdlog.h>

#include "edge/service/gateway.h"
#include "edge/service/systemd_notifier.h"

namespace jxc::service {

int run_gateway(config::Config config, const RunOptions& options) {
  // Start-up is the one place exceptions are expected (Asio reports a signal
  // handler it cannot install by throwing); each becomes a logged failure.
  try {
    SystemdNotifier notifier;
    Gateway gateway(std::move(config), notifier,
                    GatewayOptions{.log_level_override = options.log_level_override,
                                   .device_factories = devices::builtin_device_factories()});
    Status s = gateway.run();
    return s.is_ok() ? 0 : 1;
  } catch (const std::exception& e) {
    spdlog::critical("start-up failed: {}", e.what());
    return 1;
  }
}

}  // namespace jxc::service
