#pragma once
// The store's health at start-up: PRAGMA quick_check (edge/store/integrity.h)
// before the daemon opens the store for writing, its outcome in the log and in
// the health registry, where the STATUS= line, the metrics file and the
// uplink's retained status show every device's health.

#include <chrono>
#include <cstdint>
#include <string>

#include "edge/common/status.h"
#include "edge/devices/health.h"
#include "edge/service/notifier.h"

namespace jxc::service {

/// The health registry's id and kind for the store.
inline constexpr const char* kStoreHealthId = "store";

/// How much longer than the unit's TimeoutStartSec= a check of a store of
/// `bytes` may need: zero for a store read well within it, else the time to
/// read it at the pace of a slow SD card, with a margin. quick_check reads
/// every page; a store of gigabytes on slow storage takes minutes, and
/// systemd would otherwise kill the start and restart it into the same wait.
std::chrono::seconds quick_check_allowance(std::uintmax_t bytes);

/// Checks the store at `store_path` and reports it as device "store" (kind
/// "store"): online with how long the check took, or offline with SQLite's
/// findings. A damaged store is returned as Errc::corrupt; a store that does
/// not exist yet is fine (there is nothing to check). A large store first
/// asks the service manager for quick_check_allowance() more time
/// (EXTEND_TIMEOUT_USEC=).
Status check_store_at_start(const std::string& store_path, devices::HealthSink& health, Notifier& notifier);

}  // namespace jxc::service
