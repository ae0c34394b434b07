#pragma once
// Stock counts as the API shows them: the summary lists carry (state, scope,
// counters, progress) and the report (book, counted and variance per bin,
// item and lot, each item with its name). A blind count's report, as its
// counters see it while it is open, shows only what was found: no book
// quantity, no variance, and no line the counters did not find.

#include <nlohmann/json.hpp>

#include "edge/inventory/count_summaries.h"
#include "edge/inventory/queries.h"

namespace jxc::http {

nlohmann::json count_summary_json(const inventory::CountSummary& s, inventory::Queries& q);

/// The summary with the report's lines; `show_book` false hides what a blind count hides.
nlohmann::json count_report_json(const inventory::CountSummary& s, const inventory::CountReport& r,
                                 bool show_book, inventory::Queries& q);

}  // namespace jxc::http
