#pragma once
// Replenishment suggestions in the store: one open suggestion per item ×
// location at most; `replenishment.suggested` goes to the outbox with it for
// the central purchasing. A suggestion is marked covered once projected stock
// (with the expected receipts placed for it) is back above the reorder point.

#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/tx.h"

namespace jxc::alerts {

struct Suggestion {
  std::int64_t id = 0;
  std::string item, location;
  std::int64_t on_hand = 0, expected = 0, reserved = 0;
  double reorder_point = 0;
  std::int64_t qty = 0;
  double mean_daily = 0, sigma_daily = 0;
  std::int64_t lead_time_days = 0;
  bool open = true;
  TimeMs created_at = 0;
};

/// Records a suggestion unless one is open for the item × location; false then.
Result<bool> store_suggest(inventory::Tx& tx, Suggestion& s);
/// Marks the open suggestion of the item × location covered. False: none open.
Result<bool> store_cover(inventory::Tx& tx, const std::string& item, const std::string& location);
Result<std::vector<Suggestion>> load_suggestions(store::Db& db, bool open_only, std::size_t limit);

}  // namespace jxc::alerts
