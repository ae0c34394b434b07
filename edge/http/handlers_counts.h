#pragma once
// Stock counts (盘点) over the engine's count functions:
//   GET  /api/v1/counts?state=&before=&limit=   counts newest first (operator)
//   GET  /api/v1/counts/{number}   the report per bin, item and lot (operator;
//        a blind count's book stays hidden from operators until approved)
//   POST /api/v1/counts   open a count of bins, zones or warehouses, for
//        every item or chosen ones, blind or not (manager)
//   POST /api/v1/counts/{number}/lines   what was found of an item (by SKU or
//        any label the scanners read) in a bin; the counter is the caller (operator)
//   POST /api/v1/counts/{number}/recount   bins to be counted again (manager)
//   POST /api/v1/counts/{number}/submit    counting is done (operator)
//   POST /api/v1/counts/{number}/approve   post the variances (manager;
//        under [site] four_eyes not one of the counters)
//   POST /api/v1/counts/{number}/reopen    a submitted count back to counting (manager)
// Every write names the caller (opened_by, counter, approver) and appends its
// audit entry in the same transaction.

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_count_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
