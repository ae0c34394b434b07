#pragma once
// What reversals of issues and customer returns did to the goods issued, for
// the reports that count the cost of goods issued (turnover.h, abc_xyz.h).
// The daily totals keep a reversal's movements under the reversal's own
// type; the ledger knows which document each reversal undoes, so these are
// read from it. Reversals are few: a partial index on documents(reverses)
// finds them all. Reads only, inside the caller's snapshot.

#include <cstdint>
#include <vector>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/cost.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {

/// One physical side of a movement of a reversal of a sales, production or
/// other issue or of a customer return.
struct ReversedIssue {
  DayNumber day = 0;  // the reversal's local day
  std::int64_t item_id = 0, location_id = 0;
  Qty qty = 0;  // what it adds to the goods issued: below 0 where goods came back (an issue undone)
  Money value = 0;
};

/// Those of the local days `first` to `last` (of one item when `item_id` is
/// not 0).
Result<std::vector<ReversedIssue>> reversed_issues(store::Db& db, DayNumber first, DayNumber last,
                                                   std::int64_t item_id, const TimeZone& zone);

}  // namespace jxc::inventory
