#include "edge/inventory/stock_reports.h"

#include <algorithm>
#include <deque>
#include <tuple>
#include <unordered_map>

#include "edge/inventory/cost_tail.h"
#include "edge/inventory/day_totals.h"
#include "edge/inventory/report_reading.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {

using report_reading::add_to;
using report_reading::ItemRow;
using report_reading::Names;
using report_reading::place_by;
using report_reading::place_key;
using report_reading::PlaceItem;
using report_reading::PlaceItemHash;
using report_reading::read_report;
using report_reading::RowKey;
using report_reading::RowKeyHash;
using report_reading::too_large;

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
    auto [it, fresh] = index.try_emplace(
        PlaceItem{place_key(f.by, location_id, place->second, item->second), item_id}, rows.size());
    if (fresh) {
      MovementSummaryRow& r = rows.emplace_back();
      r.place = place_by(f.by, place->second, item->second);
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
  auto snapshot = q.snapshot();
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
    Qty& here = held[RowKey{place_key(f.by, p.location_id, place->second, item->second), p.item_id, p.lot}];
    return !__builtin_add_overflow(here, a.qty, &here);
  };
  sink.day = [](const DayKey&, const DayTotals&) { return true; };  // none: the period is empty
  auto snapshot = q.snapshot();
  JXC_TRY(read_report(q, f.sku, f.location, day + 1, day, zone, &names, sink));

  // A place's name by its number: a location's or a warehouse's code, or
  // the item's category.
  auto place_name = [&](std::int64_t key, const ItemRow& item) -> std::string {
    if (f.by == ValueBy::category) return item.category;
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
    if (fresh) out.push_back({place_name(k.place, item), item.sku, 0, 0, item.decimals, 0, item.name, item.uom});
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
