#include "edge/inventory/stock_reports.h"

#include <algorithm>
#include <deque>
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
  std::int64_t warehouse_id = 0;
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
    Place p{node.code, "", 0, scope.empty()};
    // Up the tree (bounded: master data's tree has no cycles, but a bound
    // costs nothing).
    std::int64_t at = id;
    for (int depth = 0; at != 0 && depth < 64; ++depth) {
      auto it = nodes.find(at);
      if (it == nodes.end()) break;
      if (it->second.code == scope) p.in_scope = true;
      if (p.warehouse.empty() && it->second.kind == "warehouse") {
        p.warehouse = it->second.code;
        p.warehouse_id = at;
      }
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
/// warehouse above it; as a code, and as a number that keys it.
std::string place_by(ValueBy by, const Place& p) {
  return by == ValueBy::item ? std::string() : by == ValueBy::location ? p.code : p.warehouse;
}
std::int64_t place_key(ValueBy by, std::int64_t location_id, const Place& p) {
  return by == ValueBy::item ? 0 : by == ValueBy::location ? location_id : p.warehouse_id;
}

/// A summary row's key: its place's and its item's numbers.
struct PlaceItem {
  std::int64_t place = 0, item_id = 0;
  bool operator==(const PlaceItem&) const = default;
};
struct PlaceItemHash {
  std::size_t operator()(const PlaceItem& k) const {
    return static_cast<std::size_t>(k.item_id) * 0x9e3779b97f4a7c15ULL ^ static_cast<std::size_t>(k.place);
  }
};

/// A stock row's key: its place's and its item's numbers and its lot.
struct RowKey {
  std::int64_t place = 0, item_id = 0;
  std::string lot;
  bool operator==(const RowKey&) const = default;
};
struct RowKeyHash {
  std::size_t operator()(const RowKey& k) const {
    const std::size_t h = static_cast<std::size_t>(k.item_id) * 0x9e3779b97f4a7c15ULL ^ static_cast<std::size_t>(k.place);
    return k.lot.empty() ? h : h * 31 + std::hash<std::string>{}(k.lot);
  }
};

/// A report's master data: the items it may name and every location.
struct Names {
  std::unordered_map<std::int64_t, ItemRow> items;
  std::unordered_map<std::int64_t, Place> places;
};

/// Refuses an unknown `sku` or `location` (empty: every one), then reads in
/// one snapshot the names and the period's rows, handed to `sink` (given
/// the names).
Status read_report(Queries& q, const std::string& sku, const std::string& location, DayNumber first, DayNumber last,
                   const TimeZone& zone, Names* names, const PeriodSink& sink) {
  if (!location.empty()) JXC_TRY(q.location(location).status());
  std::int64_t only_item = 0;
  if (!sku.empty()) {
    JXC_ASSIGN(only_item, q.item_id(sku));
  }
  auto snapshot = q.snapshot();
  JXC_ASSIGN(names->items, items(q.db(), only_item));
  JXC_ASSIGN(names->places, places(q.db(), location));
  return read_period(q.db(), DayRange{first, last, only_item}, zone, sink);
}

}  // namespace

Result<std::vector<MovementSummaryRow>> movement_summary(Queries& q, const MovementSummaryFilter& f,
                                                         const TimeZone& zone) {
  if (f.last < f.first) return error(Errc::invalid_argument, "the period ends before it begins");
  Names names;
  std::deque<MovementSummaryRow> rows;  // (a row stays where it is as others are added)
  std::unordered_map<PlaceItem, std::size_t, PlaceItemHash> index;  // into rows
  // The row an item's stock at a location goes to; nullptr when out of scope.
  auto find_row = [&](std::int64_t item_id, std::int64_t location_id) -> MovementSummaryRow* {
    const auto place = names.places.find(location_id);
    const auto item = names.items.find(item_id);
    if (place == names.places.end() || item == names.items.end() || !place->second.in_scope) return nullptr;
    if (index.empty()) index.reserve(names.items.size() * (f.by == ValueBy::item ? 1 : 3));
    auto [it, fresh] = index.try_emplace(PlaceItem{place_key(f.by, location_id, place->second), item_id}, rows.size());
    if (fresh) {
      MovementSummaryRow& r = rows.emplace_back();
      r.place = place_by(f.by, place->second);
      r.sku = item->second.sku;
      r.name = item->second.name;
      r.uom = item->second.uom;
      r.decimals = item->second.decimals;
    }
    return &rows[it->second];
  };
  // Rows come by item and location, often several for one: the last found
  // is kept at hand.
  struct Last {
    std::int64_t item_id = -1, location_id = -1;
    MovementSummaryRow* row = nullptr;
  } last;
  auto row_of = [&](std::int64_t item_id, std::int64_t location_id) {
    if (item_id != last.item_id || location_id != last.location_id)
      last = {item_id, location_id, find_row(item_id, location_id)};
    return last.row;
  };
  PeriodSink sink;
  sink.opening = [&](const Position& p, const Amount& a) {
    MovementSummaryRow* r = row_of(p.item_id, p.location_id);
    return r == nullptr || add_to(&r->opening, a.qty, a.value);
  };
  sink.day = [&](const DayKey& k, const DayTotals& t) {
    MovementSummaryRow* r = row_of(k.item_id, k.location_id);
    if (r == nullptr) return true;
    bool fits = true;
    if (t.qty_in != 0 || t.value_in != 0) fits = add_to(&r->in[k.kind], t.qty_in, t.value_in);
    if (fits && (t.qty_out != 0 || t.value_out != 0)) fits = add_to(&r->out[k.kind], t.qty_out, t.value_out);
    return fits;
  };
  JXC_TRY(read_report(q, f.sku, f.location, f.first, f.last, zone, &names, sink));

  // Closing amounts; rows with nothing at either end and no movement left
  // out; the rest in order (sorted as pointers: a row is large to move).
  std::vector<MovementSummaryRow*> kept;
  kept.reserve(rows.size());
  for (auto& r : rows) {
    r.closing = r.opening;
    for (const auto& [kind, a] : r.in)
      if (!add_to(&r.closing, a.qty, a.value)) return too_large(r.sku);
    for (const auto& [kind, a] : r.out)
      if (!add_to(&r.closing, -a.qty, -a.value)) return too_large(r.sku);
    const bool idle = r.in.empty() && r.out.empty();
    if (idle && r.opening.qty == 0 && r.opening.value == 0 && r.closing.qty == 0 && r.closing.value == 0) continue;
    kept.push_back(&r);
  }
  std::sort(kept.begin(), kept.end(), [](const MovementSummaryRow* a, const MovementSummaryRow* b) {
    return std::tie(a->place, a->sku) < std::tie(b->place, b->sku);
  });
  std::vector<MovementSummaryRow> out;
  out.reserve(kept.size());
  for (MovementSummaryRow* r : kept) out.push_back(std::move(*r));
  return out;
}

Result<std::vector<StockValueRow>> stock_value_on(Queries& q, DayNumber day, const StockValueFilter& f,
                                                  const TimeZone& zone) {
  // Each pool as it stood (every location, in scope or not), and what each
  // place in scope held of it: the stock at the start of the next day.
  Names names;
  std::unordered_map<RowKey, Amount, RowKeyHash> pools;  // place 0
  std::unordered_map<RowKey, Qty, RowKeyHash> held;
  PeriodSink sink;
  sink.opening = [&](const Position& p, const Amount& a) {
    const auto place = names.places.find(p.location_id);
    const auto item = names.items.find(p.item_id);
    if (place == names.places.end() || item == names.items.end()) return true;
    if (pools.empty()) {
      pools.reserve(names.items.size());
      held.reserve(names.items.size());
    }
    if (!add_to(&pools[RowKey{0, p.item_id, p.lot}], a.qty, a.value)) return false;
    if (!place->second.in_scope) return true;
    Qty& here = held[RowKey{place_key(f.by, p.location_id, place->second), p.item_id, p.lot}];
    return !__builtin_add_overflow(here, a.qty, &here);
  };
  sink.day = [](const DayKey&, const DayTotals&) { return true; };  // none: the period is empty
  JXC_TRY(read_report(q, f.sku, f.location, day + 1, day, zone, &names, sink));

  // A place's name by its number: a location's or a warehouse's code.
  auto place_name = [&](std::int64_t key) -> std::string {
    if (key == 0) return {};
    const auto it = names.places.find(key);
    return it == names.places.end() ? std::string() : it->second.code;
  };
  std::vector<StockValueRow> out;
  std::unordered_map<PlaceItem, std::size_t, PlaceItemHash> index;  // into out
  index.reserve(held.size());
  for (const auto& [k, qty] : held) {
    const Amount& a = pools[RowKey{0, k.item_id, k.lot}];
    const ItemRow& item = names.items[k.item_id];
    CostPool pool{a.qty, a.value, 0};
    if (a.qty > 0) {
      JXC_ASSIGN(pool.unit_cost, average_cost(a.qty, a.value, item.decimals));
    }
    JXC_ASSIGN(Money value, valued_at(pool, qty, item.decimals));
    if (qty == 0 && value == 0) continue;
    auto [it, fresh] = index.try_emplace(PlaceItem{k.place, k.item_id}, out.size());
    if (fresh) out.push_back({place_name(k.place), item.sku, 0, 0, item.decimals, 0, item.name, item.uom});
    auto& r = out[it->second];
    r.qty += qty;
    if (__builtin_add_overflow(r.value, value, &r.value)) return too_large(r.sku);
  }
  for (auto& r : out) {
    if (r.qty <= 0) continue;
    JXC_ASSIGN(r.unit_cost, average_cost(r.qty, r.value, r.decimals));
  }
  std::sort(out.begin(), out.end(),
            [](const StockValueRow& a, const StockValueRow& b) { return std::tie(a.place, a.sku) < std::tie(b.place, b.sku); });
  return out;
}

}  // namespace jxc::inventory
