#pragma once
// The stock rules' in-memory index: one watch per threshold (item × location
// as configured), the on-hand it covers, and what the item's open pick lists
// reserve. apply() is the hot path run after every commit for each touched
// balance: a few hash lookups and comparisons, no store access. A transition
// is reported only when a condition starts or ends (with hysteresis), so the
// store is written on crossings alone.
//
// Not thread-safe; AlertService serialises access.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "edge/alerts/alert.h"

namespace jxc::alerts {

using Qty = std::int64_t;

/// The clearing margin for a threshold: pct of it, at least 1.
Qty hysteresis_margin(Qty threshold, double pct);

struct Watch {
  std::int64_t item_id = 0, location_id = 0;  // the location whose subtree is watched
  Qty min = 0, max = 0, reorder = 0;
  Qty pack_multiple = 1;
  Qty on_hand = 0;
  double reorder_point = -1;  // replenishment; < 0: not computed
  // Conditions currently raised.
  bool low = false, out = false, over = false, below_rop = false;
  bool dirty = false;  // changed in the batch being applied
};

struct Transition {
  Kind kind = Kind::low_stock;  // low_stock, stockout, overstock; or replenish below
  bool replenish = false;       // true: projected stock crossed the reorder point
  bool raise = true;            // false: the condition ended
  std::uint32_t watch = 0;
  Qty qty = 0;        // available (low, out), on hand (over), projected (replenish)
  Qty threshold = 0;
  Qty suggested = 0;  // order quantity for low stock and replenishment
};

class StockRules {
 public:
  explicit StockRules(double hysteresis_pct = 10) : hysteresis_pct_(hysteresis_pct) {}

  /// Location tree: every physical location with its parent (0 for none).
  void set_locations(const std::vector<std::pair<std::int64_t, std::int64_t>>& child_parent);
  /// Adds a watch (first one wins for a duplicate item × location).
  void add_watch(const Watch& w);
  /// Seeds on-hand from a balance without evaluating (load time).
  void seed(std::int64_t item_id, std::int64_t location_id, Qty qty);
  /// Open pick-list quantity and open expected-receipt quantity of an item.
  void set_reserved(std::int64_t item_id, Qty reserved);
  void set_expected(std::int64_t item_id, Qty expected);
  Qty reserved(std::int64_t item_id) const;
  Qty expected(std::int64_t item_id) const;
  std::vector<std::int64_t> items_with_orders() const;

  /// The hot path, in two steps so that a batch moving stock between two bins
  /// of one watched warehouse is judged on its net effect: add() every
  /// touched balance (collecting the watches it changes), then evaluate them.
  void add(std::int64_t item_id, std::int64_t location_id, Qty delta, std::vector<std::uint32_t>& dirty);
  void evaluate_dirty(std::vector<std::uint32_t>& dirty, std::vector<Transition>& out);
  /// Re-evaluates every watch (after load, or reservations changing).
  void evaluate_all(std::vector<Transition>& out);
  void evaluate_item(std::int64_t item_id, std::vector<Transition>& out);

  std::vector<Watch>& watches() { return watches_; }
  const Watch* find(std::int64_t item_id, std::int64_t location_id) const;
  Watch* find(std::int64_t item_id, std::int64_t location_id);
  std::size_t size() const { return watches_.size(); }

  /// The clearing margin for a threshold: hysteresis_pct of it, at least 1.
  Qty margin(Qty threshold) const { return hysteresis_margin(threshold, hysteresis_pct_); }

 private:
  static std::uint64_t key(std::int64_t item, std::int64_t loc) {
    return (static_cast<std::uint64_t>(item) << 32) ^ static_cast<std::uint64_t>(loc);
  }
  void evaluate(std::uint32_t idx, std::vector<Transition>& out);

  double hysteresis_pct_;
  std::vector<Watch> watches_;
  std::unordered_map<std::uint64_t, std::uint32_t> by_key_;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> by_item_;
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> chain_;  // self and ancestors
  std::unordered_map<std::int64_t, Qty> reserved_, expected_;
};

/// The sentence for a person of a raised stock transition (low stock,
/// stockout, overstock) of a watch with `on_hand`, of which `reserved` is
/// held by open pick lists.
std::string stock_detail(const Transition& t, Qty on_hand, Qty reserved);

/// What to order for low stock: up to max (or min + reorder qty), in packs.
Qty low_stock_order(const Watch& w, Qty available);

}  // namespace jxc::alerts
