#pragma once
// Figures for the manager's dashboard:
//   GET /api/v1/stats/daily?days=14    movements per calendar day of the
//       site (in, out, inside the warehouse) and the value that came in and
//       went out (edge/inventory/daily_movements.h)

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_stats_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
