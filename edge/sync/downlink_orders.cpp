#include "edge/sync/downlink_orders.h"

#include <set>

#include "edge/common/clock.h"
#include "edge/identifiers/check_digit.h"
#include "edge/inventory/quantity.h"

namespace jxc::sync {
namespace {

using inventory::Order;
using inventory::OrderKind;
using inventory::OrderLine;

constexpr std::int64_t kMaxUnitCost = 1'000'000'000'000'000;  // 10^11 currency units per base unit

/// An SSCC with its check digit, or "" with the problem noted.
std::string read_sscc(Fields& f, bool required) {
  std::string s = f.text("sscc", required, 18);
  if (s.empty()) return s;
  if (auto why = identifiers::sscc_problem(s)) {
    f.problem("sscc", *why + " (an SSCC-18 with its GS1 check digit)");
    return {};
  }
  return s;
}

/// One line: `sku`, `lot`, `line_id`, and `qty` or `quantity` (+ `unit`).
/// `sscc` is read only where a line may carry one (an ASN's `lines`), and
/// `unit_cost` (per base unit, in 1/10000 of the currency) only on an
/// expected receipt's lines: a pick list refuses it as unknown.
OrderLine read_line(const json& obj, const std::string& where, bool sscc_allowed, bool costed,
                    std::vector<std::string>& p) {
  Fields l(obj, where, p);
  OrderLine ol;
  ol.sku = l.text("sku", true, 64);
  ol.lot = l.text("lot", false, 64);
  ol.line_id = l.text("line_id", false, 64);
  if (sscc_allowed) ol.sscc = read_sscc(l, false);
  if (costed) ol.unit_cost = l.integer("unit_cost", false, 0, kMaxUnitCost);
  const bool has_qty = obj.is_object() && obj.contains("qty");
  const bool has_quantity = obj.is_object() && obj.contains("quantity");
  if (has_qty && has_quantity) {
    l.problem("quantity", "give qty (smallest units) or quantity (in unit), not both");
  } else if (has_quantity) {
    ol.unit = l.text("unit", false, 16);
    if (auto q = l.decimal_text("quantity", true)) {
      auto v = inventory::parse_decimal(*q, inventory::kMaxDecimals);
      if (!v)
        l.problem("quantity", v.status().reason());
      else if (*v <= 0 || *v > kMaxQty)
        l.problem("quantity", "must be positive and at most " + std::to_string(kMaxQty));
      else
        ol.entered = *q;
    }
  } else {
    if (obj.is_object() && obj.contains("unit")) l.problem("unit", "goes with quantity, not qty");
    ol.qty = l.integer("qty", obj.is_object(), 1, kMaxQty).value_or(0);
  }
  l.no_other_fields();
  return ol;
}

/// "2026-12-05T08:00:00Z": RFC 3339 in UTC, as common.json's time.
std::optional<TimeMs> read_utc_time(Fields& f, const char* key) {
  auto text = f.optional_text(key, 64);
  if (!text) return std::nullopt;
  TimeMs ms = 0;
  const bool utc = text->size() >= 20 && (*text)[10] == 'T' && text->back() == 'Z';
  if (!utc || !parse_iso8601(*text, &ms)) {
    f.problem(key, "'" + *text + "' is not an RFC 3339 UTC time such as 2026-12-05T08:00:00Z");
    return std::nullopt;
  }
  return ms;
}

}  // namespace

Order read_order(Fields& f, OrderKind kind, std::vector<std::string>& p) {
  const bool asn = kind == OrderKind::expected_receipt;
  Order o;
  o.kind = kind;
  o.number = f.text("number", true, 64);
  o.ref = f.text("ref", false, 128);
  o.partner = f.text(asn ? "supplier" : "customer", false, kNameLen);
  o.door = f.text("door", false, 64);  // absent: any door
  o.tolerance_pct = f.number("tolerance_pct", 0, 1000);
  if (asn) o.expected_at = read_utc_time(f, "expected_at");
  o.source = "central";
  const json* pallets = asn ? f.array("pallets", false, 1, kMaxLines) : nullptr;
  if (const json* lines = f.array("lines", pallets == nullptr, 1, kMaxLines)) {
    for (std::size_t i = 0; i < lines->size(); ++i)
      o.lines.push_back(read_line((*lines)[i], at_index("lines", i), asn, asn, p));
  }
  if (pallets) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < pallets->size(); ++i) {
      const std::string where = at_index("pallets", i);
      Fields pf((*pallets)[i], where, p);
      const std::string sscc = read_sscc(pf, true);
      if (!sscc.empty() && !seen.insert(sscc).second) pf.problem("sscc", "lists pallet " + sscc + " twice");
      if (const json* lines = pf.array("lines", true, 1, kMaxLines)) {
        for (std::size_t k = 0; k < lines->size(); ++k) {
          OrderLine ol = read_line((*lines)[k], at_index(where + ".lines", k), false, true, p);
          ol.sscc = sscc;
          o.lines.push_back(std::move(ol));
        }
      }
      pf.no_other_fields();
    }
  }
  if (o.lines.size() > kMaxLines) p.push_back("more than " + std::to_string(kMaxLines) + " lines in all");
  std::set<std::string> ids;
  for (const auto& l : o.lines)
    if (!l.line_id.empty() && !ids.insert(l.line_id).second)
      p.push_back("line_id '" + l.line_id + "' is on more than one line");
  return o;
}

}  // namespace jxc::sync
