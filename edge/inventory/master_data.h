#pragma once
// Master data writes (items, locations, thresholds), run inside a Tx.

#include <vector>

#include "edge/inventory/tx.h"

namespace jxc::inventory {

Result<std::size_t> import_items(Tx& tx, const std::vector<Item>& items,
                                 std::vector<RowError>& errors);
Result<std::size_t> import_locations(Tx& tx, const std::vector<Location>& locations,
                                     std::vector<RowError>& errors);
Result<std::size_t> import_thresholds(Tx& tx, const std::vector<Threshold>& thresholds,
                                      std::vector<RowError>& errors);

/// "the import was rejected: 2 of 10 records are bad (see the list)"
Status rejected_import(std::size_t bad, std::size_t total);

}  // namespace jxc::inventory
