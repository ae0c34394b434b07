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
#include "edge/inventory/abc_xyz.h"
#include "edge/inventory/count_accuracy.h"
#include "edge/inventory/stock_ageing.h"
#include "edge/inventory/stock_reports.h"
#include "edge/inventory/stock_value.h"
#include "edge/inventory/turnover.h"
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

/// 库存周转: SKU, name, unit, opening and closing value, average stock
/// value, cost of goods issued, turnover, turnover days, mean daily demand,
/// days of cover (ratios to 2 decimals, days of cover to 1).
exporting::Table turnover_table(const inventory::TurnoverReport& report, int demand_days,
                                const std::string& period, Language l);

/// 库龄: SKU, name, unit, on hand (qty, value), each bucket's qty and value
/// ("0–30 天" ...), oldest arrival, last issue, idle (是/否).
exporting::Table ageing_table(const std::vector<inventory::AgeingRow>& rows, const std::vector<int>& bounds,
                              const std::string& as_of, Language l);

/// ABC/XYZ: SKU, name, unit, issued qty and value, share and cumulative
/// share (percent, 2 decimals), ABC, coefficient of variation, XYZ, class.
exporting::Table abc_table(const inventory::AbcReport& report, const std::string& period, Language l);

/// 盘点准确率: the row's key (count number, month, zone and its name, or
/// counter; a count's approval time in `zone`, approver and counters), counts,
/// bins, lines, exact lines and accuracy, lines within tolerance and their
/// share (percent, 1 decimal), gains, losses and the net; a total row.
exporting::Table count_accuracy_table(const inventory::AccuracyReport& report, inventory::AccuracyBy by,
                                      const TimeZone& zone, const std::string& period, Language l);

/// A bucket's name: "0–30", "31–60", ..., ">365" (over the last bound).
std::string bucket_name(const std::vector<int>& bounds, std::size_t i);

}  // namespace jxc::reports
