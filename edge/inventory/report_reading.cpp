#include "edge/inventory/report_reading.h"

#include <algorithm>

#include "edge/store/sqlite.h"

namespace jxc::inventory::report_reading {
namespace {

/// Master data the rows name: every item, or the one asked for.
Result<std::unordered_map<std::int64_t, ItemRow>> items(store::Db& db, std::int64_t only) {
  JXC_ASSIGN(auto* st, db.cached("SELECT id, sku, name, uom, decimals, category FROM items WHERE ?1=0 OR id=?1"));
  st->bind_all(only);
  std::unordered_map<std::int64_t, ItemRow> out;
  std::unordered_map<std::string, std::int64_t> categories;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    std::string category = st->text(5);
    const std::int64_t key = categories.try_emplace(category, static_cast<std::int64_t>(categories.size()) + 1)
                                 .first->second;
    out[st->int64(0)] = {st->text(1), st->text(2), st->text(3), static_cast<int>(st->int64(4)), std::move(category),
                         key};
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

/// Sets each item's sku_order.
Status order_by_sku(Queries& q, Names* names) {
  if (names->items.size() < 2) return Status::ok();
  // The SKU's index holds the items in order (SQLite's BINARY order is the
  // bytes', as std::string's).
  JXC_ASSIGN(auto* st, q.db().cached("SELECT id FROM items ORDER BY sku"));
  std::uint32_t order = 0;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    auto it = names->items.find(st->int64(0));
    if (it != names->items.end()) it->second.sku_order = order++;
  }
  st->reset();
  return Status::ok();
}

}  // namespace

ItemSlots::ItemSlots(const Names& names) {
  items_.reserve(names.items.size());
  std::int64_t max_id = -1;
  for (const auto& [id, item] : names.items) {
    items_.emplace_back(id, &item);
    max_id = std::max(max_id, id);
  }
  // Slots in the order of the numbers: rows read by item come in that
  // order, and what is added up per slot is then reached in order too.
  std::sort(items_.begin(), items_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto count = static_cast<std::int64_t>(items_.size());
  const bool dense = count > 0 && items_.front().first >= 0 && max_id <= 4 * count + 1024;
  if (dense) dense_.assign(static_cast<std::size_t>(max_id) + 1, -1);
  else sparse_.reserve(items_.size());
  for (std::size_t slot = 0; slot < items_.size(); ++slot) {
    const auto s = static_cast<std::int32_t>(slot);
    if (dense) dense_[static_cast<std::size_t>(items_[slot].first)] = s;
    else sparse_.emplace(items_[slot].first, s);
  }
}

bool add_to(Amount* a, Qty qty, Money value) {
  return !__builtin_add_overflow(a->qty, qty, &a->qty) && !__builtin_add_overflow(a->value, value, &a->value);
}

Status too_large(const std::string& sku) {
  return error(Errc::invalid_argument, "the amounts of " + sku + " are too large to be added up");
}

const std::string& place_by(ValueBy by, const Place& p, const ItemRow& item) {
  static const std::string none;
  switch (by) {
    case ValueBy::item: return none;
    case ValueBy::location: return p.code;
    case ValueBy::warehouse: return p.warehouse;
    case ValueBy::category: return item.category;
  }
  return none;
}
std::int64_t place_key(ValueBy by, std::int64_t location_id, const Place& p, const ItemRow& item) {
  switch (by) {
    case ValueBy::item: return 0;
    case ValueBy::location: return location_id;
    case ValueBy::warehouse: return p.warehouse_id;
    case ValueBy::category: return item.category_key;
  }
  return 0;
}

Status read_names(Queries& q, const std::string& sku, const std::string& location, Names* names,
                  std::int64_t* item_id, bool sku_order) {
  if (!location.empty()) JXC_TRY(q.location(location).status());
  std::int64_t only_item = 0;
  if (!sku.empty()) {
    JXC_ASSIGN(only_item, q.item_id(sku));
  }
  *item_id = only_item;
  JXC_ASSIGN(names->items, items(q.db(), only_item));
  JXC_ASSIGN(names->places, places(q.db(), location));
  if (sku_order) JXC_TRY(order_by_sku(q, names));
  return Status::ok();
}

Status read_report(Queries& q, const std::string& sku, const std::string& location, DayNumber first,
                   DayNumber last, const TimeZone& zone, Names* names, const PeriodSink& sink,
                   std::int64_t* item_id, bool sku_order) {
  std::int64_t only_item = 0;
  JXC_TRY(read_names(q, sku, location, names, &only_item, sku_order));
  if (item_id != nullptr) *item_id = only_item;
  return read_period(q.db(), DayRange{first, last, only_item}, zone, sink);
}

}  // namespace jxc::inventory::report_reading
