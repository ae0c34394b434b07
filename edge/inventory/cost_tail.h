#pragma once
// Cost pools are written behind the ledger. `stock_costs` holds each pool as
// of movement `stock_stamp.costs_through`; the movements after it, the tail,
// have moved their pools only in the writer's memory until it next writes
// them (about once a second: a pool moved by a hundred lines in that time is
// written once). Whoever reads a pool adds the tail's movements to the row,
// in ledger order and with the same arithmetic the writer used (cost.h), so
// what is read is exact at every commit. A writer that starts, or that lost
// its memory to a rollback or another process's commit, reads the tail the
// same way before it moves a pool.

#include <cstdint>
#include <map>
#include <string>

#include "edge/common/status.h"
#include "edge/inventory/cost.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {

/// An item's cost pool is keyed by the item and its lot ('' for items
/// without lots).
struct PoolKey {
  std::int64_t item_id = 0;
  std::string lot;
  bool operator==(const PoolKey&) const = default;
  bool operator<(const PoolKey& o) const { return item_id != o.item_id ? item_id < o.item_id : lot < o.lot; }
};
struct PoolKeyHash {
  std::size_t operator()(const PoolKey& k) const {
    const auto id = static_cast<std::size_t>(k.item_id);
    return k.lot.empty() ? id : id * 31 + std::hash<std::string>{}(k.lot);
  }
};

/// Each pool the tail moved, as it stands after the tail: its row (or an
/// empty pool) moved by each of the tail's movements that crossed it. Only
/// `item_id`'s pools when it is not 0. One statement, so one snapshot.
Result<std::map<PoolKey, CostPool>> pools_moved_by_tail(store::Db& db, std::int64_t item_id = 0);

}  // namespace jxc::inventory
