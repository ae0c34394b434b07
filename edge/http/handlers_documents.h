#pragma once
// Documents, expected receipts and pick lists:
//   GET  /api/v1/documents?type=&state=&since=&until=&sku=&source=&before=&limit=
//        newest first, paged backwards by id (operator)
//   GET  /api/v1/documents/{number}      head, lines (SKU and name), movements,
//        times, the order and the reversal links (operator)
//   POST /api/v1/documents               a draft, or with "post": true created
//        and posted in one go (operator)
//   POST /api/v1/documents/{number}/confirm | /post | /cancel   (operator)
//   POST /api/v1/documents/{number}/reverse {"reason"}          (manager)
// and the orders' routes (handlers_orders.h). Every write names the caller
// as the document's source and appends its audit entry in the transaction
// that makes it. A write with an `Idempotency-Key` header is done once: a
// repeat of the key by the same user for the same operation answers with
// the first result ("replayed": true) and books nothing. A key whose first
// result is not this request's (another type, number or lines; another
// document's step or reversal) is refused (422 idempotency_key_reused).

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_documents_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
