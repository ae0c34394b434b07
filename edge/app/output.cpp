#include "edge/app/output.h"

#include <algorithm>
#include <ostream>

#include "edge/common/text.h"

namespace jxc::app {
namespace {

using text::display_width;

std::string_view or_dash(const std::string& s) { return s.empty() ? "-" : std::string_view(s); }

}  // namespace

Table::Table(std::vector<std::string> header)
    : header_(std::move(header)), right_(header_.size(), false) {}

Table& Table::right(std::size_t index) {
  if (index < right_.size()) right_[index] = true;
  return *this;
}

void Table::add(std::vector<std::string> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

void Table::print(std::ostream& out) const {
  std::vector<std::size_t> widths(header_.size());
  for (std::size_t c = 0; c < header_.size(); ++c) {
    widths[c] = display_width(header_[c]);
    for (const auto& r : rows_) widths[c] = std::max(widths[c], display_width(r[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::string pad(widths[c] - display_width(cells[c]), ' ');
      bool last = c + 1 == cells.size();
      if (right_[c])
        text += pad + cells[c];
      else
        text += last ? cells[c] : cells[c] + pad;
      if (!last) text += "  ";
    }
    // An empty last cell would leave padding that diff and grep trip over.
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << "\n";
  };
  line(header_);
  for (const auto& r : rows_) line(r);
}

std::string short_time(TimeMs ms, const TimeZone& zone) {
  if (ms == 0) return "-";
  return format_local_seconds(ms, zone);
}

std::string place_heading(inventory::ValueBy by) {
  return by == inventory::ValueBy::warehouse ? "WAREHOUSE" : by == inventory::ValueBy::category ? "CATEGORY" : "LOCATION";
}

Json json_time(TimeMs ms) { return ms == 0 ? Json(nullptr) : Json(format_iso8601(ms)); }

Json to_json(const inventory::DocumentResult& r) {
  return Json{{"number", r.number},
              {"type", inventory::to_string(r.type)},
              {"state", inventory::to_string(r.state)},
              {"needs_review", r.needs_review},
              {"exceptions", r.exceptions},
              {"movements", r.movements},
              {"first_seq", r.first_seq},
              {"last_seq", r.last_seq},
              {"replayed", r.replayed}};
}

Json to_json(const inventory::DocLine& l) {
  return Json{{"sku", l.sku},
              {"lot", l.lot},
              {"expiry", l.expiry ? Json(*l.expiry) : Json(nullptr)},
              {"qty", l.qty},
              {"from", l.from},
              {"to", l.to},
              {"flag", l.flag},
              {"unit", l.unit},
              {"entered", l.entered},
              {"inspection", inventory::to_string(l.inspection)},
              {"disposition", inventory::to_string(l.disposition)},
              {"ref_line", l.ref_line ? Json(l.ref_line) : Json(nullptr)},
              {"serials", l.serials}};
}

Json to_json(const inventory::Movement& m) {
  return Json{{"id", m.id},
              {"doc", m.doc_number},
              {"sku", m.sku},
              {"lot", m.lot},
              {"from", m.from},
              {"to", m.to},
              {"qty", m.qty},
              {"reason", m.reason},
              {"source", m.source},
              {"occurred_at", json_time(m.occurred_at)},
              {"recorded_at", json_time(m.recorded_at)},
              {"reverses", m.reverses},
              {"flags", m.flags}};
}

Json to_json(const inventory::Balance& b) {
  return Json{{"sku", b.sku}, {"location", b.location}, {"lot", b.lot}, {"qty", b.qty}};
}

Json to_json(const inventory::Order& o) {
  Json lines = Json::array();
  for (const auto& l : o.lines) {
    Json line{{"sku", l.sku}, {"lot", l.lot}, {"qty", l.qty}, {"done", l.done}};
    if (!l.sscc.empty()) line["sscc"] = l.sscc;
    if (!l.line_id.empty()) line["line_id"] = l.line_id;
    if (!l.entered.empty()) {
      line["unit"] = l.unit;
      line["entered"] = l.entered;
    }
    lines.push_back(std::move(line));
  }
  return Json{{"number", o.number},
              {"expected_at", json_time(o.expected_at.value_or(0))},
              {"kind", inventory::to_string(o.kind)},
              {"state", o.state},
              {"ref", o.ref},
              {"partner", o.partner},
              {"door", o.door},
              {"tolerance_pct", o.tolerance_pct ? Json(*o.tolerance_pct) : Json(nullptr)},
              {"source", o.source},
              {"lines", lines}};
}

Json to_json(const inventory::DocumentView& v) {
  Json j = to_json(v.head);
  j["order"] = v.order;
  j["from"] = v.from;
  j["to"] = v.to;
  j["reason"] = v.reason;
  j["source"] = v.source;
  j["note"] = v.note;
  j["ref_document"] = v.ref_document;
  if (!v.cost_centre.empty()) j["cost_centre"] = v.cost_centre;
  j["occurred_at"] = json_time(v.occurred_at);
  j["created_at"] = json_time(v.created_at);
  j["confirmed_at"] = json_time(v.confirmed_at.value_or(0));
  j["posted_at"] = json_time(v.posted_at.value_or(0));
  j["cancelled_at"] = json_time(v.cancelled_at.value_or(0));
  j["lines"] = Json::array();
  for (const auto& l : v.lines) j["lines"].push_back(to_json(l));
  // "movements" of the head is a count; the list has its own key.
  j["movement_list"] = Json::array();
  for (const auto& m : v.movements) j["movement_list"].push_back(to_json(m));
  return j;
}

Json to_json(const inventory::CountReport& r) {
  Json lines = Json::array();
  for (const auto& l : r.lines)
    lines.push_back(Json{{"location", l.location},
                         {"sku", l.sku},
                         {"lot", l.lot},
                         {"book", l.book},
                         {"counted", l.counted},
                         {"variance", l.variance},
                         {"value", l.value},
                         {"rounds", l.rounds},
                         {"recount", l.recount},
                         {"serials_found", l.found},
                         {"serials_missing", l.missing},
                         {"serials_unknown", l.serials_unknown}});
  return Json{{"number", r.number},
              {"state", inventory::to_string(r.state)},
              {"uncounted", r.uncounted},
              {"lines", lines},
              {"total_value", r.total_value}};
}

void print_json(std::ostream& out, const Json& j) {
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void print_result(std::ostream& out, const inventory::DocumentResult& r) {
  out << inventory::to_string(r.state) << " " << inventory::to_string(r.type) << " " << r.number
      << ": " << r.movements << (r.movements == 1 ? " movement" : " movements");
  if (r.first_seq > 0) out << ", outbox seq " << r.first_seq << ".." << r.last_seq;
  if (r.needs_review) out << ", needs review";
  out << "\n";
  if (r.replayed) out << "  (this idempotency key was used before: the first result is shown)\n";
  for (const auto& e : r.exceptions) out << "  exception: " << e << "\n";
}

void print_movements(std::ostream& out, const std::vector<inventory::Movement>& ms, const TimeZone& zone,
                     ItemQuantities& units) {
  Table t({"ID", "RECORDED", "DOC", "SKU", "LOT", "FROM", "TO", "QTY", "FLAGS"});
  t.right(0).right(7);
  for (const auto& m : ms)
    t.add({std::to_string(m.id), short_time(m.recorded_at, zone), m.doc_number, m.sku,
           std::string(or_dash(m.lot)), m.from, m.to, units.number(m.sku, m.qty),
           std::string(or_dash(m.flags))});
  t.print(out);
}

}  // namespace jxc::app
