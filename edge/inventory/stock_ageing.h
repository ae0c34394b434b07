#pragma once
// 库龄 (stock ageing) and 呆滞 (idle stock) as of the end of a day of the
// site's calendar: the stock from the daily totals (day_totals.h), its
// arrivals and issues from the daily flows (day_flows.h). Reads only, in
// one snapshot.
//
// Stock arrives on receipts, production and other receipts, opening stock,
// customer returns, count and adjustment gains and reversed issues: for
// each item and lot, each day and each document type, what came into the
// site's physical locations less what left them, when above zero
// (transfers between bins move nothing in). The stock on hand is taken to
// be what arrived last (first in, first out): its age is the days from its
// arrival to the report's day. Stock that no arrival up to the last bound's
// age dates (older, or under negative stock older than the ledger) is in
// the oldest bucket. Each bucket's value is its quantity at the pool's
// average, the oldest bucket taking what is left, so an item's buckets add
// up to its stock value. Lots holding nothing or less are left out.
//
// An item is idle when it holds stock and nothing of it went out on sales,
// production or other issues in the last `idle_days` days up to the
// report's day. The report reads back from its day at most to the last
// bound's days before it (or the idle days', when more), and of each item
// only until its stock is dated and its last issue found.

#include <optional>
#include <string>
#include <vector>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/day_totals.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

struct AgeingFilter {
  DayNumber day = 0;               // as of the end of this day
  std::string sku;                 // empty: every item
  std::vector<int> bounds{30, 60, 90, 180, 365};  // buckets' last ages: 0–30, 31–60, ..., over 365
  int idle_days = 90;
};

struct AgeingRow {
  std::string sku, name, uom;
  int decimals = 0;
  Amount on_hand;
  std::vector<Amount> buckets;  // bounds.size() + 1
  std::optional<DayNumber> oldest_arrival;  // of the stock held; none when some is in the oldest bucket
  std::optional<DayNumber> last_issue;      // in the days read back; none: no issue in them
  bool idle = false;
};

/// Rows by SKU: the items holding stock. Bounds must rise and be above 0.
Result<std::vector<AgeingRow>> stock_ageing(Queries& q, const AgeingFilter& f, const TimeZone& zone);

}  // namespace jxc::inventory
