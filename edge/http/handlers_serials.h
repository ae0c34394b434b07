#pragma once
// Serial numbers of serial-tracked items; every signed-in role may read them:
//   GET /api/v1/items/{sku}/serials?location=&status=&after=&limit=
//       the item's serials sorted, in stock by default (status=any: every
//       one it has had), at a location and what is below it; paged forward
//       by `after`, the last serial of the page before
//   GET /api/v1/items/{sku}/serials/{serial}
//       one serial: where it is, its status, the document that last moved
//       it and every movement of it, oldest first

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_serial_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
