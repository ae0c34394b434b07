#pragma once
// 库存周转 (stock turnover) and days of cover, per item over a period of the
// site's calendar days, from the daily totals (day_totals.h). Reads only,
// in one snapshot.
//
// - Cost of goods issued: the value of what went out on sales, production
//   and other issues, less what came back on customer returns; a reversal
//   of either undoes it on the reversal's day (reversed_issues.h).
// - Average stock value: the mean of the stock's value at the end of each
//   day of the period, rounded half away from zero to 1/10000.
// - Turnover = cost of goods issued / average stock value; turnover days =
//   the period's days / turnover.
// - Days of cover: the stock at the end of the period / the mean daily
//   demand as the replenishment computes it (alerts/rules/demand.h): the
//   quantity issued on sales over the `demand_days` days ending with the
//   period's last, divided by `demand_days`.
// With a location filter, only the stock and movements there count.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/day_totals.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

struct TurnoverFilter {
  DayNumber first = 0, last = 0;  // the period's days, both included
  std::string sku;       // empty: every item
  std::string location;  // empty: everywhere; a zone/warehouse/site takes what is below it
  int demand_days = 28;  // the replenishment's history (alerts.history_days)
};

struct TurnoverRow {
  std::string sku, name, uom;
  int decimals = 0;
  Amount opening, closing;
  Money average_value = 0;
  Amount issued;       // cost of goods issued (quantity and value)
  Qty demand_qty = 0;  // sold over the demand window
  std::optional<double> turnover, turnover_days, days_of_cover;
};

struct TurnoverReport {
  std::vector<TurnoverRow> rows;  // by SKU; items with no stock and no movement in the period or window left out
  int days = 0;                   // in the period
  Money opening_value = 0, closing_value = 0, average_value = 0, issued_value = 0;
  std::optional<double> turnover, turnover_days;  // over all items
};

Result<TurnoverReport> turnover(Queries& q, const TurnoverFilter& f, const TimeZone& zone);

/// The ratios from the amounts: value / average (none when the average is
/// not above zero); days / turnover (none when it is not above zero).
std::optional<double> turnover_ratio(Money issued_value, Money average_value);
std::optional<double> turnover_days(int days, std::optional<double> turnover);

}  // namespace jxc::inventory
