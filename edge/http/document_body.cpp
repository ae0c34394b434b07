#include "edge/http/document_body.h"

#include <cmath>
#include <initializer_list>

#include "edge/inventory/quantity.h"

namespace jxc::http {
namespace {

using nlohmann::json;
using Refusal = std::optional<Response>;

Response invalid(const std::string& where, const std::string& name, const std::string& what) {
  return problem(400, "invalid_field", "'" + where + name + "' " + what);
}

/// A member not in `allowed` is refused, so that a misspelt field is never
/// silently ignored.
Refusal only_members(const json& o, std::initializer_list<std::string_view> allowed, const std::string& where) {
  for (const auto& [key, value] : o.items()) {
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    if (!known) return problem(400, "unknown_field", "'" + where + key + "' is not a field of this body");
  }
  return std::nullopt;
}

Refusal read_text(const json& o, const char* name, const std::string& where, bool required, std::size_t max,
                  std::string* out) {
  auto it = o.find(name);
  if (it == o.end()) return required ? Refusal(invalid(where, name, "is missing")) : std::nullopt;
  if (!it->is_string()) return invalid(where, name, "must be a string");
  std::string v = it->get<std::string>();
  if (required && v.empty()) return invalid(where, name, "must not be empty");
  if (v.size() > max) return invalid(where, name, "is longer than " + std::to_string(max) + " bytes");
  for (unsigned char c : v)
    if (c < 0x20 || c == 0x7f) return invalid(where, name, "contains a control character");
  *out = std::move(v);
  return std::nullopt;
}

Refusal read_number_text(const json& o, const char* name, const std::string& where, bool required,
                         std::string* out) {
  if (auto r = read_text(o, name, where, required, 64, out)) return r;
  if (!out->empty() && !is_valid_number(*out))
    return invalid(where, name, "must be 1 to 64 letters, digits, '.', '_' or '-'");
  return std::nullopt;
}

Refusal read_bool(const json& o, const char* name, bool* out) {
  auto it = o.find(name);
  if (it == o.end()) return std::nullopt;
  if (!it->is_boolean()) return invalid("", name, "must be true or false");
  *out = it->get<bool>();
  return std::nullopt;
}

Refusal read_qty(const json& o, const std::string& where, bool signed_nonzero, inventory::Qty* out) {
  auto it = o.find("qty");
  if (it == o.end()) return invalid(where, "qty", "is missing");
  if (!it->is_number_integer()) return invalid(where, "qty", "must be a whole number");
  constexpr std::int64_t kMax = 1'000'000'000;
  // Read as unsigned when it is, so that 2^64-1 is not taken for -1.
  const bool too_big = it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(kMax);
  const auto v = too_big ? kMax + 1 : it->get<std::int64_t>();
  if (signed_nonzero ? (v == 0 || v > kMax || v < -kMax) : (v <= 0 || v > kMax))
    return invalid(where, "qty", signed_nonzero ? "must be a non-zero whole number within ±1000000000"
                                                : "must be a whole number from 1 to 1000000000");
  *out = v;
  return std::nullopt;
}

/// A line's quantity: `qty`, a whole number in the item's smallest units, or
/// `quantity`, a decimal (string or number) in `unit` (a pack level; left
/// out, the base unit) as a person enters it, converted by the engine with
/// the item's decimals and pack factor.
Refusal read_line_quantity(const json& o, const std::string& where, bool signed_nonzero, inventory::DocLine* out) {
  auto it = o.find("quantity");
  if (it == o.end()) {
    if (o.contains("unit")) return invalid(where, "unit", "goes with 'quantity', not 'qty'");
    return read_qty(o, where, signed_nonzero, &out->qty);
  }
  if (o.contains("qty")) return invalid(where, "quantity", "and 'qty' are both given; send one");
  std::string text;
  if (it->is_string()) {
    text = it->get<std::string>();
  } else if (it->is_number_integer()) {
    text = it->dump();
  } else if (it->is_number_float() && std::isfinite(it->get<double>())) {
    // The shortest text that reads back as the same double: 1.25 is "1.25".
    text = it->dump();
  } else {
    return invalid(where, "quantity", "must be a decimal number or a string such as \"1.25\"");
  }
  auto v = inventory::parse_decimal(text, inventory::kMaxDecimals);
  if (!v) return invalid(where, "quantity", "is not a quantity: " + v.status().reason());
  if (signed_nonzero ? *v == 0 : *v <= 0)
    return invalid(where, "quantity", signed_nonzero ? "must not be zero" : "must be positive");
  if (auto r = read_text(o, "unit", where, false, 16, &out->unit)) return r;
  out->entered = text;
  return std::nullopt;
}

/// `unit_cost`: a whole number of 1/10000 of the currency per base unit,
/// as every amount in the API is; absent or null: none given.
Refusal read_unit_cost(const json& o, const std::string& where, std::optional<inventory::Money>* out) {
  auto it = o.find("unit_cost");
  if (it == o.end() || it->is_null()) return std::nullopt;
  constexpr std::int64_t kMax = 1'000'000'000'000'000;  // 10^11 currency units per base unit
  if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<std::uint64_t>() > kMax) ||
      it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > kMax)
    return invalid(where, "unit_cost", "must be a whole number of 1/10000 of the currency from 0 to 10^15");
  *out = it->get<std::int64_t>();
  return std::nullopt;
}

/// A line's `inspection` (receipts), `disposition` (customer returns) and
/// `ref_line` (returns: the line of ref_document it returns); each absent
/// or null when not given.
Refusal read_quality(const json& o, const std::string& where, inventory::DocType type, inventory::DocLine* out) {
  std::string inspection, disposition;
  if (auto r = read_text(o, "inspection", where, false, 16, &inspection)) return r;
  if (!inspection.empty()) {
    if (type != inventory::DocType::receipt) return invalid(where, "inspection", "is given only on a receipt's lines");
    if (!inventory::parse_inspection(inspection, &out->inspection) || out->inspection == inventory::Inspection::none)
      return invalid(where, "inspection", "must be one of accepted, quarantine, rejected");
  }
  if (auto r = read_text(o, "disposition", where, false, 16, &disposition)) return r;
  if (!disposition.empty()) {
    if (type != inventory::DocType::customer_return)
      return invalid(where, "disposition", "is given only on a customer_return's lines");
    if (!inventory::parse_disposition(disposition, &out->disposition) ||
        out->disposition == inventory::Disposition::none)
      return invalid(where, "disposition", "must be one of restock, quarantine, scrap");
  }
  if (auto it = o.find("ref_line"); it != o.end() && !it->is_null()) {
    if (type != inventory::DocType::customer_return && type != inventory::DocType::supplier_return)
      return invalid(where, "ref_line", "is given only on a return's lines");
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > 1'000'000)
      return invalid(where, "ref_line", "must be a line number from 1");
    out->ref_line = it->get<std::int64_t>();
  }
  return std::nullopt;
}

/// A serial-tracked item's `serials`: one string per unit (the engine checks
/// them against the item and quantity); absent or null: none.
Refusal read_serials(const json& o, const std::string& where, std::vector<std::string>* out) {
  auto it = o.find("serials");
  if (it == o.end() || it->is_null()) return std::nullopt;
  if (!it->is_array() || it->size() > 10'000)
    return invalid(where, "serials", "must be an array of at most 10000 serial numbers");
  for (const auto& s : *it) {
    if (!s.is_string() || s.get_ref<const std::string&>().empty() || s.get_ref<const std::string&>().size() > 128)
      return invalid(where, "serials", "must hold serial numbers of 1 to 128 bytes");
    out->push_back(s.get<std::string>());
  }
  return std::nullopt;
}

Refusal lines_array(const json& o, const json** out) {
  auto it = o.find("lines");
  if (it == o.end()) return invalid("", "lines", "is missing");
  if (!it->is_array()) return invalid("", "lines", "must be an array");
  if (it->empty()) return invalid("", "lines", "must have at least one line");
  if (it->size() > kMaxBodyLines) return invalid("", "lines", "has more than " + std::to_string(kMaxBodyLines) + " lines");
  *out = &*it;
  return std::nullopt;
}

bool is_date(const std::string& s);

// The lines of a document of `type`, every member checked.
Refusal read_lines(const json& body, inventory::DocType type, std::vector<inventory::DocLine>* out) {
  const json* lines = nullptr;
  if (auto r = lines_array(body, &lines)) return r;
  const bool signed_qty = type == inventory::DocType::adjustment;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const json& l = (*lines)[i];
    const std::string where = "lines[" + std::to_string(i) + "].";
    if (!l.is_object()) return problem(400, "invalid_field", "'lines[" + std::to_string(i) + "]' must be an object");
    if (auto r = only_members(l, {"sku", "qty", "quantity", "unit", "lot", "expiry", "from", "to", "unit_cost",
                                   "inspection", "ref_line", "disposition", "serials"},
                              where))
      return r;
    inventory::DocLine line;
    std::string expiry;
    if (auto r = read_text(l, "sku", where, true, 64, &line.sku)) return r;
    if (auto r = read_line_quantity(l, where, signed_qty, &line)) return r;
    if (auto r = read_text(l, "lot", where, false, 64, &line.lot)) return r;
    if (auto r = read_text(l, "expiry", where, false, 10, &expiry)) return r;
    if (!expiry.empty()) {
      if (!is_date(expiry)) return invalid(where, "expiry", "must be a date YYYY-MM-DD");
      line.expiry = expiry;
    }
    if (auto r = read_text(l, "from", where, false, 64, &line.from)) return r;
    if (auto r = read_text(l, "to", where, false, 64, &line.to)) return r;
    if (auto r = read_unit_cost(l, where, &line.unit_cost)) return r;
    if (auto r = read_quality(l, where, type, &line)) return r;
    if (auto r = read_serials(l, where, &line.serials)) return r;
    out->push_back(std::move(line));
  }
  return std::nullopt;
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/// Types a person makes through the API; counts are opened and reversals
/// made by operations of their own, and the opening balance is imported on
/// the box (jxc-edge import opening).
bool parse_document_type(const std::string& s, inventory::DocType* out) {
  if (!inventory::parse_doc_type(s, out)) return false;
  return *out != inventory::DocType::count && *out != inventory::DocType::reversal &&
         *out != inventory::DocType::opening;
}

}  // namespace

bool is_valid_number(const std::string& number) {
  if (number.empty() || number.size() > 64) return false;
  for (char c : number) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string_view order_kind_name(inventory::OrderKind k) {
  return k == inventory::OrderKind::pick_list ? "pick" : "receipt";
}

bool parse_order_kind_name(std::string_view s, inventory::OrderKind* out) {
  if (s == "receipt") *out = inventory::OrderKind::expected_receipt;
  else if (s == "pick") *out = inventory::OrderKind::pick_list;
  else return false;
  return true;
}

std::variant<DocumentBody, Response> read_document_body(const json& body) {
  if (auto r = only_members(body, {"type", "number", "order", "from", "to", "lines", "reason", "note",
                                   "cost_centre", "occurred_at", "close_order", "post", "ref_document"},
                            ""))
    return *r;
  DocumentBody out;
  auto& req = out.request;
  std::string type, occurred;
  if (auto r = read_text(body, "type", "", true, 32, &type)) return *r;
  if (!parse_document_type(type, &req.type))
    return invalid("", "type",
                   "must be one of receipt, issue, transfer, adjustment, scrap, customer_return, supplier_return, "
                   "production_issue, production_receipt, other_issue, other_receipt");
  if (auto r = read_number_text(body, "number", "", false, &req.number)) return *r;
  if (auto r = read_number_text(body, "order", "", false, &req.order)) return *r;
  if (auto r = read_number_text(body, "ref_document", "", false, &req.ref_document)) return *r;
  const bool is_return = req.type == inventory::DocType::customer_return ||
                         req.type == inventory::DocType::supplier_return;
  if (!req.ref_document.empty() && !is_return)
    return invalid("", "ref_document", "is given only on a customer_return or supplier_return");
  if (auto r = read_text(body, "from", "", false, 64, &req.from)) return *r;
  if (auto r = read_text(body, "to", "", false, 64, &req.to)) return *r;
  if (auto r = read_text(body, "reason", "", false, 500, &req.reason)) return *r;
  if (auto r = read_text(body, "note", "", false, 500, &req.note)) return *r;
  if (auto r = read_text(body, "cost_centre", "", false, 64, &req.cost_centre)) return *r;
  if (auto r = read_text(body, "occurred_at", "", false, 64, &occurred)) return *r;
  if (!occurred.empty() && !parse_iso8601(occurred, &req.occurred_at))
    return invalid("", "occurred_at", "must be an RFC 3339 time such as 2026-11-23T08:15:00Z");
  if (auto r = read_bool(body, "close_order", &req.close_order)) return *r;
  if (auto r = read_bool(body, "post", &out.post)) return *r;
  if (auto r = read_lines(body, req.type, &req.lines)) return *r;
  return out;
}

std::variant<std::vector<inventory::DocLine>, Response> read_lines_body(const json& body, inventory::DocType type) {
  if (auto r = only_members(body, {"lines"}, "")) return *r;
  std::vector<inventory::DocLine> lines;
  if (auto r = read_lines(body, type, &lines)) return *r;
  return lines;
}

std::variant<inventory::Order, Response> read_order_body(const json& body) {
  if (auto r = only_members(body, {"kind", "number", "ref", "partner", "door", "tolerance_pct", "expected_at", "lines"},
                            ""))
    return *r;
  inventory::Order o;
  std::string kind;
  if (auto r = read_text(body, "kind", "", true, 16, &kind)) return *r;
  if (!parse_order_kind_name(kind, &o.kind)) return invalid("", "kind", "must be \"receipt\" or \"pick\"");
  if (auto r = read_number_text(body, "number", "", true, &o.number)) return *r;
  if (auto r = read_text(body, "ref", "", false, 64, &o.ref)) return *r;
  if (auto r = read_text(body, "partner", "", false, 200, &o.partner)) return *r;
  if (auto r = read_text(body, "door", "", false, 64, &o.door)) return *r;
  if (auto it = body.find("tolerance_pct"); it != body.end() && !it->is_null()) {
    if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0 || it->get<double>() > 1000)
      return invalid("", "tolerance_pct", "must be a number from 0 to 1000, or null for the gateway's default");
    o.tolerance_pct = it->get<double>();
  }
  std::string expected_at;
  if (auto r = read_text(body, "expected_at", "", false, 64, &expected_at)) return *r;
  if (!expected_at.empty()) {
    TimeMs at = 0;
    if (!parse_iso8601(expected_at, &at))
      return invalid("", "expected_at", "must be an RFC 3339 time such as 2026-12-05T06:00:00Z");
    if (o.kind != inventory::OrderKind::expected_receipt)
      return invalid("", "expected_at", "is given only on an expected receipt");
    o.expected_at = at;
  }
  const json* lines = nullptr;
  if (auto r = lines_array(body, &lines)) return *r;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const json& l = (*lines)[i];
    const std::string where = "lines[" + std::to_string(i) + "].";
    if (!l.is_object()) return problem(400, "invalid_field", "'lines[" + std::to_string(i) + "]' must be an object");
    if (auto r = only_members(l, {"sku", "qty", "quantity", "unit", "lot", "sscc", "line_id", "unit_cost"}, where))
      return *r;
    inventory::OrderLine line;
    if (auto r = read_text(l, "sku", where, true, 64, &line.sku)) return *r;
    // qty in smallest units, or quantity (+ unit) as a person gives it: the
    // engine converts it with the item's decimals and pack factor.
    inventory::DocLine amount;
    if (auto r = read_line_quantity(l, where, false, &amount)) return *r;
    line.qty = amount.qty;
    line.unit = amount.unit;
    line.entered = amount.entered;
    if (auto r = read_text(l, "line_id", where, false, 64, &line.line_id)) return *r;
    if (auto r = read_text(l, "lot", where, false, 64, &line.lot)) return *r;
    if (auto r = read_text(l, "sscc", where, false, 18, &line.sscc)) return *r;
    if (!line.sscc.empty() && (line.sscc.size() != 18 || line.sscc.find_first_not_of("0123456789") != std::string::npos))
      return invalid(where, "sscc", "must be the 18 digits of an SSCC");
    if (auto r = read_unit_cost(l, where, &line.unit_cost)) return *r;
    if (line.unit_cost && o.kind != inventory::OrderKind::expected_receipt)
      return invalid(where, "unit_cost", "is given only on an expected receipt's lines");
    o.lines.push_back(std::move(line));
  }
  return o;
}

}  // namespace jxc::http
