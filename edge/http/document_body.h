#pragma once
// The bodies of POST /api/v1/documents and POST /api/v1/orders read strictly:
// every member known, of its type and within its bounds, or a 400 problem
// naming the member ("lines[2].qty") and what is wrong. What the store alone
// can judge (an unknown SKU, a location, the order's state) is left to it.
// Pure code.

#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "edge/http/problem.h"
#include "edge/inventory/types.h"

namespace jxc::http {

/// Lines a document or an order may have.
inline constexpr std::size_t kMaxBodyLines = 500;

struct DocumentBody {
  inventory::DocumentRequest request;  // source and idempotency key are the handler's to set
  bool post = false;                   // create and post in one go; else a draft
};

/// {"type", "lines": [{"sku", "qty", "lot"?, "expiry"?, "from"?, "to"?}], "number"?, "order"?,
///  "from"?, "to"?, "reason"?, "note"?, "occurred_at"?, "close_order"?, "post"?}
std::variant<DocumentBody, Response> read_document_body(const nlohmann::json& body);

/// {"lines": [...]}: new lines for a held document of `type`, each read as
/// read_document_body reads a line of a document of that type.
std::variant<std::vector<inventory::DocLine>, Response> read_lines_body(const nlohmann::json& body,
                                                                        inventory::DocType type);

/// {"kind": "receipt"|"pick", "number", "lines": [{"sku", "qty", "lot"?, "sscc"?}],
///  "ref"?, "partner"?, "door"?, "tolerance_pct"?}
std::variant<inventory::Order, Response> read_order_body(const nlohmann::json& body);

/// "receipt" / "pick", the API's names of the order kinds.
std::string_view order_kind_name(inventory::OrderKind k);
bool parse_order_kind_name(std::string_view s, inventory::OrderKind* out);

/// Document and order numbers: 1 to 64 letters, digits, '.', '_' or '-'.
bool is_valid_number(const std::string& number);

}  // namespace jxc::http
