#pragma once
// The stock rules' index with the names and parameters around it: built from
// the store's rows (locations, thresholds, the items they watch, balances),
// kept in step with open orders and daily demand, and turning the stock
// rules' transitions into changes to write (alerts with their text,
// replenishment suggestions).
//
// Not thread-safe; AlertService serialises access.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/replenishment.h"
#include "edge/alerts/rules/reconcile.h"
#include "edge/alerts/stock_rules.h"
#include "edge/inventory/alert_records.h"

namespace jxc::alerts {

struct IndexSettings {
  double hysteresis_pct = 10;
  bool warehouse_scope = false;  // a threshold watches its location's warehouse
  double service_level = 0.95;
  std::int64_t default_lead_time_days = 7;
};

class AlertIndex {
 public:
  explicit AlertIndex(IndexSettings s) : settings_(s), rules_(s.hysteresis_pct) {}

  /// Rebuilds the index from `rows`, keeping what was raised or computed for
  /// a watch that remains; open orders are to be set again (set_orders). The
  /// stock alerts of a threshold that is gone can no longer end by
  /// themselves: their clears go to `out`.
  void load(const inventory::AlertIndexRows& rows, std::vector<Change>& out);
  /// After the first load: marks the watches whose stock alerts and
  /// suggestions the store holds open (clearing stock alerts no watch
  /// covers, into `out`), and returns the open alerts of the other kinds.
  Conditions restore(std::vector<Alert> open, const std::vector<Suggestion>& suggestions,
                     std::vector<Change>& out);
  /// Sets what open orders reserve and expect per item. With `complete`, the
  /// rows name every item with open orders and the others have none. Returns
  /// the items whose figures changed.
  std::vector<std::int64_t> set_orders(const std::vector<inventory::OpenOrderQty>& rows, bool complete);
  /// Sets the daily demand per item and the reorder points computed from it.
  void set_demand(std::unordered_map<std::int64_t, DemandStats> demand);
  /// Recomputes the reorder points from the demand last set (none set: nothing).
  void set_reorder_points();

  /// The changes the stock rules' transitions call for, raised at `now`.
  void to_changes(const std::vector<Transition>& ts, TimeMs now, std::vector<Change>& out);

  StockRules& rules() { return rules_; }
  /// The customer location, where issues go (0 before the first load).
  std::int64_t customer_id() const { return customer_id_; }

 private:
  IndexSettings settings_;
  StockRules rules_;
  std::unordered_map<std::int64_t, std::string> sku_of_, code_of_;
  std::unordered_map<std::string, std::int64_t> item_id_of_, location_id_of_;
  std::unordered_map<std::int64_t, std::int64_t> lead_time_of_;  // item -> days
  std::unordered_map<std::int64_t, DemandStats> demand_;         // item -> daily demand
  bool has_demand_ = false;
  std::int64_t customer_id_ = 0;
};

}  // namespace jxc::alerts
