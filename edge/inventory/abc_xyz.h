#pragma once
// ABC / XYZ classification of the items over a period of the site's
// calendar days, from the daily totals (day_totals.h). Reads only, in one
// snapshot.
//
// Issued: what went out on sales, production and other issues less what
// came back on customer returns, a reversal of either undoing it, in
// quantity and value (as turnover.h).
// - ABC by issued value: the items in order of it, largest first; an item
//   is A while the items before it hold less than `a_share` of the whole,
//   B while less than `a_share + b_share`, else C (nothing issued: C).
// - XYZ by the variability of demand: the issued quantity per whole week
//   from the period's first day (days after the last whole week are left
//   out); the coefficient of variation (sample standard deviation / mean)
//   up to `x_cv` is X, up to `y_cv` Y, above it or with no demand Z.
// Items with stock or movement in the period are classified; with a
// location filter, only what moved there counts.

#include <optional>
#include <string>
#include <vector>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/day_totals.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

struct AbcFilter {
  DayNumber first = 0, last = 0;  // at least two whole weeks
  std::string sku, location;
  double a_share = 0.8, b_share = 0.15;
  double x_cv = 0.5, y_cv = 1.0;
};

struct AbcRow {
  std::string sku, name, uom;
  int decimals = 0;
  Amount issued;
  double share = 0;       // of the whole issued value (0 when none was issued)
  double cumulative = 0;  // share of this item and those before it
  char abc = 'C';
  std::vector<Qty> weeks;     // issued quantity per whole week
  std::optional<double> cv;   // none without demand
  char xyz = 'Z';
};

struct AbcReport {
  std::vector<AbcRow> rows;  // by issued value, largest first, then SKU
  int weeks = 0;
  Money issued_value = 0;
};

Result<AbcReport> abc_xyz(Queries& q, const AbcFilter& f, const TimeZone& zone);

}  // namespace jxc::inventory
