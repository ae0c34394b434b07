#pragma once
// The rows of shelf weighing: weight slots (item, bin, tare, calibration and
// last count) and weight discrepancies (a weighed count the books did not
// explain). Only the rows: what a count means and when a change is explained
// is edge/weight's business. Writes run on the engine's writer (Tx); reads
// take a read-only Queries.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/types.h"

namespace jxc::inventory {

/// One scale slot as last recorded.
struct SlotRecord {
  std::string slot, sku, bin;
  double tare_g = 0;
  std::optional<double> calibrated_unit_g;
  TimeMs calibrated_at = 0;
  std::optional<double> grams;
  std::optional<std::int64_t> count;
  std::string status = "waiting";
  TimeMs updated_at = 0;
  /// On save: drop the stored grams (a slot starting afresh: what was
  /// weighed before a restart is not what lies there now).
  bool forget_grams = false;
};

/// A weighed count that differed from the book balance.
struct WeightDiscrepancy {
  std::int64_t id = 0;
  std::string slot, sku, bin;
  Qty book = 0, weighed = 0;
  TimeMs detected_at = 0;
  std::string state;  // open, accepted, dismissed
  TimeMs resolved_at = 0;
  std::string resolved_by;
  std::string document;  // the adjustment an acceptance posted
};

/// The stored slots of one item in one bin (slots not "unconfigured"), with
/// the bin's book balance and threshold.
struct ShelfRow {
  std::string sku, bin;
  std::vector<std::string> slots;  // sorted
  std::int64_t counted = 0;        // slots with status "counted" and a count
  std::int64_t count_sum = 0;      // sum of the slots' counts
  Qty book = 0;                    // the bin's balance of the item, all lots
  std::optional<Qty> min;          // min of the threshold set for the item in this very bin
};

// ---- writes (on the engine's writer) ----

/// Creates or updates a slot's row (item, bin, tare, grams, count, status).
/// Keeps the calibration while the slot holds the same item; grams stay as
/// they were when `r.grams` is empty.
Status save_slot_record(Tx& tx, const SlotRecord& r);
/// The slots stored with a status other than "unconfigured".
Result<std::vector<std::string>> configured_slot_ids(Tx& tx);
/// Sets a slot "unconfigured" without a count.
Status mark_slot_unconfigured(Tx& tx, const std::string& slot);
/// Calibrated unit weights by slot (slots never calibrated are left out).
Result<std::vector<std::pair<std::string, double>>> slot_calibrations(Tx& tx);
/// The slot's row; nullopt when the slot has never been stored.
Result<std::optional<SlotRecord>> slot_record(Tx& tx, const std::string& slot);
/// Stores a slot's unit weight, calibrated now by `by`.
Status set_slot_calibration(Tx& tx, const std::string& slot, double unit_g, const std::string& by);

/// The book balance of an item in a location, all lots.
Result<Qty> bin_balance(Tx& tx, std::int64_t item_id, std::int64_t location_id);
/// The document of the latest movement of the item into or out of the
/// location recorded at or after `since`; empty when there is none.
Result<std::string> latest_movement_document(Tx& tx, std::int64_t item_id, std::int64_t location_id,
                                             TimeMs since);

/// The document named by the confirmation recorded under an idempotency key
/// (empty when it named none); nullopt when none is recorded under it.
Result<std::optional<std::string>> recorded_confirmation(Tx& tx, const std::string& key);
/// Records a confirmation under its idempotency key (with the other keyed
/// requests, forgotten after store.idempotency_retention_hours).
Status record_confirmation(Tx& tx, const std::string& key, const std::string& document);
/// The id of the open discrepancy of this item and bin with these very
/// figures; 0 when there is none.
Result<std::int64_t> find_open_discrepancy(Tx& tx, std::int64_t item_id, std::int64_t location_id,
                                           Qty book, Qty weighed);
/// Opens a discrepancy detected now and returns its id.
Result<std::int64_t> insert_discrepancy(Tx& tx, const std::string& slot, std::int64_t item_id,
                                        std::int64_t location_id, Qty book, Qty weighed);
/// Errc::unknown_document when there is no discrepancy `id`.
Result<WeightDiscrepancy> weight_discrepancy(Tx& tx, std::int64_t id);
/// Resolves a discrepancy now as `state` (accepted, dismissed); `doc_id` is
/// the adjustment posted for it, 0 for none.
Status resolve_discrepancy(Tx& tx, std::int64_t id, const std::string& state, const std::string& by,
                           std::int64_t doc_id);

// ---- reads ----

/// Every stored slot, by slot id.
Result<std::vector<SlotRecord>> slot_records(Queries& q);
/// Every item × bin with stored slots that are not "unconfigured", by SKU then bin.
Result<std::vector<ShelfRow>> shelf_rows(Queries& q);
/// Discrepancies by id; only the open ones when `open_only`.
Result<std::vector<WeightDiscrepancy>> weight_discrepancies(Queries& q, bool open_only);
/// Newest first below `before_id` (0: from the newest), at most `limit`.
Result<std::vector<WeightDiscrepancy>> weight_discrepancy_page(Queries& q, bool open_only, std::int64_t before_id,
                                                               std::size_t limit);
Result<std::int64_t> open_weight_discrepancy_count(Queries& q);

}  // namespace jxc::inventory
