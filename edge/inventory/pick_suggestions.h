#pragma once
// Where to pick a pick list's open lines from (FEFO): for each line not yet
// fully issued, the bins and lots that hold the item, the lot expiring first
// first (lots without an expiry last, then by location code), never more
// than each bin holds nor more than the line still needs, and a bin's stock
// shared once among the lines of the same item. Virtual locations are never
// proposed. A read: it books and reserves nothing.

#include <optional>
#include <string>
#include <vector>

#include "edge/inventory/queries.h"
#include "edge/inventory/types.h"

namespace jxc::inventory {

struct PickSource {
  std::string location;
  std::string lot;                    // "" for an item without lots
  std::optional<std::string> expiry;  // YYYY-MM-DD; none when the lot has none
  Qty on_hand = 0;                    // what the bin holds of this lot
  Qty qty = 0;                        // proposed to pick here (> 0)
};

struct PickLineSuggestion {
  int line = 0;  // the order line's number, 1-based
  std::string sku;
  std::string lot;  // the lot the order line asks for; "" for any
  Qty ordered = 0, done = 0, open = 0;  // open = ordered - done
  Qty proposed = 0;                     // sum of the sources; below open when stock is short
  std::vector<PickSource> sources;
};

struct PickSuggestions {
  std::string number, ref, partner, state;
  std::vector<PickLineSuggestion> lines;  // the open lines only, in line order
};

/// Errc::unknown_order for no such order, invalid_argument for an expected
/// receipt, invalid_state for a pick list that is closed or cancelled.
Result<PickSuggestions> pick_suggestions(Queries& q, const std::string& number);

}  // namespace jxc::inventory
