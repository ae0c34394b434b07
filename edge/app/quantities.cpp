#include "edge/app/quantities.h"

namespace jxc::app {

QtyText split_qty_text(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  QtyText out{std::string(text.substr(0, i)), std::string(text.substr(i))};
  auto b = out.unit.find_first_not_of(' ');
  out.unit = b == std::string::npos ? "" : out.unit.substr(b);
  return out;
}

const inventory::ItemUnits& ItemQuantities::units(const std::string& sku) {
  auto [it, fresh] = units_.try_emplace(sku);
  if (fresh)
    if (auto item = q_.item(sku)) it->second = inventory::units_of(*item);
  return it->second;
}

std::string ItemQuantities::number(const std::string& sku, inventory::Qty q) {
  return inventory::format_decimal(q, units(sku).decimals);
}

std::string ItemQuantities::with_unit(const std::string& sku, inventory::Qty q) {
  return inventory::format_qty(q, units(sku));
}

Result<inventory::Qty> ItemQuantities::stored(const std::string& sku, const std::string& number,
                                              const std::string& unit) {
  if (auto item = q_.item(sku); !item) return item.status();
  return inventory::to_stored(number, unit, units(sku), sku);
}

}  // namespace jxc::app
