#pragma once
// Reports over a period of the ledger, for managers (edge/inventory/stock_reports.h):
//   GET /api/v1/reports/stock-movements?from=2026-11-01&to=2026-11-30
//       收发存汇总: per item (by=location|warehouse|category: and place) the opening,
//       what came in and went out by document type, and the closing, in
//       quantity and value; sku, location, sort, limit and offset as the
//       listings have them.
//   GET /api/v1/reports/turnover?from=...&to=...
//       库存周转: per item the cost of goods issued, the average stock value,
//       turnover, turnover days and days of cover (edge/inventory/turnover.h).
//   GET /api/v1/reports/ageing?as_of=2026-11-30&buckets=30,60,90&idle_days=90
//       库龄 and 呆滞: per item the stock on hand by age bucket, its last
//       issue and whether it is idle (edge/inventory/stock_ageing.h).
//   GET /api/v1/reports/abc?from=...&to=...&class=AX
//       ABC by issued value, XYZ by weekly demand's variability
//       (edge/inventory/abc_xyz.h).
//   GET /api/v1/reports/count-accuracy?from=...&to=...&by=count|month|zone|counter
//       盘点准确率 of the counts approved in the period
//       (edge/inventory/count_accuracy.h); location and counter narrow it.
//   GET /api/v1/reports/devices?from=...&to=...&kind=doors|scanners|shelves
//       设备表现: per RFID door, scanner or shelf slot what it did
//       (edge/inventory/device_performance.h).
// Each takes format=csv|xlsx and lang for a file.
// Days are the site's calendar days; quantities are in the item's smallest
// units beside its decimals, values in Money, as everywhere in the API.

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_report_routes(Router& router, ApiContext& ctx);
/// Turnover, ageing and ABC/XYZ (handlers_report_analysis.cpp).
void add_analysis_routes(Router& router, ApiContext& ctx, const TimeZone& zone);
/// Count accuracy (handlers_report_counts.cpp).
void add_count_report_routes(Router& router, ApiContext& ctx, const TimeZone& zone);
/// Device performance (handlers_report_devices.cpp).
void add_device_report_routes(Router& router, ApiContext& ctx, const TimeZone& zone);

}  // namespace jxc::http
