#pragma once
// What the store commands print: aligned tables for people, JSON for
// scripts. Keys of the JSON forms are stable; scripts and tests read them.

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>
#include <vector>

#include "edge/app/quantities.h"
#include "edge/common/local_time.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/stock_value.h"
#include "edge/inventory/types.h"

namespace jxc::app {

using Json = nlohmann::ordered_json;

/// A plain text table. Columns are as wide as their widest cell, counting
/// CJK characters as two columns as terminals show them; numeric columns
/// are right-aligned.
class Table {
 public:
  explicit Table(std::vector<std::string> header);
  /// Right-aligns column `index` (quantities, counts).
  Table& right(std::size_t index);
  void add(std::vector<std::string> row);
  bool empty() const { return rows_.empty(); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

/// For tables: the site's local time with its offset, to the second
/// ("2026-11-23 16:15:00+08:00"), or "-" for an unset time.
std::string short_time(TimeMs ms, const TimeZone& zone);
/// A table's first column when stock is grouped by place: LOCATION,
/// WAREHOUSE or CATEGORY.
std::string place_heading(inventory::ValueBy by);
/// For --json: exactly what format_iso8601 gives (UTC), or null for an unset time.
Json json_time(TimeMs ms);

Json to_json(const inventory::DocumentResult& r);
Json to_json(const inventory::DocLine& l);
Json to_json(const inventory::Movement& m);
Json to_json(const inventory::Balance& b);
Json to_json(const inventory::Order& o);
Json to_json(const inventory::DocumentView& v);
Json to_json(const inventory::CountReport& r);

/// Prints JSON, indented, with a final newline.
void print_json(std::ostream& out, const Json& j);

/// "posted receipt RCV-000001: 3 movements, outbox seq 5..7" and one line per
/// exception, for people.
void print_result(std::ostream& out, const inventory::DocumentResult& r);

/// The movements of a document or the ledger as a table.
void print_movements(std::ostream& out, const std::vector<inventory::Movement>& ms, const TimeZone& zone,
                     ItemQuantities& units);

}  // namespace jxc::app
