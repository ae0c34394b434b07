#pragma once
// Replenishment suggestions in the store (rows: edge/inventory/alert_records.h):
// one open suggestion per item × location at most; `replenishment.suggested`
// goes to the outbox with it for the central purchasing. A suggestion is
// marked covered once projected stock (with the expected receipts placed for
// it) is back above the reorder point.

#include <string>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/alert_records.h"

namespace jxc::inventory {
class Tx;
class Queries;
}  // namespace jxc::inventory

namespace jxc::alerts {

using Suggestion = inventory::SuggestionRecord;

/// Records a suggestion unless one is open for the item × location; false then.
Result<bool> store_suggest(inventory::Tx& tx, Suggestion& s);
/// Marks the open suggestion of the item × location covered. False: none open.
Result<bool> store_cover(inventory::Tx& tx, const std::string& item, const std::string& location);
/// A person's decision on an open suggestion: accepted (to be ordered) or
/// dismissed, recorded with who decided. Errc::unknown_document when there is
/// no suggestion with the id, Errc::invalid_state when it is no longer open.
Result<Suggestion> store_accept_suggestion(inventory::Tx& tx, std::int64_t id, const std::string& by);
Result<Suggestion> store_dismiss_suggestion(inventory::Tx& tx, std::int64_t id, const std::string& by);
Result<std::vector<Suggestion>> load_suggestions(inventory::Queries& q, bool open_only, std::size_t limit);
Result<std::vector<Suggestion>> load_suggestions(inventory::Tx& tx, bool open_only, std::size_t limit);

}  // namespace jxc::alerts
