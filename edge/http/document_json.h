#pragma once
// Documents and orders as the API answers them: items with their names
// beside their SKUs, times in UTC (RFC 3339), absent links and times as null.

#include <nlohmann/json.hpp>

#include "edge/http/item_names.h"
#include "edge/inventory/document_search.h"
#include "edge/inventory/order_search.h"

namespace jxc::http {

/// What a write did: {number, type, state, needs_review, exceptions, movements, replayed}.
nlohmann::json document_result_json(const inventory::DocumentResult& r);

/// One row of GET /api/v1/documents.
nlohmann::json document_summary_json(const inventory::DocumentSummary& d);

/// One movement of the ledger, with its item's name (GET /api/v1/ledger and
/// a document's movements).
nlohmann::json movement_json(const inventory::Movement& m, ItemNames& names);

/// GET /api/v1/documents/{number}: the head, its lines and its movements.
nlohmann::json document_json(const inventory::DocumentView& v, const inventory::DocumentLinks& links,
                             ItemNames& names);

/// One row of GET /api/v1/orders.
nlohmann::json order_summary_json(const inventory::OrderSummary& o);

/// GET /api/v1/orders/{number}: the head and each line's expected, done and
/// remaining quantities.
nlohmann::json order_json(const inventory::OrderSummary& head, const inventory::Order& o, ItemNames& names);

}  // namespace jxc::http
