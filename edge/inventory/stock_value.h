#pragma once
// What the stock is worth: each item's (and lot's) cost pool (cost.h) and
// its value by item, by location or by warehouse. Reads only, each call in
// one snapshot: a pool is its written row and the ledger's tail after it
// (cost_tail.h).
//
// An item's value is its pools' value, exactly the sum of its movements'
// values. The stock at a location is valued at the pool's average, rounded
// once per item, lot and location (half away from zero, to 1/10000), so the
// locations of an item add up to its value within half a ten-thousandth per
// location. A warehouse values what all its bins hold together, rounded once
// per item and lot.

#include <string>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/cost.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

/// by category: per item, each in its category (商品类别, "" for none).
enum class ValueBy { item, location, warehouse, category };
bool parse_value_by(std::string_view s, ValueBy* out);
std::string_view to_string(ValueBy by);

struct StockValueFilter {
  ValueBy by = ValueBy::item;
  std::string sku;       // empty: every item
  std::string location;  // empty: everywhere; a zone/warehouse/site takes what is below it
};

/// One item's stock in one place (by item: everywhere), lots summed.
struct StockValueRow {
  std::string place;  // the location or warehouse code, or the category; "" by item (or a bin under no warehouse)
  std::string sku;
  Qty qty = 0;
  Money value = 0;
  int decimals = 0;  // the item's, for reading qty
  Money unit_cost = 0;  // value per base unit; 0 when qty <= 0
  std::string name, uom;  // the item's, as master data has them
};

/// Rows ordered by place, then SKU; physical locations only; zero quantity
/// with zero value left out.
Result<std::vector<StockValueRow>> stock_value(Queries& q, const StockValueFilter& f);

/// The cost pool of an item's lot ("" for an item without lots).
Result<CostPool> cost_pool(Queries& q, const std::string& sku, const std::string& lot);

/// `qty` of the pool's stock at its average, as a location's value is.
Result<Money> valued_at(const CostPool& pool, Qty qty, int decimals);

/// The checks behind Queries::verify for costs: each pool holds what the
/// physical balances of its item and lot hold, its value is the sum of the
/// values of the movements that crossed it, and no empty pool has a value.
Status verify_costs(store::Db& db);

}  // namespace jxc::inventory
