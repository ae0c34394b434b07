#pragma once
// A report as it leaves the gateway for a spreadsheet: a title, headed
// columns and rows of cells (收发存汇总, stock value, ageing ...). Built by the
// HTTP API and the CLI from their queries, written by csv_export.h and
// xlsx_export.h; this part knows nothing of SQL, HTTP or the ledger.
//
// Numbers stay exact up to the writer: a quantity or an amount is a Decimal
// of integer units, never a double, so that a CSV shows exactly what the
// ledger holds.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "edge/export/decimal.h"

namespace jxc::exporting {

/// An empty cell, text (any bytes: the writers make them well-formed UTF-8),
/// a whole number, or an exact decimal.
using Cell = std::variant<std::monostate, std::string, std::int64_t, Decimal>;

struct Column {
  /// Already in the reader's language (Chinese or English), chosen by the caller.
  std::string heading;
  /// Width in characters (a Chinese character is two); 0: from the contents.
  /// Only the .xlsx has widths.
  int width_hint = 0;
  /// Decimals the .xlsx shows for this column's Decimal cells (money kept to
  /// 4 decimals, shown with 2); unset: each cell's own scale. Only the
  /// display: the .xlsx cell keeps the whole value, and the CSV writes every
  /// decimal.
  std::optional<int> decimals = std::nullopt;
};

/// Rows normally have one cell per column; a shorter row is empty at its
/// end, a longer one's extra cells are written without a heading.
struct Table {
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
};

}  // namespace jxc::exporting
