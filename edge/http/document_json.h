#pragma once
// Documents and orders as the API answers them: items with their names
// beside their SKUs, times in UTC (RFC 3339), absent links and times as null.

#include <nlohmann/json.hpp>

#include "edge/http/item_names.h"
#include "edge/inventory/document_search.h"
#include "edge/inventory/order_search.h"

namespace jxc::http {

/// Quantities in answers are whole numbers in the item's smallest units
/// (`qty`), with the item's `decimals` beside them: 1250 with decimals 3 is
/// 1.250 of its unit. A pack factor is shown in base units, a JSON number
/// with at most `decimals` decimals (24, or 2.5 for a 2.5 kg bag).
nlohmann::json base_units_json(inventory::Qty smallest, int decimals);
/// The text, or null when it is empty.
nlohmann::json text_or_null(const std::string& s);

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
