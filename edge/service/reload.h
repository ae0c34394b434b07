#pragma once
// What a SIGHUP can change while the gateway runs. The gateway calls
// plan_reload() on its loop thread with the running configuration and the one
// just read; it is a pure function.
//
// Applied live: log.level, outbox.retention_hours,
// outbox.downlink_retention_hours, and [scales] changes that only touch how
// slots count (see scales_apply_live); the gateway hands those to its devices
// (Device::reconfigure). Everything else (gateway identity, store path,
// inventory.*, buses and register layouts ...) is fixed when the store is
// opened or the links are made and needs a restart.

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

/// True for the keys the gateway can always apply without a restart.
bool applies_live(const std::string& key);

/// True when `wanted` differs from `running` only in what a slot counts with:
/// a slot's tare_g, unit_weight_g, tolerance, band_g, window_ms, item and
/// bin, and scales.hysteresis. The same slots (ids, in order) on the same
/// bus, slave, channel, base and model, the same buses, models and match
/// window: those need a restart, and so then does every [scales] change.
bool scales_apply_live(const config::Scales& running, const config::Scales& wanted);

/// Compares `running` with `from_file`. `log_level_override` (from
/// --log-level) wins over the file's log.level, as it did at start-up.
ReloadPlan plan_reload(const config::Config& running, const config::Config& from_file,
                       const std::optional<std::string>& log_level_override);

}  // namespace jxc::service
