#pragma once
// Quantities at the command line: what a person types ("2case", "1.25") read
// into an item's smallest units, and stored quantities shown with the item's
// decimals, through edge/inventory/quantity.h. Item units are looked up once
// per SKU.

#include <map>
#include <string>
#include <string_view>

#include "edge/common/status.h"
#include "edge/inventory/quantity.h"
#include "edge/inventory/queries.h"

namespace jxc::app {

/// "2case" -> {"2", "case"}, "1.25" -> {"1.25", ""}, "-3 箱" -> {"-3", "箱"}:
/// the number and the unit written after it (spaces between allowed).
struct QtyText {
  std::string number, unit;
};
QtyText split_qty_text(std::string_view text);

class ItemQuantities {
 public:
  explicit ItemQuantities(inventory::Queries& q) : q_(q) {}
  /// An unknown SKU has whole units and no unit name.
  const inventory::ItemUnits& units(const std::string& sku);
  /// "1.250" (no unit), for a column of quantities.
  std::string number(const std::string& sku, inventory::Qty q);
  /// "1.250 kg", for a sentence.
  std::string with_unit(const std::string& sku, inventory::Qty q);
  /// `number` in `unit` (empty: the base unit), in smallest units of the item.
  Result<inventory::Qty> stored(const std::string& sku, const std::string& number, const std::string& unit);

 private:
  inventory::Queries& q_;
  std::map<std::string, inventory::ItemUnits> units_;
};

}  // namespace jxc::app
