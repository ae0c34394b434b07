#include "edge/http/document_json.h"

#include "edge/http/document_body.h"
#include "edge/inventory/quantity.h"

namespace jxc::http {
namespace {

using nlohmann::json;

json time_or_null(const std::optional<TimeMs>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); }

}  // namespace

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json base_units_json(inventory::Qty smallest, int decimals) {
  if (decimals <= 0) return smallest;
  // At most 3 decimals of a factor below 2^53 / 1000 print back exactly as
  // the shortest double: 2500 with 3 decimals is 2.5.
  return json::parse(inventory::format_decimal(smallest, decimals), nullptr, false);
}

json document_result_json(const inventory::DocumentResult& r) {
  return {{"number", r.number},
          {"type", inventory::to_string(r.type)},
          {"state", inventory::to_string(r.state)},
          {"needs_review", r.needs_review},
          {"exceptions", r.exceptions},
          {"movements", r.movements},
          {"replayed", r.replayed}};
}

json document_summary_json(const inventory::DocumentSummary& d) {
  return {{"id", d.id},
          {"number", d.number},
          {"type", inventory::to_string(d.type)},
          {"state", inventory::to_string(d.state)},
          {"needs_review", d.needs_review},
          {"order", text_or_null(d.order)},
          {"source", d.source},
          {"line_count", d.lines},
          {"occurred_at", format_iso8601(d.occurred_at)},
          {"created_at", format_iso8601(d.created_at)},
          {"posted_at", time_or_null(d.posted_at)}};
}

json movement_json(const inventory::Movement& m, ItemNames& names) {
  return {{"id", m.id},
          {"document", m.doc_number},
          {"sku", m.sku},
          {"name", names(m.sku).name},
          {"lot", m.lot},
          {"from", m.from},
          {"to", m.to},
          {"qty", m.qty},
          {"decimals", names(m.sku).decimals},
          {"value", m.value},
          {"reason", m.reason},
          {"source", m.source},
          {"occurred_at", format_iso8601(m.occurred_at)},
          {"recorded_at", format_iso8601(m.recorded_at)}};
}

json document_json(const inventory::DocumentView& v, const inventory::DocumentLinks& links, ItemNames& names) {
  json lines = json::array();
  int n = 0;
  for (const auto& l : v.lines) {
    const auto& item = names(l.sku);
    lines.push_back({{"line", ++n},
                     {"sku", l.sku},
                     {"name", item.name},
                     {"uom", item.uom},
                     {"lot", l.lot},
                     {"expiry", l.expiry ? json(*l.expiry) : json(nullptr)},
                     {"qty", l.qty},
                     {"decimals", item.decimals},
                     {"unit", l.unit},
                     {"entered", l.entered},
                     {"unit_cost", l.unit_cost ? json(*l.unit_cost) : json(nullptr)},
                     {"from", l.from},
                     {"to", l.to},
                     {"flag", l.flag},
                     {"inspection", text_or_null(std::string(inventory::to_string(l.inspection)))},
                     {"disposition", text_or_null(std::string(inventory::to_string(l.disposition)))},
                     {"ref_line", l.ref_line ? json(l.ref_line) : json(nullptr)},
                     {"serials", l.serials}});
  }
  json movements = json::array();
  for (const auto& m : v.movements) movements.push_back(movement_json(m, names));
  const auto& h = v.head;
  return {{"number", h.number},
          {"type", inventory::to_string(h.type)},
          {"state", inventory::to_string(h.state)},
          {"needs_review", h.needs_review},
          {"exceptions", h.exceptions},
          {"order", text_or_null(v.order)},
          {"from", v.from},
          {"to", v.to},
          {"reason", v.reason},
          {"source", v.source},
          {"note", v.note},
          {"cost_centre", text_or_null(v.cost_centre)},
          {"occurred_at", format_iso8601(v.occurred_at)},
          {"created_at", format_iso8601(v.created_at)},
          {"confirmed_at", time_or_null(v.confirmed_at)},
          {"posted_at", time_or_null(v.posted_at)},
          {"cancelled_at", time_or_null(v.cancelled_at)},
          {"reverses", text_or_null(links.reverses)},
          {"reversed_by", text_or_null(links.reversed_by)},
          {"ref_document", text_or_null(v.ref_document)},
          {"lines", lines},
          {"movements", movements}};
}

json order_summary_json(const inventory::OrderSummary& o) {
  return {{"number", o.number},
          {"kind", order_kind_name(o.kind)},
          {"state", o.state},
          {"ref", o.ref},
          {"partner", o.partner},
          {"door", o.door},
          {"tolerance_pct", o.tolerance_pct ? json(*o.tolerance_pct) : json(nullptr)},
          {"created_at", format_iso8601(o.created_at)},
          {"source", o.source},
          {"line_count", o.lines},
          {"expected", o.qty},
          {"done", o.done},
          {"id", o.id}};
}

json order_json(const inventory::OrderSummary& head, const inventory::Order& o, ItemNames& names) {
  json out = order_summary_json(head);
  json lines = json::array();
  int n = 0;
  for (const auto& l : o.lines) {
    const auto& item = names(l.sku);
    json line = {{"line", ++n},
                 {"sku", l.sku},
                 {"name", item.name},
                 {"uom", item.uom},
                 {"decimals", item.decimals},
                 {"lot", l.lot},
                 {"sscc", l.sscc},
                 {"line_id", l.line_id},
                 {"unit_cost", l.unit_cost ? json(*l.unit_cost) : json(nullptr)},
                 {"expected", l.qty},
                 {"done", l.done},
                 {"remaining", l.qty > l.done ? l.qty - l.done : 0}};
    if (!l.entered.empty()) {  // as the order gave it: "2" case
      line["unit"] = l.unit;
      line["entered"] = l.entered;
    }
    lines.push_back(std::move(line));
  }
  out["lines"] = lines;
  out["expected_at"] = o.expected_at ? json(format_iso8601(*o.expected_at)) : json(nullptr);
  return out;
}

}  // namespace jxc::http
