#pragma once
// Movements per day, for the manager's dashboard: how many ledger rows
// brought stock into the warehouse (from a virtual location: a supplier,
// production, an opening balance, a gain), took it out (to one: a customer,
// scrap, a loss) or moved it inside (bin to bin), and the value that came in
// and went out, per calendar day of the site's time zone (the day a movement
// occurred). Reads the newest movements only, newest first by id, and stops
// a day before the first day asked for by their recording time, so its cost
// is the number of movements of the days shown, however long the ledger.

#include <string>
#include <vector>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/cost.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

struct DayMovements {
  std::string date;  // "2026-12-06", the site's calendar day
  std::int64_t in = 0, out = 0, internal = 0;
  Money value_in = 0, value_out = 0;
};

/// The `days` calendar days ending with today (the day `now` falls on in
/// `zone`), oldest first, every day present (zero when nothing moved).
Result<std::vector<DayMovements>> daily_movements(Queries& q, int days, TimeMs now, const TimeZone& zone);

}  // namespace jxc::inventory
