#pragma once
// What a SIGHUP can change while the gateway runs. The gateway calls
// plan_reload() on its loop thread with the running configuration and the one
// just read; it is a pure function.
//
// Applied live: log.level, outbox.retention_hours and
// outbox.downlink_retention_hours. Everything else
// (gateway identity, store path, inventory.*) is fixed when the store is
// opened and needs a restart.

#include <optional>
#include <string>
#include <vector>

#include "edge/config/config.h"
#include "edge/config/diff.h"

namespace jxc::service {

struct ReloadPlan {
  std::vector<config::KeyChange> live;     // applied now
  std::vector<config::KeyChange> restart;  // changed in the file, not applied
  /// The configuration to run on from now: `running` with the live changes,
  /// so that a key needing a restart is named again at the next reload.
  config::Config next_running;
};

/// True for the keys the gateway can apply without a restart.
bool applies_live(const std::string& key);

/// Compares `running` with `from_file`. `log_level_override` (from
/// --log-level) wins over the file's log.level, as it did at start-up.
ReloadPlan plan_reload(const config::Config& running, const config::Config& from_file,
                       const std::optional<std::string>& log_level_override);

}  // namespace jxc::service
