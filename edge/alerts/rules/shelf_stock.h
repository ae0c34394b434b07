#pragma once
// Shelf low stock is judged on what the shelves weigh, as the running shelf
// last recorded it in weight_slots, against the min of the item's threshold
// in that bin. It follows the ledger rules' hysteresis (raised below min,
// cleared at min + margin; empty at zero, cleared at the margin). A group
// whose weighed count is not known now (a slot unstable, needing attention,
// over- or underloaded, offline, or not yet read since start) neither raises
// nor clears: stale data decides nothing.

#include <vector>

#include "edge/alerts/rules/reconcile.h"
#include "edge/weight/weight_store.h"

namespace jxc::alerts {

/// The shelf_low_stock and shelf_empty conditions true now. `open`: the
/// alerts open now (for the hysteresis, and to keep what a level that is not
/// known cannot decide).
Conditions shelf_stock_conditions(const std::vector<weight::ShelfLevel>& levels, const Conditions& open,
                                  double hysteresis_pct, TimeMs now);

}  // namespace jxc::alerts
