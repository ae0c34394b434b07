#pragma once
// Expected receipts (ASN / purchase orders) and pick lists (sales orders):
//   GET  /api/v1/orders?kind=receipt|pick&state=&before=&limit=   (operator)
//   GET  /api/v1/orders/{number}   each line expected, done, remaining (operator)
//   POST /api/v1/orders            create or replace an open order, as
//        `jxc-edge order add` does; what was received or picked is kept (manager)
//   POST /api/v1/orders/{number}/cancel                          (manager)
// They normally come down from the central system; these stand in for it
// on site. Each write appends its audit entry in its own transaction.

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_order_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
