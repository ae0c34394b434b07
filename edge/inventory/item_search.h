#pragma once
// Finding items by what a person types: part of a SKU or of a name, in any
// letters (CJK names included). Exact identifiers (a SKU, a GTIN, a scanned
// label) are resolved by Queries::item and scan::resolve_item; this is the
// search behind them. Reads only.

#include <string>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

/// SKUs of items whose SKU or name contains `text` (case-insensitive for
/// ASCII), SKU matches first, then by SKU; at most `limit`.
Result<std::vector<std::string>> search_item_skus(Queries& q, const std::string& text, std::size_t limit);

}  // namespace jxc::inventory
