#pragma once
// Moving-average cost, as exact integers. Pure: no store, no clock.
//
// Amounts are Money (1/10000 of the currency unit); a unit cost is Money per
// base unit (per EA, per kg), quantities are the item's smallest units
// (10^-decimals of the base unit). Each item, and each lot of a lot-tracked
// item, has one cost pool: the quantity it holds in physical locations and
// that stock's value, so that its average is value / qty. Every movement
// records its value; a movement in from outside (a virtual location) adds
// its value to the pool, one out takes its value away, and a transfer
// between bins leaves the pool as it is. So a pool's value is always exactly
// the sum of the values of the movements that crossed it.
//
// Rounding is half away from zero, to 1/10000, once per movement:
//   - in at a unit cost c: round(n * c / 10^decimals);
//   - in or out at the average: round(value * n / qty) while qty > 0; with
//     no stock (qty <= 0, only where the site allows negative stock) the
//     last average: round(n * unit_cost / 10^decimals);
//   - a movement that leaves the pool at quantity zero takes exactly the
//     value that is left (so zero stock has zero value, never a residue).

#include <optional>
#include <string>
#include <string_view>

#include "edge/common/status.h"
#include "edge/inventory/types.h"

namespace jxc::inventory {

inline constexpr int kMoneyDecimals = 4;  // Money is 10^-4 of the currency unit
inline constexpr Money kMoneyScale = 10000;

/// The quantity and value of one item's (or lot's) stock in physical
/// locations, and its last average per base unit (kept for valuing stock
/// that leaves when none is held, under a site's negative-stock allowance).
struct CostPool {
  Qty qty = 0;
  Money value = 0;
  Money unit_cost = 0;
};

/// The value of `qty` smallest units at `unit_cost` per base unit.
/// Errc::invalid_argument when it does not fit in a Money.
Result<Money> value_at_cost(Qty qty, Money unit_cost, int decimals);

/// `value` per base unit for `qty` (> 0) smallest units: the average.
Result<Money> average_cost(Qty qty, Money value, int decimals);

/// The value of `n` smallest units at the pool's average (see above).
Result<Money> value_at_average(const CostPool& pool, Qty n, int decimals);

/// The value of `n` (> 0) smallest units leaving the pool: `given` when set
/// (a reversal undoing a movement at that movement's value), else at the
/// average; the whole remaining value when they empty it.
Result<Money> value_out(const CostPool& pool, Qty n, std::optional<Money> given, int decimals);

/// The value of `n` (> 0) smallest units coming into the pool: `given` when
/// set (a receipt's quantity at its cost, a reversal's original value), else
/// at the average; minus the remaining value when they bring it to zero.
Result<Money> value_in(const CostPool& pool, Qty n, std::optional<Money> given, int decimals);

/// The pool after `delta_qty` (signed) worth `delta_value` (signed); the
/// last average is renewed whenever stock remains. Errc::invalid_argument
/// on overflow.
Result<CostPool> apply_to_pool(const CostPool& pool, Qty delta_qty, Money delta_value, int decimals);

/// "12.5", "0.0125", "3" (currency units, at most 4 decimals, not negative)
/// to Money. `what` names the value in errors.
Result<Money> parse_money(std::string_view text, std::string_view what = "unit cost");

/// Money as currency units with 4 decimals: 125000 is "12.5000".
std::string format_money(Money m);

}  // namespace jxc::inventory
