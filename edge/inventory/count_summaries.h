#pragma once
// Stock counts as lists show them: where each stands, what it covers, who
// counted and how far counting has got. Reads take a read-only Queries; one
// snapshot per call.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

enum class CountPhase { counting, submitted, approved, cancelled };
std::string_view to_string(CountPhase p);
bool parse_count_phase(std::string_view s, CountPhase* out);

struct CountSummary {
  std::int64_t id = 0;  // the document's id, for paging
  std::string number;
  CountPhase phase = CountPhase::counting;
  bool blind = false;
  Qty tolerance = 0;
  std::string opened_by;
  TimeMs opened_at = 0;
  std::string submitted_by;  // "" unless submitted
  std::optional<TimeMs> submitted_at;
  std::string approved_by;  // "" unless approved
  std::optional<TimeMs> approved_at;
  std::vector<std::string> bins;   // the bins in scope, by code
  std::vector<std::string> items;  // SKUs in scope; empty: every item
  std::vector<std::string> counters;
  std::int64_t bins_counted = 0;
  std::int64_t recounts_requested = 0;  // bins asked to be counted again, not yet recounted
};

struct CountFilter {
  std::optional<CountPhase> phase;
  std::int64_t before_id = 0;  // newest first below this id; 0: from the newest
  std::size_t limit = 50;
};

Result<CountSummary> count_summary(Queries& q, const std::string& number);
/// Newest first.
Result<std::vector<CountSummary>> count_summaries(Queries& q, const CountFilter& f);

}  // namespace jxc::inventory
