#include "edge/inventory/cost_tail.h"

namespace jxc::inventory {

namespace {
// The tail's movements that cross a pool (in from a virtual location or out
// to one), in ledger order, each with its item's decimals and its pool's
// written row. A transfer between bins leaves the pool as it is.
constexpr const char* kTail =
    "SELECT m.item_id, m.lot, m.qty, m.value, f.kind='virtual', i.decimals, c.qty, c.value, c.unit_cost "
    "FROM movements m JOIN locations f ON f.id=m.from_location JOIN locations t ON t.id=m.to_location "
    "JOIN items i ON i.id=m.item_id LEFT JOIN stock_costs c ON c.item_id=m.item_id AND c.lot=m.lot ";
constexpr const char* kCrossing = " AND (f.kind='virtual') <> (t.kind='virtual') ORDER BY m.id";
}  // namespace

Result<std::map<PoolKey, CostPool>> pools_moved_by_tail(store::Db& db, std::int64_t item_id) {
  static const std::string all =
      std::string(kTail) + "WHERE m.id > (SELECT costs_through FROM stock_stamp)" + kCrossing;
  static const std::string one = std::string(kTail) +
                                 "WHERE m.item_id=?1 AND m.id > (SELECT costs_through FROM stock_stamp)" +
                                 kCrossing;
  JXC_ASSIGN(auto* st, db.cached(item_id ? one.c_str() : all.c_str()));
  if (item_id) st->bind_all(item_id);
  std::map<PoolKey, CostPool> pools;
  for (;;) {
    auto row = st->step();
    if (!row) {
      st->reset();
      return row.status();
    }
    if (!*row) break;
    PoolKey key{st->int64(0), st->text(1)};
    auto [it, first] = pools.try_emplace(std::move(key));
    if (first && !st->is_null(6)) it->second = {st->int64(6), st->int64(7), st->int64(8)};
    const Qty qty = st->int64(2);
    const Money value = st->int64(3);
    const bool in = st->int64(4) != 0;
    const int decimals = static_cast<int>(st->int64(5));
    auto moved = in ? apply_to_pool(it->second, qty, value, decimals)
                    : apply_to_pool(it->second, -qty, -value, decimals);
    if (!moved) {
      st->reset();
      return moved.status();
    }
    it->second = *moved;
  }
  st->reset();
  return pools;
}

}  // namespace jxc::inventory
