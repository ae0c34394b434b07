#pragma once
// Per item, local day and lot, what arrived and what was issued: what the
// ageing report (stock_ageing.h) reads back from a day, an item at a time
// and only as far as it needs, instead of a year of every item's daily
// totals.
//
// `stock_flows` is the daily totals (day_totals.h) of each item, day, lot and
// document type added up over the site's physical locations, transfers left
// out (they move nothing in), quantities only; kept by the same fold, up to
// the same mark, in the same zone's days. A day's flow of a lot:
// - `arrived`: over its document types, what came in less what left on the
//   same type, added up where that is above 0 (a day's adjustments up and
//   down net out; a return to the supplier does not undo a receipt's
//   arrival);
// - `issued`: what left on sales, production and other issues.
// A reader adds the movements after the mark, so what it reads is exact at
// every commit.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/cost.h"
#include "edge/inventory/day_totals.h"
#include "edge/inventory/types.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {

/// One day of an item's lot.
struct DayFlow {
  DayNumber day = 0;
  std::string lot;
  Qty arrived = 0, issued = 0;
};

/// The fold's side: adds `folded`, just added to the daily totals, to the
/// rows. Runs inside the writer's transaction.
Status add_day_flows(store::Db& db, const DayTotalsMap& folded);

/// Forgets every row (the daily totals are being counted again).
Status forget_day_flows(store::Db& db);

/// The rows are what the daily totals make of them, no more and no less.
Status verify_day_flows(store::Db& db);

/// Reads items' days from a day back, in one read transaction.
class DayFlowReader {
 public:
  /// What a day's lot took in and gave out per document type (a handful:
  /// searched in turn).
  struct KindTotals {
    DocType kind{};
    Qty in = 0, out = 0;
  };
  using Kinds = std::vector<KindTotals>;

  /// For the days `first` to `last` (of one item when `only_item` is not 0):
  /// reads the movements after the mark once.
  static Result<DayFlowReader> open(store::Db& db, DayNumber first, DayNumber last, std::int64_t only_item,
                                    const TimeZone& zone);

  /// Hands the item's days with an arrival or an issue to `take`, newest
  /// first (lots of one day in no set order), until `take` returns false or
  /// the first day is passed.
  Status back_from_last(std::int64_t item_id, const std::function<bool(const DayFlow&)>& take);

 private:
  DayFlowReader(store::Db* db, DayNumber first, DayNumber last, bool rows)
      : db_(db), first_(first), last_(last), rows_(rows) {}

  store::Db* db_;
  DayNumber first_, last_;
  bool rows_;  // the table holds this zone's days
  /// Per item and day (newest first) and lot, the movements after the mark
  /// per document type: added to the rows of the same day and lot.
  struct Newest {
    bool operator()(const std::pair<DayNumber, std::string>& a, const std::pair<DayNumber, std::string>& b) const {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    }
  };
  std::map<std::int64_t, std::map<std::pair<DayNumber, std::string>, Kinds, Newest>> recent_;
};

}  // namespace jxc::inventory
