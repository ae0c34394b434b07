#pragma once
// Which item a scan names, and what else its label says: a GS1 label gives
// the GTIN (AI 01, or AI 02 on a logistic unit), the quantity (AI 37 or 30),
// the lot (AI 10), the expiry (AI 17) and the unit's serial number (AI 21,
// which serial-tracked items need); any other text is tried as a SKU
// barcode. A GTIN names a pack level of its item (a case's GTIN the case):
// one scan is one of that level, and a label's count counts that level too.

#include <optional>
#include <string>
#include <string_view>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"

namespace jxc::scan {

struct ItemScan {
  inventory::Item item;
  inventory::Qty qty = 0;  // from the label, in `unit`; 0 when it does not say
  std::string unit;          // the pack level scanned (the item's base unit for a SKU)
  inventory::Qty factor = 1;  // the item's smallest units in one `unit`
  std::string lot;
  std::optional<std::string> expiry;  // YYYY-MM-DD
  std::string serial;  // AI 21; empty when the label has none
};

/// Errc::unknown_item with the reason (a GS1 parse error, or no item with
/// that GTIN or SKU).
Result<ItemScan> resolve_item(inventory::Queries& q, std::string_view raw);

}  // namespace jxc::scan
