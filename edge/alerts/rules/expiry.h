#pragma once
// Lots on hand that expire within the window (lot_expiring) or are past
// their expiry date (lot_expired), judged on calendar dates (UTC).

#include <string>
#include <vector>

#include "edge/alerts/rules/reconcile.h"
#include "edge/inventory/alert_records.h"

namespace jxc::alerts {

/// The last expiry date (YYYY-MM-DD) inside the window: lots expiring on or
/// before it are the rule's input.
std::string expiry_horizon(TimeMs now, std::int64_t window_days);

/// One condition per lot on hand: expired when its date is before today,
/// else expiring when it is within the window.
Conditions expiry_conditions(const std::vector<inventory::LotOnHand>& lots, TimeMs now,
                             std::int64_t window_days);

}  // namespace jxc::alerts
