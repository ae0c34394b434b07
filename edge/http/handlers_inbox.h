#pragma once
// The manager's exception inbox: GET /api/v1/inbox (every open exception of
// every kind in one list, with counts per kind) and the decisions on held
// documents (edit their lines, release, cancel). Weight discrepancies, alerts
// and replenishment suggestions have their lists and decisions in
// handlers_exceptions.h; add_inbox_routes adds those too.

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_inbox_routes(Router& router, ApiContext& ctx);

/// The lists and decisions of weight discrepancies, alerts and suggestions.
void add_exception_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
