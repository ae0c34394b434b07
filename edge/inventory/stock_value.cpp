#include "edge/inventory/stock_value.h"

#include <algorithm>
#include <unordered_map>

#include "edge/inventory/cost_tail.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {

bool parse_value_by(std::string_view s, ValueBy* out) {
  if (s == "item") *out = ValueBy::item;
  else if (s == "location") *out = ValueBy::location;
  else if (s == "warehouse") *out = ValueBy::warehouse;
  else if (s == "category") *out = ValueBy::category;
  else return false;
  return true;
}

std::string_view to_string(ValueBy by) {
  switch (by) {
    case ValueBy::item: return "item";
    case ValueBy::location: return "location";
    case ValueBy::warehouse: return "warehouse";
    case ValueBy::category: return "category";
  }
  return "item";
}

Result<Money> valued_at(const CostPool& pool, Qty qty, int decimals) {
  if (qty == pool.qty) return pool.value;
  return value_at_average(pool, qty, decimals);
}

Result<CostPool> cost_pool(Queries& q, const std::string& sku, const std::string& lot) {
  auto snapshot = q.snapshot();
  JXC_ASSIGN(auto* st, q.db().cached("SELECT i.id, c.qty, c.value, c.unit_cost FROM items i "
                                     "LEFT JOIN stock_costs c ON c.item_id=i.id AND c.lot=?2 WHERE i.sku=?1"));
  st->bind_all(sku, lot);
  JXC_ASSIGN(bool row, st->step());
  CostPool p;
  std::int64_t item_id = 0;
  if (row) {
    item_id = st->int64(0);
    if (!st->is_null(1)) p = {st->int64(1), st->int64(2), st->int64(3)};
  }
  st->reset();
  if (!item_id) return p;
  JXC_ASSIGN(auto tail, pools_moved_by_tail(q.db(), item_id));
  if (auto it = tail.find(PoolKey{item_id, lot}); it != tail.end()) p = it->second;
  return p;
}

Result<std::vector<StockValueRow>> stock_value(Queries& q, const StockValueFilter& f) {
  if (!f.location.empty()) JXC_TRY(q.location(f.location).status());
  if (!f.sku.empty()) JXC_TRY(q.item(f.sku).status());
  auto snapshot = q.snapshot();
  // The pools the ledger's tail moved since they were written.
  std::int64_t only_item = 0;
  if (!f.sku.empty()) {
    JXC_ASSIGN(only_item, q.item_id(f.sku));
  }
  JXC_ASSIGN(auto tail, pools_moved_by_tail(q.db(), only_item));
  // Each balance in scope with its place (nothing, its location, or the
  // warehouse above it), summed per place, item and lot, beside its pool.
  JXC_ASSIGN(auto* st, q.db().cached(
      "WITH RECURSIVE scope(id) AS ("
      "  SELECT id FROM locations WHERE ?2='' OR code=?2"
      "  UNION SELECT l.id FROM locations l JOIN scope s ON l.parent_id=s.id WHERE ?2<>''),"
      " up(held_at, id, kind, parent) AS ("
      "  SELECT id, id, kind, parent_id FROM locations WHERE ?3=2 AND kind<>'virtual'"
      "  UNION ALL SELECT u.held_at, p.id, p.kind, p.parent_id FROM up u JOIN locations p ON p.id=u.parent"
      "  WHERE u.kind<>'warehouse'),"
      " warehouse_of(held_at, code) AS ("
      "  SELECT u.held_at, l.code FROM up u JOIN locations l ON l.id=u.id WHERE u.kind='warehouse') "
      "SELECT CASE ?3 WHEN 0 THEN '' WHEN 1 THEN l.code WHEN 2 THEN coalesce(w.code,'') ELSE i.category END AS place, "
      "i.sku, b.lot, sum(b.qty), coalesce(c.qty,0), coalesce(c.value,0), coalesce(c.unit_cost,0), i.decimals, "
      "b.item_id, i.name, i.uom "
      "FROM balances b JOIN items i ON i.id=b.item_id JOIN locations l ON l.id=b.location_id "
      "LEFT JOIN warehouse_of w ON w.held_at=b.location_id "
      "LEFT JOIN stock_costs c ON c.item_id=b.item_id AND c.lot=b.lot "
      "WHERE l.kind<>'virtual' AND (?1='' OR i.sku=?1) AND b.location_id IN (SELECT id FROM scope) "
      "GROUP BY place, b.item_id, b.lot ORDER BY place, i.sku, b.lot"));
  st->bind_all(f.sku, f.location, static_cast<std::int64_t>(f.by));
  std::vector<StockValueRow> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    CostPool pool{st->int64(4), st->int64(5), st->int64(6)};
    if (!tail.empty())
      if (auto it = tail.find(PoolKey{st->int64(8), st->text(2)}); it != tail.end()) pool = it->second;
    const Qty here = st->int64(3);
    const int decimals = static_cast<int>(st->int64(7));
    JXC_ASSIGN(Money value, valued_at(pool, here, decimals));
    if (here == 0 && value == 0) continue;
    std::string place = st->text(0), sku = st->text(1);
    if (out.empty() || out.back().place != place || out.back().sku != sku)
      out.push_back({std::move(place), std::move(sku), 0, 0, decimals, 0, st->text(9), st->text(10)});
    auto& r = out.back();
    r.qty += here;
    if (__builtin_add_overflow(r.value, value, &r.value))
      return error(Errc::invalid_argument, "the value of " + r.sku + " is too large to be added up");
  }
  st->reset();
  for (auto& r : out) {
    if (r.qty <= 0) continue;
    JXC_ASSIGN(r.unit_cost, average_cost(r.qty, r.value, r.decimals));
  }
  return out;
}

}  // namespace jxc::inventory

namespace jxc::inventory {

Status verify_costs(store::Db& db) {
  // Pools as of the newest movement: the written rows and the tail after
  // them (stock_costs_now). The tail's sums are checked here; the writer's
  // replay of it (cost_tail.h) is checked by its tests. Each side is read
  // once and added up in memory per pool: joined in SQL, the pools' view
  // was scanned again for every pool.
  struct Drift {
    Qty qty = 0;      // the stock held minus the pool's quantity
    Money value = 0;  // the movements' values minus the pool's value
  };
  std::unordered_map<PoolKey, Drift, PoolKeyHash> drift;
  auto add = [&](store::Stmt& st, Qty qty, Money value) {
    Drift& d = drift[PoolKey{st.int64(0), st.text(1)}];
    return !__builtin_add_overflow(d.qty, qty, &d.qty) && !__builtin_add_overflow(d.value, value, &d.value);
  };
  auto too_large = [](store::Stmt& st) {
    return error(Errc::storage, "the amounts of item " + std::to_string(st.int64(0)) + " are too large");
  };
  JXC_ASSIGN(auto pools, db.prepare("SELECT item_id, lot, qty, value FROM stock_costs_now"));
  for (;;) {
    JXC_ASSIGN(bool row, pools->step());
    if (!row) break;
    if (!add(*pools, -pools->int64(2), -pools->int64(3))) return too_large(*pools);
  }
  JXC_ASSIGN(auto held, db.prepare("SELECT b.item_id, b.lot, sum(b.qty) FROM balances b "
                                   "JOIN locations l ON l.id=b.location_id WHERE l.kind<>'virtual' "
                                   "GROUP BY b.item_id, b.lot"));
  for (;;) {
    JXC_ASSIGN(bool row, held->step());
    if (!row) break;
    if (!add(*held, held->int64(2), 0)) return too_large(*held);
  }
  JXC_ASSIGN(auto moved, db.prepare("SELECT m.item_id, m.lot, m.value, f.kind='virtual' FROM movements m "
                                    "JOIN locations f ON f.id=m.from_location JOIN locations t ON t.id=m.to_location "
                                    "WHERE (f.kind='virtual') <> (t.kind='virtual')"));
  for (;;) {
    JXC_ASSIGN(bool row, moved->step());
    if (!row) break;
    if (!add(*moved, 0, moved->int64(3) != 0 ? moved->int64(2) : -moved->int64(2))) return too_large(*moved);
  }
  const auto qty_drift = std::count_if(drift.begin(), drift.end(), [](const auto& e) { return e.second.qty != 0; });
  if (qty_drift != 0)
    return error(Errc::storage, std::to_string(qty_drift) + " cost pool(s) differ from the stock they value");
  const auto value_drift =
      std::count_if(drift.begin(), drift.end(), [](const auto& e) { return e.second.value != 0; });
  if (value_drift != 0)
    return error(Errc::storage,
                 std::to_string(value_drift) + " cost pool(s) differ from the sum of their movements' values");
  JXC_ASSIGN(std::int64_t residue, db.query_int("SELECT count(*) FROM stock_costs_now WHERE qty=0 AND value<>0"));
  if (residue != 0)
    return error(Errc::storage, std::to_string(residue) + " cost pool(s) hold a value but no stock");
  JXC_ASSIGN(std::int64_t ahead, db.query_int("SELECT count(*) FROM stock_stamp "
                                              "WHERE costs_through > (SELECT coalesce(max(id),0) FROM movements)"));
  if (ahead != 0) return error(Errc::storage, "the cost pools are marked written past the newest movement");
  return Status::ok();
}

}  // namespace jxc::inventory
