#pragma once
// Quantities as people write them and as the ledger keeps them. The ledger
// holds exact integers in an item's smallest unit: an item counted in kg with
// 3 decimals stores 1 for a gram, so 1.25 kg is 1250. A pack level (inner,
// case, pallet) holds a whole number of smallest units. Every input of a
// quantity goes through parse_decimal (text to smallest units, refusing more
// decimals than the item has, never rounding) and to_stored (a quantity in a
// pack unit to smallest units); every output a person reads through
// format_decimal.

#include <string>
#include <string_view>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/types.h"

namespace jxc::inventory {

inline constexpr int kMaxDecimals = 3;

/// 10^decimals: the smallest units in one base unit.
Qty scale_of(int decimals);

/// "12", "-1.5", "0.250" to an integer in 10^-decimals: "1.25" with 3
/// decimals is 1250. Digits past `decimals` are refused unless they are
/// zeros (nothing is lost then); no exponent, no thousands separators.
/// `what` names the value in the error ("quantity", "factor").
Result<Qty> parse_decimal(std::string_view text, int decimals, std::string_view what = "quantity");

/// The inverse: 1250 with 3 decimals is "1.250"; with 0 decimals "1250".
std::string format_decimal(Qty scaled, int decimals);

/// How an item is counted: its base unit, its decimals and its pack levels
/// (each pack's factor in smallest units; the base unit's is scale_of(decimals)).
struct ItemUnits {
  std::string base;
  int decimals = 0;
  std::vector<Pack> packs;

  /// Smallest units in one `unit`; an empty unit is the base unit. 0 when the
  /// item has no such unit.
  Qty factor_of(std::string_view unit) const;
  /// "kg", or "case, each, kg": the units a quantity may be entered in.
  std::string known_units() const;
};

/// The units of an item as master data gives it.
ItemUnits units_of(const Item& item);

/// `text` in `unit` (empty: the base unit) to smallest units: "2" cases of 12
/// is 24, "0.5" bag of 25 kg (3 decimals) is 12500. `sku` names the item in
/// errors. Refused: an unknown unit, more decimals than the item has, a
/// result that is not a whole number of smallest units, one that overflows.
Result<Qty> to_stored(std::string_view text, std::string_view unit, const ItemUnits& units,
                      std::string_view sku);

/// Grams in one of `unit` when it is a unit of weight (kg, 公斤, 千克, g, 克,
/// 斤, 两, t, 吨); 0 for any other unit.
double grams_per_unit(std::string_view unit);

/// Goods sold by weight: an item counted with decimals in a unit of weight
/// is weighed, not counted, on a shelf: its quantity is the net weight, and
/// this is the grams in one of its smallest units (1 for kg with 3
/// decimals). 0 for an item counted in pieces.
double weighed_unit_g(const Item& item);

/// A quantity for a person: "1.250 kg", "24 EA".
std::string format_qty(Qty stored, const ItemUnits& units);

}  // namespace jxc::inventory
