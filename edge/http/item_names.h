#pragma once
// Items' names and units by SKU for the rows an answer lists, one lookup per
// item however many rows name it. An item master data no longer has is shown
// with an empty name rather than failing the answer.

#include <map>
#include <string>

#include "edge/inventory/queries.h"

namespace jxc::http {

class ItemNames {
 public:
  explicit ItemNames(inventory::Queries& q) : q_(q) {}
  const inventory::Item& operator()(const std::string& sku) {
    auto [it, fresh] = items_.try_emplace(sku);
    if (fresh) {
      auto item = q_.item(sku);
      it->second = item ? *item : inventory::Item{sku, "", "", {}, std::nullopt, false, 0};
    }
    return it->second;
  }
  /// An item the caller has read already: no second lookup for it.
  void remember(const inventory::Item& item) { items_.try_emplace(item.sku, item); }

 private:
  inventory::Queries& q_;
  std::map<std::string, inventory::Item> items_;
};

}  // namespace jxc::http
