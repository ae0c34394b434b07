#pragma once
// 设备表现 (device performance, edge/inventory/device_performance.h) as
// tables a spreadsheet opens, headed in the reader's language: one table per
// kind of device.

#include <string>
#include <string_view>

#include "edge/export/table.h"
#include "edge/inventory/device_performance.h"
#include "edge/reports/report_words.h"

namespace jxc::reports {

/// doors: door, passes, passes per hour (2 decimals), posted, held, held
/// share (percent, 2 decimals), held for missing, unexpected, ambiguous,
/// other, no document.
exporting::Table door_table(const inventory::DevicePerformance& report, const std::string& period, Language l);
/// scanners: scanner, scans, accepted, rejected, rejected share (percent),
/// then rejected per reason code.
exporting::Table scanner_table(const inventory::DevicePerformance& report, const std::string& period, Language l);
/// shelves: slot, SKU, name, bin, discrepancies, open, accepted, dismissed.
exporting::Table shelf_table(const inventory::DevicePerformance& report, const std::string& period, Language l);

/// A scan reject code in words: 未知条码 / Unknown barcode ...
std::string_view scan_reject_words(inventory::ScanReject r, Language l);

}  // namespace jxc::reports
