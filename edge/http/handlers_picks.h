#pragma once
// Where to pick a pick list from (FEFO):
//   GET /api/v1/orders/{number}/picks   for each open line, the bins and lots
//       to pick it from, the lot expiring first first, never more than a bin
//       holds; items and locations with their names (operator)

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_pick_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
