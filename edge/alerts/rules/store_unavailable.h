#pragma once
// The store cannot take writes: a part's postings wait for it (devices of
// kind "store-retries", devices/retry_queue.h) and it reports them offline,
// at once on a full disk or an I/O error, after a while on a lock another
// process holds. Such an alert cannot be written to the store it is about,
// so the alert service hands it to the channels directly and never stores it.

#include <optional>

#include "edge/alerts/alert.h"
#include "edge/devices/health.h"

namespace jxc::alerts {

inline constexpr const char* kStoreRetriesKind = "store-retries";

/// The alert while `h` (a "store-retries" device) is offline; nullopt otherwise.
/// The detail is in Chinese, then English.
std::optional<Alert> store_unavailable_alert(const devices::DeviceHealth& h, TimeMs now);

}  // namespace jxc::alerts
