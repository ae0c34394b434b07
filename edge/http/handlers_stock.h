#pragma once
// Reading stock, items and the ledger; every signed-in role may:
//   GET /api/v1/stock?sku=&location=&lot=&q=&include_zero=
//       balances by item, location (and everything below it) and lot; `q`
//       is what a person typed or a scanner read: a label, GTIN or SKU
//       resolved as the scanners resolve it (edge/scan), else part of a SKU
//       or name
//   GET /api/v1/items/{sku}   an item's master data and its stock
//   GET /api/v1/ledger?sku=&location=&before=&limit=   movements, newest
//       first, paged backwards by id
// Every row that names an item carries its name beside the SKU.

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_stock_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
