#pragma once
// Replenishment arithmetic: daily demand statistics from the ledger's issues,
// the reorder point for a service level, and the quantity to order. Pure
// functions; replenisher.h applies them to the store.

#include <cstdint>
#include <vector>

namespace jxc::alerts {

/// Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation refined by one
/// Halley step; |error| < 1e-12). inverse_normal_cdf(0.95) ≈ 1.6449.
double inverse_normal_cdf(double p);

struct DemandStats {
  double mean = 0;   // units per day
  double sigma = 0;  // sample standard deviation of daily demand
  int days = 0;      // days in the history (days without issues count as 0)
  bool has_history() const { return days > 0 && mean > 0; }
};
/// `daily` holds the issued quantity per day, oldest first, one entry per day
/// of the history window (zeros included).
DemandStats demand_stats(const std::vector<std::int64_t>& daily);

struct ReorderPolicy {
  double service_level = 0.95;  // probability of no stockout during the lead time
  double lead_time_days = 7;
  std::int64_t min = 0, max = 0, reorder_qty = 0;  // the item's thresholds
  std::int64_t pack_multiple = 1;
};

struct ReorderPoint {
  double safety_stock = 0;
  double reorder_point = 0;
  bool from_history = false;  // false: fixed min used as the reorder point
};
/// ROP = mean × L + z × σ × √L; the threshold's min when there is no history.
ReorderPoint reorder_point(const DemandStats& d, const ReorderPolicy& p);

/// What to order so that projected stock reaches max (or ROP + reorder qty when
/// no max is set), rounded up to the pack multiple; 0 when nothing is needed.
std::int64_t order_quantity(double projected, const ReorderPoint& rop, const ReorderPolicy& p);

}  // namespace jxc::alerts
