#pragma once
// 盘点准确率 (count accuracy): how well the books agreed with what the
// counters found, over the counts approved in a period of the site's
// calendar days (the day of the approval). Reads only, in one snapshot.
//
// A line is an item and lot at a counted bin, as the count's report has it
// (stock_count.h: the book at the bin's last round against what was counted
// then; lines with neither book nor count are not lines). A line is exact
// when nothing differs (no variance, for a serial-tracked item no unit found
// or missing), within tolerance when |variance| is at most the count's
// tolerance. Gains and losses are the values the approval booked: what its
// movements brought into a bin and took out of one.
//
// Rows per count, per month of the approval, per zone (the bin's parent
// location) or per counter (the person behind the bin's last round,
// actors.h). A count's row counts every bin it counted; a zone's or a
// counter's, the bins that fell to it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

enum class AccuracyBy { count, month, zone, counter };

struct AccuracyFilter {
  DayNumber first = 0, last = 0;  // days of approval, both included
  AccuracyBy by = AccuracyBy::count;
  std::string location;  // empty: every bin; a zone/warehouse/site takes the bins below it
  std::string counter;   // empty: everyone; else the person (as person_of gives it)
};

struct AccuracyTally {
  std::int64_t counts = 0;  // approved counts with a bin in the row
  std::int64_t bins = 0;    // bins counted (a bin in two counts is two)
  std::int64_t lines = 0, exact = 0, within_tolerance = 0;
  Money gain_value = 0, loss_value = 0;  // both at least 0

  /// exact / lines, within_tolerance / lines; none without lines.
  std::optional<double> accuracy() const;
  std::optional<double> tolerance_accuracy() const;
};

struct AccuracyRow {
  std::string key;   // count number, month "2026-11", zone code or counter
  std::string name;  // the zone's name; "" otherwise
  AccuracyTally tally;
  // by count only
  TimeMs approved_at = 0;
  std::string approved_by;
  std::vector<std::string> counters;  // the people who counted it, sorted
  Qty tolerance = 0;
};

struct AccuracyReport {
  std::vector<AccuracyRow> rows;  // by count: by approval time; otherwise by key
  AccuracyTally total;            // every count in the period (counts once each)
};

Result<AccuracyReport> count_accuracy(Queries& q, const AccuracyFilter& f, const TimeZone& zone);

std::string_view to_string(AccuracyBy by);
bool parse_accuracy_by(std::string_view s, AccuracyBy* out);

}  // namespace jxc::inventory
