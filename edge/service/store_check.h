#pragma once
// The store's health at start-up: PRAGMA quick_check (edge/store/integrity.h)
// before the daemon opens the store for writing, its outcome in the log and in
// the health registry, where the STATUS= line, the metrics file and the
// uplink's retained status show every device's health.

#include <string>

#include "edge/common/status.h"
#include "edge/devices/health.h"

namespace jxc::service {

/// The health registry's id and kind for the store.
inline constexpr const char* kStoreHealthId = "store";

/// Checks the store at `store_path` and reports it as device "store" (kind
/// "store"): online with how long the check took, or offline with SQLite's
/// findings. A damaged store is returned as Errc::corrupt; a store that does
/// not exist yet is fine (there is nothing to check).
Status check_store_at_start(const std::string& store_path, devices::HealthSink& health);

}  // namespace jxc::service
