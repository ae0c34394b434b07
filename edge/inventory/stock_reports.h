#pragma once
// Reports over a period of the ledger, from its daily totals (day_totals.h),
// in the calendar days of the site's time zone. Reads only, each call in one
// snapshot.
//
// 收发存汇总 (the movement summary): per item, and per location or
// warehouse when asked, the stock at the start of the first day, what came
// in and went out during the period by document type, and the stock at the
// end of the last day, in quantity and value. Values are the ledger's: each
// movement's own value, so that opening + in - out = closing exactly, an
// item's values are its cost pool's (stock_value.h) at both ends, and a
// transfer moves its value from one location to the other.
//
// Stock value as of a day: the stock at the end of that day valued as
// stock_value() values stock now (each item's and lot's pool as it stood
// then, its locations at the pool's average), so that as of today it
// equals stock_value().

#include <initializer_list>
#include <string>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/cost.h"
#include "edge/inventory/day_totals.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/stock_value.h"
#include "edge/inventory/types.h"

namespace jxc::inventory {

struct MovementSummaryFilter {
  DayNumber first = 0, last = 0;  // the period's days, both included
  ValueBy by = ValueBy::item;
  std::string sku;       // empty: every item
  std::string location;  // empty: everywhere; a zone/warehouse/site takes what is below it
};

/// Amounts by document type, in the order of the types (DocType), each
/// type once. A summary row sees a few types: they are kept in the row.
class KindAmounts {
 public:
  struct Entry {
    DocType kind;
    Amount amount;
  };
  KindAmounts() = default;
  KindAmounts(std::initializer_list<Entry> entries);  // (a type given twice: added up)

  /// The amount of `kind`, put in as zero when not there yet.
  Amount& operator[](DocType kind);
  const Amount* find(DocType kind) const;
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  boost::container::small_vector<Entry, 2> entries_;
};

struct MovementSummaryRow {
  std::string place;  // the location or warehouse code, or the category; "" by item (or a bin under no warehouse)
  std::string sku, name, uom;
  int decimals = 0;  // the item's, for reading quantities
  Amount opening, closing;
  KindAmounts in, out;
};

/// Rows ordered by place, then SKU; places and items with nothing at either
/// end and no movement in the period left out.
Result<std::vector<MovementSummaryRow>> movement_summary(Queries& q, const MovementSummaryFilter& f,
                                                         const TimeZone& zone);

/// The stock at the end of `day`, as stock_value() rows.
Result<std::vector<StockValueRow>> stock_value_on(Queries& q, DayNumber day, const StockValueFilter& f,
                                                  const TimeZone& zone);

}  // namespace jxc::inventory
