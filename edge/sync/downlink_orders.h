#pragma once
// Expected receipts (down/asn) and pick lists (down/picklist) as the central
// system sends them, read into an inventory::Order: per line the SKU, lot and
// quantity (`qty` in smallest units, or `quantity` in a pack `unit`), the
// central system's `line_id`, and on an ASN the pallet (`sscc`) a line
// arrives on, the `pallets` listing several lines per SSCC, and when the
// goods are due (`expected_at`). Every problem is reported with its path.

#include <string>
#include <vector>

#include "edge/inventory/types.h"
#include "edge/sync/json_fields.h"

namespace jxc::sync {

inventory::Order read_order(Fields& f, inventory::OrderKind kind, std::vector<std::string>& problems);

}  // namespace jxc::sync
