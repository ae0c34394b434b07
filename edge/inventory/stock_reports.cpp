#include "edge/inventory/stock_reports.h"

#include <tuple>
#include <unordered_map>

#include "edge/inventory/cost_tail.h"
#include "edge/inventory/day_totals.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

struct ItemRow {
  std::string sku, name, uom;
  int decimals = 0;
};

struct Place {
  std::string code, warehouse;  // warehouse: the code of the warehouse above (or this one), "" for none
  bool in_scope = true;
};

/// Master data the rows name: every item, or the one asked for.
Result<std::unordered_map<std::int64_t, ItemRow>> items(store::Db& db, std::int64_t only) {
  JXC_ASSIGN(auto* st, db.cached("SELECT id, sku, name, uom, decimals FROM items WHERE ?1=0 OR id=?1"));
  st->bind_all(only);
  std::unordered_map<std::int64_t, ItemRow> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out[st->int64(0)] = {st->text(1), st->text(2), st->text(3), static_cast<int>(st->int64(4))};
  }
  st->reset();
  return out;
}

/// Every location's code, the warehouse above it, and whether it lies in
/// the scope `scope` names ("" : everywhere).
Result<std::unordered_map<std::int64_t, Place>> places(store::Db& db, const std::string& scope) {
  JXC_ASSIGN(auto* st, db.cached("SELECT id, code, kind, coalesce(parent_id,0) FROM locations"));
  struct Node {
    std::string code, kind;
    std::int64_t parent;
  };
  std::unordered_map<std::int64_t, Node> nodes;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    nodes[st->int64(0)] = {st->text(1), st->text(2), st->int64(3)};
  }
  st->reset();
  std::unordered_map<std::int64_t, Place> out;
  for (const auto& [id, node] : nodes) {
    Place p{node.code, "", scope.empty()};
    // Up the tree (bounded: master data's tree has no cycles, but a bound
    // costs nothing).
    std::int64_t at = id;
    for (int depth = 0; at != 0 && depth < 64; ++depth) {
      auto it = nodes.find(at);
      if (it == nodes.end()) break;
      if (it->second.code == scope) p.in_scope = true;
      if (p.warehouse.empty() && it->second.kind == "warehouse") p.warehouse = it->second.code;
      at = it->second.parent;
    }
    out.emplace(id, std::move(p));
  }
  return out;
}

bool add_to(Amount* a, Qty qty, Money value) {
  return !__builtin_add_overflow(a->qty, qty, &a->qty) && !__builtin_add_overflow(a->value, value, &a->value);
}

Status too_large(const std::string& sku) {
  return error(Errc::invalid_argument, "the amounts of " + sku + " are too large to be added up");
}

/// Where a row stands when reported by `by`: nowhere, its location, or the
/// warehouse above it.
std::string place_by(ValueBy by, const Place& p) {
  return by == ValueBy::item ? std::string() : by == ValueBy::location ? p.code : p.warehouse;
}

/// What a report reads, in one snapshot: the items it may name, every
/// location, the stock at the start of `first` and the daily totals from
/// `first` to `last`.
struct Read {
  std::unordered_map<std::int64_t, ItemRow> items;
  std::unordered_map<std::int64_t, Place> places;
  PeriodTotals period;
};

/// Refuses an unknown `sku` or `location` (empty: every one), then reads.
Result<Read> read_report(Queries& q, const std::string& sku, const std::string& location, DayNumber first,
                         DayNumber last, const TimeZone& zone) {
  if (!location.empty()) JXC_TRY(q.location(location).status());
  std::int64_t only_item = 0;
  if (!sku.empty()) {
    JXC_ASSIGN(only_item, q.item_id(sku));
  }
  auto snapshot = q.snapshot();
  Read r;
  JXC_ASSIGN(r.items, items(q.db(), only_item));
  JXC_ASSIGN(r.places, places(q.db(), location));
  JXC_ASSIGN(r.period, read_period(q.db(), DayRange{first, last, only_item}, zone));
  return r;
}

}  // namespace

Result<std::vector<MovementSummaryRow>> movement_summary(Queries& q, const MovementSummaryFilter& f,
                                                         const TimeZone& zone) {
  if (f.last < f.first) return error(Errc::invalid_argument, "the period ends before it begins");
  JXC_ASSIGN(Read read, read_report(q, f.sku, f.location, f.first, f.last, zone));
  auto& [item_rows, place_rows, period] = read;

  std::map<std::pair<std::string, std::string>, MovementSummaryRow> rows;  // by place, SKU
  // The row an item's stock at a location goes to; nullptr when out of scope.
  auto row_of = [&](std::int64_t item_id, std::int64_t location_id) -> MovementSummaryRow* {
    const auto place = place_rows.find(location_id);
    const auto item = item_rows.find(item_id);
    if (place == place_rows.end() || item == item_rows.end() || !place->second.in_scope) return nullptr;
    auto [it, fresh] = rows.try_emplace({place_by(f.by, place->second), item->second.sku});
    MovementSummaryRow& r = it->second;
    if (fresh) {
      r.place = it->first.first;
      r.sku = item->second.sku;
      r.name = item->second.name;
      r.uom = item->second.uom;
      r.decimals = item->second.decimals;
    }
    return &r;
  };
  for (const auto& [p, a] : period.opening) {
    MovementSummaryRow* r = row_of(p.item_id, p.location_id);
    if (r != nullptr && !add_to(&r->opening, a.qty, a.value)) return too_large(r->sku);
  }
  for (const auto& [k, t] : period.days) {
    MovementSummaryRow* r = row_of(k.item_id, k.location_id);
    if (r == nullptr) continue;
    bool fits = true;
    if (t.qty_in != 0 || t.value_in != 0) fits = add_to(&r->in[k.kind], t.qty_in, t.value_in);
    if (fits && (t.qty_out != 0 || t.value_out != 0)) fits = add_to(&r->out[k.kind], t.qty_out, t.value_out);
    if (!fits) return too_large(r->sku);
  }
  std::vector<MovementSummaryRow> out;
  out.reserve(rows.size());
  for (auto& [key, r] : rows) {
    r.closing = r.opening;
    for (const auto& [kind, a] : r.in)
      if (!add_to(&r.closing, a.qty, a.value)) return too_large(r.sku);
    for (const auto& [kind, a] : r.out)
      if (!add_to(&r.closing, -a.qty, -a.value)) return too_large(r.sku);
    const bool idle = r.in.empty() && r.out.empty();
    if (idle && r.opening.qty == 0 && r.opening.value == 0 && r.closing.qty == 0 && r.closing.value == 0) continue;
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<StockValueRow>> stock_value_on(Queries& q, DayNumber day, const StockValueFilter& f,
                                                  const TimeZone& zone) {
  // The stock at the start of the next day.
  JXC_ASSIGN(Read read, read_report(q, f.sku, f.location, day + 1, day, zone));
  auto& [item_rows, place_rows, period] = read;

  // Each pool as it stood (every location, in scope or not), and what each
  // place in scope held of it.
  std::map<PoolKey, Amount> pools;
  struct Held {
    std::string place, sku;
    std::int64_t item_id;
    std::string lot;
    bool operator<(const Held& o) const {
      return std::tie(place, sku, lot) < std::tie(o.place, o.sku, o.lot);
    }
  };
  std::map<Held, Qty> held;
  for (const auto& [k, a] : period.opening) {
    const auto place = place_rows.find(k.location_id);
    const auto item = item_rows.find(k.item_id);
    if (place == place_rows.end() || item == item_rows.end()) continue;
    if (!add_to(&pools[PoolKey{k.item_id, k.lot}], a.qty, a.value)) return too_large(item->second.sku);
    if (!place->second.in_scope) continue;
    std::string where = place_by(f.by, place->second);
    Qty& here = held[Held{std::move(where), item->second.sku, k.item_id, k.lot}];
    if (__builtin_add_overflow(here, a.qty, &here)) return too_large(item->second.sku);
  }
  std::vector<StockValueRow> out;
  for (const auto& [h, qty] : held) {
    const Amount& a = pools[PoolKey{h.item_id, h.lot}];
    const int decimals = item_rows[h.item_id].decimals;
    CostPool pool{a.qty, a.value, 0};
    if (a.qty > 0) {
      JXC_ASSIGN(pool.unit_cost, average_cost(a.qty, a.value, decimals));
    }
    JXC_ASSIGN(Money value, valued_at(pool, qty, decimals));
    if (qty == 0 && value == 0) continue;
    if (out.empty() || out.back().place != h.place || out.back().sku != h.sku)
      out.push_back({h.place, h.sku, 0, 0, decimals, 0});
    auto& r = out.back();
    r.qty += qty;
    if (__builtin_add_overflow(r.value, value, &r.value)) return too_large(r.sku);
  }
  for (auto& r : out) {
    if (r.qty <= 0) continue;
    JXC_ASSIGN(r.unit_cost, average_cost(r.qty, r.value, r.decimals));
  }
  return out;
}

}  // namespace jxc::inventory
