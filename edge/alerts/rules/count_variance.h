#pragma once
// An approved count whose line differs from the books by more than the
// tolerance: a one-off finding per count line, cleared by its acknowledgement.

#include <string>
#include <vector>

#include "edge/alerts/alert.h"
#include "edge/inventory/types.h"

namespace jxc::alerts {

std::vector<Alert> count_variance_alerts(const inventory::CountReport& report, std::int64_t tolerance_qty,
                                         TimeMs now);

}  // namespace jxc::alerts
