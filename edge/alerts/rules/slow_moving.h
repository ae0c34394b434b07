#pragma once
// Stock on hand with no issue to the customer for the configured days (or,
// never issued, since it arrived) is slow-moving.
//
// Slow-moving stock is judged in days, but the full search asks the ledger
// about every balance (3.3 s of CPU with 1,000,000 balances), so it runs at
// most hourly; the checks in between only look again at the open
// slow-moving alerts, so that an issue clears its alert at the next check.

#include <vector>

#include "edge/alerts/rules/reconcile.h"
#include "edge/inventory/alert_records.h"

namespace jxc::alerts {

/// Stock whose last move is before this is slow-moving.
TimeMs slow_moving_cutoff(TimeMs now, std::int64_t days);
/// Whether the full search is due (never run, or an hour since the last).
bool slow_moving_search_due(TimeMs now, TimeMs last_search);
/// The slow-moving conditions among `stock` (from the full search or the
/// recheck of open alerts: the same judgement).
Conditions slow_moving_conditions(const std::vector<inventory::IdleStock>& stock, TimeMs now,
                                  std::int64_t days);

}  // namespace jxc::alerts
