#pragma once
// The daemon's entry, called by `jxc-edge run` (edge/app/cmd_run.cpp) on the
// main thread after the configuration has been loaded and logging set up.

#include <optional>
#include <string>

#include "edge/config/config.h"

namespace jxc::service {

/// How `jxc-edge run` is asked to behave beyond the configuration.
struct RunOptions {
  std::optional<std::string> log_level_override;  // --log-level
};

/// Takes the store's lock (store_lock.h), builds a Gateway with the systemd
/// notifier and runs it in the foreground on the calling thread until SIGTERM
/// or SIGINT. Returns the process exit code (exit_codes.h): 0 after an
/// orderly stop; when start-up failed (the reason is logged and sent as
/// STATUS=) kExitStoreInUse, kExitStoreCorrupt, kExitSchemaTooNew, or
/// kExitFailed for anything else.
int run_gateway(config::Config config, const RunOptions& options = {});

}  // namespace jxc::service
