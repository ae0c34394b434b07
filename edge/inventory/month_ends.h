#pragma once
// The stock at the end of each month, kept beside the daily totals
// (day_totals.h) so that a report's opening stock is one month's rows plus
// the days since, however many years the ledger holds.
//
// `stock_months` holds, for every month up to `stock_stamp.months_through`
// (a month is keyed by its last local day), what each item's lot held at
// each physical location at its end, as the daily totals add up to it:
// month M is month M-1 plus M's days. Positions holding nothing have no
// row, or a row of zeros. A month is closed (its rows written) by the fold
// once a later day has a row, one month per fold, so that a store migrated
// with years of ledger closes its months over its first idle minutes. A
// movement folded later into a closed month (one dated back) is added to
// that month's rows and every later closed month's.

#include <cstdint>
#include <functional>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/day_totals.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {

/// The last month closed; 0 when none is.
Result<DayNumber> months_through(store::Db& db);

/// Adds `folded`, just added to the daily totals, to the closed months it
/// reaches. Runs inside the writer's transaction.
Status add_to_closed_months(store::Db& db, const DayTotalsMap& folded);

/// Closes the next month when a later day has a row; returns whether
/// another month is left to close after it.
Result<bool> close_next_month(store::Db& db);

/// Hands the stock at the end of the closed month `month_end` (of one item
/// when `item_id` is not 0) to `sink` a position at a time; a sink that
/// returns false (an amount that no longer fits) ends it with
/// Errc::invalid_argument.
Status read_month_end(store::Db& db, DayNumber month_end, std::int64_t item_id,
                      const std::function<bool(const Position&, const Amount&)>& sink);

/// Forgets every month (the daily totals are being counted again).
Status forget_months(store::Db& db);

/// Each closed month's rows are the month before plus its days, and nothing
/// is kept for a month that is not closed.
Status verify_month_ends(store::Db& db);

}  // namespace jxc::inventory
