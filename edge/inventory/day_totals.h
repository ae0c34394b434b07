#pragma once
// The ledger's totals per day, which reports over months and years read
// instead of every movement. `stock_days` holds, per calendar day of the
// site's time zone, item, lot, physical location and document type, what
// came in and what went out: quantity in smallest units and value. A
// movement between two physical locations counts out at one and in at the
// other; one between two virtual locations (a customer's return scrapped as
// it arrives) holds no stock and is not counted.
//
// The rows are kept behind the ledger, as the cost pools are (cost_tail.h):
// they hold the movements up to `stock_stamp.days_through`, counted in the
// days of the zone `stock_stamp.days_zone`. The writer folds the movements
// after it into the rows every few seconds, a slice at a time (a store
// migrated with years of ledger is folded in over its first minutes), and
// starts over when the site's zone changes. A reader adds the movements
// after the mark to the rows, in one snapshot, so what it reads is exact at
// every commit; a reader in another zone than the rows' reads the ledger.
//
// The same fold keeps the stock at each month's end (month_ends.h), so
// that a period's opening stock is read from the month before it and the
// days since, not from every day since the first.

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/cost.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {

struct DayKey {
  DayNumber day = 0;
  std::int64_t item_id = 0, location_id = 0;
  std::string lot, kind;  // kind: the document's type, to_string(DocType)
  auto operator<=>(const DayKey&) const = default;
};

struct DayTotals {
  Qty qty_in = 0, qty_out = 0;
  Money value_in = 0, value_out = 0;
};

using DayTotalsMap = std::map<DayKey, DayTotals>;

/// What an item's lot holds at a physical location.
struct Position {
  std::int64_t item_id = 0, location_id = 0;
  std::string lot;
  auto operator<=>(const Position&) const = default;
};

struct Amount {
  Qty qty = 0;
  Money value = 0;
};

/// Which rows a reader wants: days `first` to `last` (both included), one
/// item's only when `item_id` is not 0.
struct DayRange {
  DayNumber first = 0, last = 0;
  std::int64_t item_id = 0;
};

/// What a report over the days `first` to `last` of `range` reads, handed
/// over row by row: the stock of positions at the start of `first`, and the
/// totals of the days of the period (none when `last` is before `first`).
/// A position or a day's key may come more than once (a row and the
/// ledger's tail): its parts add up. A sink returns false when an amount no
/// longer fits, which ends the read with Errc::invalid_argument. Run inside
/// a read transaction.
struct PeriodSink {
  std::function<bool(const Position&, const Amount&)> opening;
  std::function<bool(const DayKey&, const DayTotals&)> day;
};
Status read_period(store::Db& db, const DayRange& range, const TimeZone& zone, const PeriodSink& sink);

/// The totals of the days `first` to `last` of `range` alone, without the
/// stock before them: for a report that reads back from a day as far as it
/// needs (stock_ageing.h). Run inside a read transaction.
Status read_days(store::Db& db, const DayRange& range, const TimeZone& zone,
                 const std::function<bool(const DayKey&, const DayTotals&)>& day);

/// The movements after the mark (every movement when the rows were counted
/// in another zone than `zone`) on the days of `range`, added up per day
/// as the rows are: what a reader adds to the rows. Run inside a read
/// transaction.
Result<DayTotalsMap> days_after_mark(store::Db& db, const DayRange& range, const TimeZone& zone);

/// The writer's side: folds at most `limit` movements after the mark into
/// the rows and moves the mark past them (all of it from the start when the
/// rows were counted in another zone), then brings the month ends up to
/// date (month_ends.h). Runs inside the writer's transaction.
struct Folded {
  std::int64_t through = 0;  // the mark now
  bool more = false;         // movements are left to fold, or a month to close
};
Result<Folded> fold_day_totals(store::Db& db, const TimeZone& zone, std::int64_t limit);

/// The mark, or 0 when the rows were counted in another zone than `zone`.
Result<std::int64_t> day_totals_mark(store::Db& db, const TimeZone& zone);

/// The check behind Queries::verify for the daily totals: the rows of each
/// item, location, lot and type add up to the ledger's movements up to the
/// mark, and the mark is not past the newest movement. (Which day a movement
/// went to is the zone's; its tests check that.) Then the month ends.
Status verify_day_totals(store::Db& db);

}  // namespace jxc::inventory
