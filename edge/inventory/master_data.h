#pragma once
// Master data writes (items, locations, thresholds), run inside a Tx.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "edge/inventory/tx.h"

namespace jxc::inventory {

Result<std::size_t> import_items(Tx& tx, const std::vector<Item>& items,
                                 std::vector<RowError>& errors);
Result<std::size_t> import_locations(Tx& tx, const std::vector<Location>& locations,
                                     std::vector<RowError>& errors);
Result<std::size_t> import_thresholds(Tx& tx, const std::vector<Threshold>& thresholds,
                                      std::vector<RowError>& errors);
Result<std::size_t> import_item_tags(Tx& tx, const std::vector<ItemTag>& tags, std::vector<RowError>& errors);

// Retirement, for master data the central system no longer lists. Items and
// locations are never deleted (the ledger and documents refer to them): they
// are marked inactive, keep their stock and history, and a later import brings
// them back. A retired item gives up its GTINs and RFID tags so that another
// item may take them. Unknown codes are errors; virtual locations cannot be retired.
Status retire_items(Tx& tx, const std::vector<std::string>& skus);
Status retire_locations(Tx& tx, const std::vector<std::string>& codes);
/// Retires every item (location) not listed in `keep`: a full snapshot.
Status retire_items_except(Tx& tx, const std::set<std::string>& keep);
Status retire_locations_except(Tx& tx, const std::set<std::string>& keep);
/// Thresholds refer to nothing else, so they are deleted outright.
Status remove_thresholds(Tx& tx, const std::vector<std::pair<std::string, std::string>>& sku_location);
Status clear_thresholds(Tx& tx);

/// "the import was rejected: 2 of 10 records are bad (see the list)"
Status rejected_import(std::size_t bad, std::size_t total);

}  // namespace jxc::inventory
