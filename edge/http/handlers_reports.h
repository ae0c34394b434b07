#pragma once
// Reports over a period of the ledger, for managers (edge/inventory/stock_reports.h):
//   GET /api/v1/reports/stock-movements?from=2026-11-01&to=2026-11-30
//       收发存汇总: per item (by=location|warehouse: and place) the opening,
//       what came in and went out by document type, and the closing, in
//       quantity and value; sku, location, sort, limit and offset as the
//       listings have them.
// Days are the site's calendar days; quantities are in the item's smallest
// units beside its decimals, values in Money, as everywhere in the API.

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_report_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
