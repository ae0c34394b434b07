#pragma once
// Reports as tables a spreadsheet opens (edge/export): the rows of
// edge/inventory's reports with their columns headed in the reader's
// language, item names beside SKUs, quantities to the item's decimals and
// amounts of money exact (shown with 2 decimals in an .xlsx). The CSV and
// .xlsx downloads of the HTTP API and the CLI's --csv/--xlsx write these.

#include <functional>
#include <string>
#include <vector>

#include "edge/export/table.h"
#include "edge/inventory/stock_reports.h"
#include "edge/inventory/stock_value.h"
#include "edge/reports/report_words.h"

namespace jxc::reports {

/// 收发存汇总: [place,] SKU, name, unit, opening qty and value, in and out
/// per document type present (qty and value each), the period's in and
/// out, closing qty and value. `period` ("2026-11-01 – 2026-11-30") goes
/// into the title.
exporting::Table movement_summary_table(const std::vector<inventory::MovementSummaryRow>& rows,
                                        inventory::ValueBy by, const std::string& period, Language l);

/// 库存金额: [place,] SKU, name, unit, qty, unit cost, value; `as_of` goes
/// into the title.
exporting::Table stock_value_table(const std::vector<inventory::StockValueRow>& rows, inventory::ValueBy by,
                                   const std::string& as_of, Language l);

}  // namespace jxc::reports
