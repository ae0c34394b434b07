#pragma once
// The append-only stock ledger and its balances. Every movement updates the
// balances of both ends in the same transaction, so balance = sum of the
// ledger at every commit. It also records the movement's value and moves the
// item's (or lot's) cost pool with it (cost.h), so a pool's value = the sum
// of the values of the movements that crossed it, at every commit too. The
// writer keeps the pools in memory and writes them behind the ledger
// (write_cost_pools); readers add the movements since (cost_tail.h).

#include "edge/inventory/tx.h"

namespace jxc::inventory {

struct MovementDraft {
  std::int64_t doc_id = 0;
  const ItemInfo* item = nullptr;
  std::string lot;
  const LocationInfo* from = nullptr;
  const LocationInfo* to = nullptr;
  Qty qty = 0;  // > 0
  std::string reason, source;
  TimeMs occurred_at = 0;
  std::string idempotency_key;
  std::int64_t reverses = 0;
  /// The movement's value when it is not the average's: a receipt's
  /// quantity at its cost, a reversal's original value. A movement that
  /// empties the pool takes what is left instead (cost.h).
  std::optional<Money> value;
  /// Serial-tracked items: the serials moved, one per unit (serials.h).
  std::vector<std::string> serials = {};
};

struct PostedMovement {
  std::int64_t id = 0;
  bool went_negative = false;  // allowed by the site's policy, and flagged
  Money value = 0;             // what the ledger recorded
};

/// Appends one movement. Under the block policy a movement that would take a
/// physical location below zero is refused with Errc::insufficient_stock.
/// A movement of a serial-tracked item moves its serials too, and is refused
/// when they are not where it takes them from (serials.h).
Result<PostedMovement> post_movement(Tx& tx, const MovementDraft& m);

/// On hand of one item/lot at one location, as the writer sees it now.
Result<Qty> balance_of(Tx& tx, std::int64_t item_id, std::int64_t location_id, const std::string& lot);

/// Writes the cost pools moved since they were last written, one row each,
/// and marks the store's pools written up to the newest movement
/// (cost_tail.h). The writer calls it about once a second, before a COMMIT.
Status write_cost_pools(Tx& tx);

/// Makes the writer's cache hold every pool moved since the pools were last
/// written, read from the store and the ledger's tail, when a rollback or
/// another process's commit (or a new writer) left it without them.
Status read_back_cost_pools(Tx& tx);

/// The highest movement id committed or written so far in this transaction.
Result<std::int64_t> ledger_mark(Tx& tx);

}  // namespace jxc::inventory
