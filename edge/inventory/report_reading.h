#pragma once
// What the reports over the daily totals share (stock_reports.h,
// turnover.h, stock_ageing.h): the master data a report names, the places
// a location filter takes, keys for rows, and one read of a period in one
// snapshot. Inside edge/inventory only.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/day_totals.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/stock_value.h"

namespace jxc::inventory::report_reading {

struct ItemRow {
  std::string sku, name, uom;
  int decimals = 0;
  std::string category;
  std::int64_t category_key = 0;  // the same number for the items of one category, above 0
  std::uint32_t sku_order = 0;    // the item's place by SKU, when read_report() is asked for it
};

struct Place {
  std::string code, warehouse;  // warehouse: the code of the warehouse above (or this one), "" for none
  std::int64_t warehouse_id = 0;
  bool in_scope = true;
};

/// A report's master data: the items it may name and every location.
struct Names {
  std::unordered_map<std::int64_t, ItemRow> items;
  std::unordered_map<std::int64_t, Place> places;
};

/// The items of `Names` numbered from 0, for a report that adds up per item
/// row by row: found through a table by the item's own number when the
/// numbers are dense (as rowids are), through a hash otherwise.
class ItemSlots {
 public:
  explicit ItemSlots(const Names& names);
  /// The item's slot, or -1 when it is not among the names.
  std::int32_t of(std::int64_t item_id) const {
    if (item_id >= 0 && static_cast<std::uint64_t>(item_id) < dense_.size())
      return dense_[static_cast<std::size_t>(item_id)];
    if (!dense_.empty()) return -1;
    const auto it = sparse_.find(item_id);
    return it == sparse_.end() ? -1 : it->second;
  }
  std::size_t size() const { return items_.size(); }
  /// The item in `slot`, and its number.
  const ItemRow& item(std::int32_t slot) const { return *items_[static_cast<std::size_t>(slot)].second; }
  std::int64_t id(std::int32_t slot) const { return items_[static_cast<std::size_t>(slot)].first; }

 private:
  std::vector<std::int32_t> dense_;  // by item number: its slot, -1 none; empty when the numbers are sparse
  std::unordered_map<std::int64_t, std::int32_t> sparse_;
  std::vector<std::pair<std::int64_t, const ItemRow*>> items_;
};

/// `a` plus (qty, value); false when it no longer fits.
bool add_to(Amount* a, Qty qty, Money value);
Status too_large(const std::string& sku);

/// Where a row stands when reported by `by`: nowhere, its location, the
/// warehouse above it or its item's category; as a code, and as a number
/// that keys it.
const std::string& place_by(ValueBy by, const Place& p, const ItemRow& item);
std::int64_t place_key(ValueBy by, std::int64_t location_id, const Place& p, const ItemRow& item);

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
    const std::size_t h =
        static_cast<std::size_t>(k.item_id) * 0x9e3779b97f4a7c15ULL ^ static_cast<std::size_t>(k.place);
    return k.lot.empty() ? h : h * 31 + std::hash<std::string>{}(k.lot);
  }
};

/// Refuses an unknown `sku` or `location` (empty: every one), then reads the
/// names; `item_id` is set to the item `sku` names (0: all). `sku_order` as
/// for read_report().
Status read_names(Queries& q, const std::string& sku, const std::string& location, Names* names,
                  std::int64_t* item_id, bool sku_order = false);

/// Refuses an unknown `sku` or `location` (empty: every one), then reads the
/// names and the period's rows (read_period), handed to `sink` (given the
/// names). The caller holds the snapshot (Queries::snapshot) when it reads
/// more in the same one; `item_id` is set to the item `sku` names (0: all).
/// `sku_order`: the items' sku_order is set too, for a report that sorts
/// many rows by SKU as numbers.
Status read_report(Queries& q, const std::string& sku, const std::string& location, DayNumber first,
                   DayNumber last, const TimeZone& zone, Names* names, const PeriodSink& sink,
                   std::int64_t* item_id = nullptr, bool sku_order = false);

}  // namespace jxc::inventory::report_reading
