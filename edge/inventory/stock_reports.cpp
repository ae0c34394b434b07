#include "edge/inventory/stock_reports.h"

#include <algorithm>
#include <optional>
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

KindAmounts::KindAmounts(std::initializer_list<Entry> entries) {
  for (const Entry& e : entries) {
    Amount& a = (*this)[e.kind];
    a = {a.qty + e.amount.qty, a.value + e.amount.value};
  }
}

Amount& KindAmounts::operator[](DocType kind) {
  auto it = entries_.begin();
  while (it != entries_.end() && it->kind < kind) ++it;
  if (it == entries_.end() || it->kind != kind) it = entries_.insert(it, Entry{kind, Amount{}});
  return it->amount;
}

const Amount* KindAmounts::find(DocType kind) const {
  for (const Entry& e : entries_)
    if (e.kind == kind) return &e.amount;
  return nullptr;
}

namespace {

/// What orders a summary row: its place's key (place_key()) and name, and
/// its item's place by SKU.
struct RowOrder {
  std::int64_t place = 0;
  const std::string* place_name = nullptr;
  std::uint32_t sku_order = 0;
};

constexpr std::int64_t kOutOfScope = -1;

/// Where each item's stock at each location goes: a summary row, or out of
/// scope. A report looks this up for every row it reads: an item's few
/// locations are a short chain from its slot.
class PositionRows {
 public:
  explicit PositionRows(const Names& names) : slots_(names), head_(slots_.size(), -1) {
    seen_.reserve(slots_.size() * 3);
  }

  /// The entry of (item, location); `fresh` when just put in, as out of
  /// scope, with the item's names in `item`. An item not among the names
  /// shares one entry, out of scope.
  std::int64_t& at(std::int64_t item_id, std::int64_t location_id, bool* fresh, const ItemRow** item) {
    const std::int32_t slot = slots_.of(item_id);
    if (slot < 0) {
      unknown_ = kOutOfScope;
      *fresh = false;
      return unknown_;
    }
    *item = &slots_.item(slot);
    std::int32_t& head = head_[static_cast<std::size_t>(slot)];
    for (std::int32_t i = head; i >= 0; i = seen_[static_cast<std::size_t>(i)].next)
      if (seen_[static_cast<std::size_t>(i)].location_id == location_id) {
        *fresh = false;
        return seen_[static_cast<std::size_t>(i)].row;
      }
    seen_.push_back({location_id, kOutOfScope, head});
    head = static_cast<std::int32_t>(seen_.size() - 1);
    *fresh = true;
    return seen_.back().row;
  }

 private:
  struct Seen {
    std::int64_t location_id, row;
    std::int32_t next;  // the item's next entry, -1 none
  };
  report_reading::ItemSlots slots_;
  std::vector<std::int32_t> head_;  // by slot: the item's first entry, -1 none
  std::vector<Seen> seen_;
  std::int64_t unknown_ = kOutOfScope;
};

/// The order of rows by place, then SKU, as numbers: places are few and
/// ranked by name here, items by their SKU's order. order[k]: the row to go
/// k-th.
std::vector<std::uint32_t> place_then_sku(const std::vector<RowOrder>& rows) {
  std::unordered_map<std::int64_t, const std::string*> names;
  for (const RowOrder& r : rows) names.emplace(r.place, r.place_name);
  std::vector<std::pair<std::int64_t, const std::string*>> by_name(names.begin(), names.end());
  std::sort(by_name.begin(), by_name.end(), [](const auto& a, const auto& b) { return *a.second < *b.second; });
  std::unordered_map<std::int64_t, std::uint64_t> rank;
  for (std::uint32_t i = 0; i < by_name.size(); ++i) rank.emplace(by_name[i].first, i);
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keys;  // (place rank, SKU order), row
  keys.reserve(rows.size());
  for (std::uint32_t i = 0; i < rows.size(); ++i) keys.emplace_back(rank[rows[i].place] << 32 | rows[i].sku_order, i);
  std::sort(keys.begin(), keys.end());
  std::vector<std::uint32_t> order(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k) order[k] = keys[k].second;
  return order;
}

/// Puts `rows` in `order` (as place_then_sku() gives it) where they are:
/// a summary's rows are many and large, and new memory for them costs more
/// than moving them round the cycles of the order.
void reorder(std::vector<MovementSummaryRow>* rows, std::vector<std::uint32_t> order) {
  for (std::uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    MovementSummaryRow held = std::move((*rows)[start]);
    std::uint32_t at = start;
    for (;;) {
      const std::uint32_t from = order[at];
      order[at] = at;
      if (from == start) {
        (*rows)[at] = std::move(held);
        break;
      }
      (*rows)[at] = std::move((*rows)[from]);
      at = from;
    }
  }
}

}  // namespace

Result<std::vector<MovementSummaryRow>> movement_summary(Queries& q, const MovementSummaryFilter& f,
                                                         const TimeZone& zone) {
  if (f.last < f.first) return error(Errc::invalid_argument, "the period ends before it begins");
  Names names;
  std::vector<MovementSummaryRow> rows;  // each built once, in the order first met
  std::vector<RowOrder> orders;          // beside them
  std::optional<PositionRows> positions;  // made once the names are read
  // The rows by their own key (place_key, item) where several locations
  // share one: reported by item, warehouse or category.
  std::unordered_map<PlaceItem, std::int64_t, PlaceItemHash> index;
  auto find_row = [&](const ItemRow& i, std::int64_t item_id, std::int64_t location_id) -> std::int64_t {
    const auto place = names.places.find(location_id);
    if (place == names.places.end() || !place->second.in_scope) return kOutOfScope;
    const std::int64_t key = place_key(f.by, location_id, place->second, i);
    const auto made = static_cast<std::int64_t>(rows.size());
    if (f.by != ValueBy::location) {
      auto [it, fresh] = index.try_emplace(PlaceItem{key, item_id}, made);
      if (!fresh) return it->second;
    }
    const std::string& name = place_by(f.by, place->second, i);
    rows.push_back({name, i.sku, i.name, i.uom, i.decimals, {}, {}, {}, {}});
    orders.push_back({key, &name, i.sku_order});
    return made;
  };
  // Rows come by item and location, often several for one: the last found
  // is kept at hand.
  struct Last {
    std::int64_t item_id = -1, location_id = -1, row = kOutOfScope;
  } last;
  auto row_of = [&](std::int64_t item_id, std::int64_t location_id) -> MovementSummaryRow* {
    if (item_id != last.item_id || location_id != last.location_id) {
      if (!positions) {
        positions.emplace(names);
        const std::size_t expected = names.items.size() * (f.by == ValueBy::item ? 1 : 3);
        if (f.by != ValueBy::location) index.reserve(expected);
        rows.reserve(expected);
        orders.reserve(expected);
      }
      bool fresh = false;
      const ItemRow* item = nullptr;
      std::int64_t& row = positions->at(item_id, location_id, &fresh, &item);
      if (fresh) row = find_row(*item, item_id, location_id);
      last = {item_id, location_id, row};
    }
    return last.row == kOutOfScope ? nullptr : &rows[static_cast<std::size_t>(last.row)];
  };
  std::string unknown_kind;  // a daily row's type that no document has
  PeriodSink sink;
  sink.opening = [&](const Position& p, const Amount& a) {
    MovementSummaryRow* r = row_of(p.item_id, p.location_id);
    return r == nullptr || add_to(&r->opening, a.qty, a.value);
  };
  sink.day = [&](const DayKey& k, const DayTotals& t) {
    MovementSummaryRow* r = row_of(k.item_id, k.location_id);
    if (r == nullptr) return true;
    DocType kind;
    if (!parse_doc_type(k.kind, &kind)) {
      unknown_kind = k.kind;
      return false;
    }
    bool fits = true;
    if (t.qty_in != 0 || t.value_in != 0) fits = add_to(&r->in[kind], t.qty_in, t.value_in);
    if (fits && (t.qty_out != 0 || t.value_out != 0)) fits = add_to(&r->out[kind], t.qty_out, t.value_out);
    return fits;
  };
  {
    auto snapshot = q.snapshot();
    Status read = read_report(q, f.sku, f.location, f.first, f.last, zone, &names, sink, nullptr, true);
    if (!unknown_kind.empty())
      return error(Errc::corrupt, "the daily totals hold a type of document there is none of: " + unknown_kind);
    JXC_TRY(read);
  }

  // Closing amounts; rows with nothing at either end and no movement left
  // out; the rest in order.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    MovementSummaryRow& r = rows[i];
    r.closing = r.opening;
    for (const auto& [kind, a] : r.in)
      if (!add_to(&r.closing, a.qty, a.value)) return too_large(r.sku);
    for (const auto& [kind, a] : r.out)
      if (!add_to(&r.closing, -a.qty, -a.value)) return too_large(r.sku);
    const bool idle = r.in.empty() && r.out.empty();
    if (idle && r.opening.qty == 0 && r.opening.value == 0 && r.closing.qty == 0 && r.closing.value == 0) continue;
    if (kept != i) {
      rows[kept] = std::move(r);
      orders[kept] = orders[i];
    }
    ++kept;
  }
  rows.resize(kept);
  orders.resize(kept);
  reorder(&rows, place_then_sku(orders));
  return rows;
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
