#include "edge/service/run.h"

#include <exception>

#include <spdlog/spdlog.h>

#include "edge/service/exit_codes.h"
#include "edge/service/gateway.h"
#include "edge/service/store_lock.h"
#include "edge/service/systemd_notifier.h"

namespace jxc::service {
namespace {

// What a failed start means for systemd (exit_codes.h).
int exit_code_for(const Status& s) {
  switch (s.code()) {
    case Errc::ok: return kExitOk;
    case Errc::corrupt: return kExitStoreCorrupt;
    case Errc::schema_too_new: return kExitSchemaTooNew;
    default: return kExitFailed;
  }
}

}  // namespace

int run_gateway(config::Config config, const RunOptions& options) {
  // Start-up is the one place exceptions are expected (Asio reports a signal
  // handler it cannot install by throwing); each becomes a logged failure.
  try {
    SystemdNotifier notifier;
    // Held until this function returns, after the gateway has closed the
    // store: one daemon per store (store_lock.h).
    auto lock = StoreLock::acquire(config.store_path());
    if (!lock.is_ok()) {
      const Status& s = lock.status();
      std::string why = s.code() == Errc::unavailable ? s.reason() : s.to_string();
      spdlog::error("start-up failed: {}", why);
      notifier.notify("STATUS=failed: " + why);
      return s.code() == Errc::unavailable ? kExitStoreInUse : kExitFailed;
    }
    Gateway gateway(std::move(config), notifier,
                    GatewayOptions{.log_level_override = options.log_level_override,
                                   .device_factories = devices::builtin_device_factories()});
    return exit_code_for(gateway.run());
  } catch (const std::exception& e) {
    spdlog::critical("start-up failed: {}", e.what());
    return kExitFailed;
  }
}

}  // namespace jxc::service
