#pragma once
// Shelf weights against the books: slot records (calibration, last count),
// reconciliation of weighed counts with the ledger, and discrepancies that a
// manager accepts (an adjustment is posted) or dismisses. The rows themselves
// are edge/inventory/weight_records.h; this part decides what they mean and
// which events they raise. Writes run inside the engine's unit of work (Tx);
// reads take a read-only inventory::Queries.
//
// "Explained by the ledger": a change of the weighed count of an item in a
// bin is confirmed when the bin's book balance of that item equals the
// weighed count within the match window after the change — i.e. a pick
// (issue), putaway (transfer or receipt) or any other posted movement for
// that item and bin brought the books to what the shelf holds. The movement
// may come before the change (a pick posted at the desk, the goods taken
// minutes later) or after it (goods taken, then the pick scanned). The
// confirmation names the latest movement of that item and bin recorded since
// the shelf's previous count was established (or since one match window
// before the change, whichever is earlier): what the books did that the
// shelf had not yet shown.
// When the window passes and the books still differ, the change is
// unexplained: a "weight.discrepancy" event is written and a discrepancy is
// opened against the book balance.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/types.h"
#include "edge/inventory/weight_records.h"

namespace jxc::weight {

using SlotRecord = inventory::SlotRecord;
using Discrepancy = inventory::WeightDiscrepancy;

/// Creates or updates a slot's row (item, bin, tare, last state). Keeps the
/// calibration while the slot holds the same item.
Status save_slot(inventory::Tx& tx, const SlotRecord& r);
/// Marks every stored slot not in `configured` as "unconfigured" without a
/// count, so that a slot taken out of the configuration does not go on
/// reporting the last count it had (to alerting and queries) for ever.
Status retire_slots(inventory::Tx& tx, const std::vector<std::string>& configured);
/// Calibrated unit weights by slot (slots never calibrated are left out).
Result<std::vector<std::pair<std::string, double>>> calibrations(inventory::Tx& tx);

/// "Slot S now holds N units": unit weight = (last stable grams - tare) / N.
Result<SlotRecord> calibrate_slot(inventory::Tx& tx, const std::string& slot, std::int64_t units,
                                  const std::string& by);

struct ReconcileRequest {
  std::string slot;  // the slot whose change this is (first of the group)
  std::string sku, bin;
  std::int64_t before = -1;  // weighed count before the change; -1: unknown
  std::int64_t weighed = 0;  // now, summed over the slots of this item and bin
  TimeMs changed_at = 0;
  std::int64_t window_ms = 0;
  bool final = false;  // the window has passed: record a discrepancy if unexplained
  std::string device = {};  // the bus that weighed it
  /// Idempotency key of this change's confirmation: a confirmation already
  /// recorded under it is answered again, its event not written twice.
  /// (These three initialised so that the fields above stay a complete initializer.)
  std::string key = {};
  /// When the count before this change was established (0: unknown).
  TimeMs previous_change_at = 0;
  /// Goods sold by weight: the book matches the weighed quantity within
  /// this many smallest units (the scales' stability bands); 0 for counts.
  std::int64_t tolerance = 0;
};
struct Reconciliation {
  enum Outcome { confirmed, pending, discrepancy } outcome = pending;
  inventory::Qty book = 0;
  std::string document;         // confirmed: the latest movement's document (see above)
  std::int64_t discrepancy_id = 0;
};
Result<Reconciliation> reconcile(inventory::Tx& tx, const ReconcileRequest& r);

/// Posts an adjustment that brings the book to the weighed count (as it is
/// now) and closes the discrepancy. Errc::invalid_state when it is not open
/// or the item is lot-tracked (count it instead).
Result<Discrepancy> accept_discrepancy(inventory::Tx& tx, std::int64_t id, const std::string& by);
Result<Discrepancy> dismiss_discrepancy(inventory::Tx& tx, std::int64_t id, const std::string& by);

// ---- read side ----
Result<std::vector<SlotRecord>> list_slots(inventory::Queries& q);

/// The live level of an item in a bin: its slots judged together, as the
/// reconciliation sums them, beside the books and the bin's threshold.
struct ShelfLevel {
  std::string sku, bin;
  std::vector<std::string> slots;  // sorted
  /// Every slot of the group is counted now. A slot waiting for a stable
  /// reading, needing attention, over- or underloaded, without a unit weight
  /// or offline makes the group's level unknown.
  bool countable = false;
  std::int64_t weighed = 0;  // summed count, when countable
  inventory::Qty book = 0;   // the bin's book balance of the item
  /// min of the threshold set for the item in this very bin. A threshold on
  /// a zone or warehouse is about its whole subtree, which a shelf does not
  /// weigh, so it does not apply to a shelf.
  std::optional<inventory::Qty> min;
};
/// Every item × bin that has configured slots, by SKU then bin.
Result<std::vector<ShelfLevel>> shelf_levels(inventory::Queries& q);

/// How a level stands against its min, without hysteresis: "empty" (none
/// left), "low" (below min), "ok", or "-" when unknown or there is no min.
std::string_view level_text(const ShelfLevel& l);
Result<std::vector<Discrepancy>> list_discrepancies(inventory::Queries& q, bool open_only);

}  // namespace jxc::weight
