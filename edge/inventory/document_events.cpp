#include "edge/inventory/document_events.h"

#include <nlohmann/json.hpp>

#include "edge/common/json_writer.h"
#include "edge/inventory/orders.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/serials.h"

namespace jxc::inventory {

std::string document_event_json(const DocumentEvent& e) {
  JsonWriter w;
  w.reserve(640 + 384 * e.lines.size());  // measured: ~560 bytes for one line, ~3,200 for ten
  w.begin_object().member("gateway_id", e.gateway_id).member("site_id", e.site_id);
  if (!e.currency.empty()) w.member("currency", e.currency);
  w.key("document").begin_object();
  w.member("number", e.number)
      .member("type", e.type)
      .member("state", e.state)
      .member("reason", e.reason)
      .member("source", e.source)
      .member("note", e.note);
  if (!e.cost_centre.empty()) w.member("cost_centre", e.cost_centre);
  w.member("occurred_at", e.occurred_at)
      .member("needs_review", e.needs_review);
  w.key("exceptions").begin_array();
  for (const auto& x : e.exceptions) w.value(x);
  w.end_array();
  if (e.has_order)
    w.key("order").begin_object().member("number", e.order_number).member("ref", e.order_ref).end_object();
  if (e.from) w.member("from", *e.from);
  if (e.to) w.member("to", *e.to);
  if (e.reverses) w.member("reverses", *e.reverses);
  if (e.ref_document) w.member("ref_document", *e.ref_document);
  w.key("lines").begin_array();
  for (const auto& l : e.lines) {
    w.begin_object().member("line", l.line).member("sku", l.sku).member("qty", l.qty);
    if (l.from) w.member("from", *l.from);
    if (l.to) w.member("to", *l.to);
    if (!l.lot.empty()) w.member("lot", l.lot);
    if (l.expiry) w.member("expiry", *l.expiry);
    if (!l.flag.empty()) w.member("flag", l.flag);
    if (l.decimals > 0) w.member("decimals", l.decimals);
    if (!l.entered.empty()) w.member("unit", l.unit).member("entered", l.entered);
    if (!l.order_line_ids.empty()) {
      w.key("order_line_ids").begin_array();
      for (const auto& id : l.order_line_ids) w.value(id);
      w.end_array();
    }
    if (l.unit_cost) w.member("unit_cost", *l.unit_cost);
    if (!l.inspection.empty()) w.member("inspection", l.inspection);
    if (!l.disposition.empty()) w.member("disposition", l.disposition);
    if (l.ref_line > 0) w.member("ref_line", l.ref_line);
    if (!l.serials.empty()) {
      w.key("serials").begin_array();
      for (const auto& s : l.serials) w.value(s);
      w.end_array();
    }
    w.end_object();
  }
  w.end_array().end_object();
  w.key("movements").begin_array();
  for (const auto& m : e.movements) {
    w.begin_object()
        .member("id", m.id)
        .member("sku", m.sku)
        .member("from", m.from)
        .member("to", m.to)
        .member("qty", m.qty)
        .member("reason", m.reason)
        .member("source", m.source)
        .member("occurred_at", m.occurred_at)
        .member("recorded_at", m.recorded_at)
        .member("idempotency_key", m.idempotency_key);
    if (!m.lot.empty()) w.member("lot", m.lot);
    if (m.reverses) w.member("reverses", *m.reverses);
    if (!m.flags.empty()) w.member("flags", m.flags);
    if (m.decimals > 0) w.member("decimals", m.decimals);
    w.member("value", m.value);
    w.end_object();
  }
  w.end_array().end_object();
  return w.take();
}

std::string posted_event_type(DocType t) {
  switch (t) {
    case DocType::count: return "count.approved";
    case DocType::customer_return:
    case DocType::supplier_return: return "return.posted";
    case DocType::production_issue:
    case DocType::production_receipt: return "production.posted";
    case DocType::other_issue:
    case DocType::other_receipt: return "other.posted";
    default: return std::string(to_string(t)) + ".posted";
  }
}

namespace {

std::optional<std::string> optional_text(const store::Stmt& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return st.text(col);
}

std::optional<std::string_view> view_of(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::string_view(*s);
}

/// The exceptions as stored (a JSON array of strings).
std::vector<std::string> parse_exceptions(const std::string& text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& x : j)
      if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

}  // namespace

Result<std::int64_t> append_document_event(Tx& tx, std::int64_t doc_id, const std::string& type) {
  JXC_ASSIGN(auto* h, tx.db().cached(
                          "SELECT d.number, d.type, d.state, o.number, o.ref, f.code, t.code, d.reason, "
                          "d.source, d.note, d.occurred_at, d.needs_review, d.exceptions, r.number, o.id, x.number, "
                          "d.cost_centre "
                          "FROM documents d LEFT JOIN orders o ON o.id=d.order_id "
                          "LEFT JOIN documents x ON x.id=d.ref_document "
                          "LEFT JOIN locations f ON f.id=d.from_location "
                          "LEFT JOIN locations t ON t.id=d.to_location "
                          "LEFT JOIN documents r ON r.id=d.reverses WHERE d.id=?1"));
  h->bind_all(doc_id);
  JXC_ASSIGN(bool row, h->step());
  if (!row) return error(Errc::unknown_document, "no document with id " + std::to_string(doc_id));
  const std::string number = h->text(0), doc_type = h->text(1), state = h->text(2);
  const std::optional<std::string> order_number = optional_text(*h, 3);
  const std::string order_ref = h->text(4);
  const std::optional<std::string> from = optional_text(*h, 5), to = optional_text(*h, 6);
  const std::string reason = h->text(7), source = h->text(8), note = h->text(9);
  const TimeMs occurred = h->int64(10);
  const std::string occurred_text = format_iso8601(occurred);
  const bool needs_review = h->int64(11) != 0;
  const std::vector<std::string> exceptions = parse_exceptions(h->text(12));
  const std::optional<std::string> reverses = optional_text(*h, 13);
  const std::int64_t order_id = h->is_null(14) ? 0 : h->int64(14);
  const std::optional<std::string> ref_document = optional_text(*h, 15);
  const std::string cost_centre = h->text(16);
  h->reset();
  OrderLineIds order_ids;
  if (order_id != 0) {
    JXC_ASSIGN(order_ids, order_line_ids(tx, order_id));
  }

  struct LineRow {
    std::int64_t line_no;
    std::string sku, lot;
    std::optional<std::string> expiry;
    Qty qty;
    std::optional<std::string> from, to;
    std::string flag;
    int decimals;
    std::string unit, entered;
    std::vector<std::string> order_line_ids;
    std::optional<Money> unit_cost;
    std::string inspection, disposition;
    std::int64_t ref_line;
    std::vector<std::string> serials;
  };
  std::vector<LineRow> line_rows;
  JXC_ASSIGN(auto* ls, tx.db().cached(
                           "SELECT dl.line_no, i.sku, dl.lot, dl.expiry, dl.qty, f.code, t.code, dl.flag, "
                           "i.decimals, dl.unit, dl.entered, dl.item_id, dl.unit_cost, dl.inspection, dl.disposition, "
                           "coalesce(dl.ref_line,0), dl.serials FROM document_lines dl JOIN items i ON i.id=dl.item_id "
                           "LEFT JOIN locations f ON f.id=dl.from_location "
                           "LEFT JOIN locations t ON t.id=dl.to_location "
                           "WHERE dl.doc_id=?1 ORDER BY dl.line_no"));
  ls->bind_all(doc_id);
  for (;;) {
    JXC_ASSIGN(bool more, ls->step());
    if (!more) break;
    line_rows.push_back({ls->int64(0), ls->text(1), ls->text(2), optional_text(*ls, 3), ls->int64(4),
                         optional_text(*ls, 5), optional_text(*ls, 6), ls->text(7),
                         static_cast<int>(ls->int64(8)), ls->text(9), ls->text(10),
                         order_ids.of(ls->int64(11), ls->text(2)),
                         ls->is_null(12) ? std::nullopt : std::optional<Money>(ls->int64(12)), ls->text(13),
                         ls->text(14), ls->int64(15),
                         ls->is_null(16) ? std::vector<std::string>() : serials_from_json(ls->text(16))});
  }

  struct MoveRow {
    std::int64_t id;
    std::string sku, lot, from, to;
    Qty qty;
    std::string reason, source, occurred_at, recorded_at, idempotency_key;
    std::optional<std::int64_t> reverses;
    std::string flags;
    int decimals;
    Money value;
  };
  std::vector<MoveRow> move_rows;
  JXC_ASSIGN(auto* ms, tx.db().cached(
                           "SELECT m.id, i.sku, m.lot, f.code, t.code, m.qty, m.reason, m.source, "
                           "m.occurred_at, m.recorded_at, m.idempotency_key, m.reverses, m.flags, i.decimals, m.value "
                           "FROM movements m JOIN items i ON i.id=m.item_id "
                           "JOIN locations f ON f.id=m.from_location "
                           "JOIN locations t ON t.id=m.to_location WHERE m.doc_id=?1 ORDER BY m.id"));
  ms->bind_all(doc_id);
  for (;;) {
    JXC_ASSIGN(bool more, ms->step());
    if (!more) break;
    MoveRow m{ms->int64(0), ms->text(1), ms->text(2), ms->text(3), ms->text(4), ms->int64(5),
              ms->text(6), ms->text(7), format_iso8601(ms->int64(8)), format_iso8601(ms->int64(9)),
              ms->text(10), std::nullopt, ms->text(12), static_cast<int>(ms->int64(13)), ms->int64(14)};
    if (!ms->is_null(11)) m.reverses = ms->int64(11);
    move_rows.push_back(std::move(m));
  }

  std::vector<DocumentEventLine> lines;
  lines.reserve(line_rows.size());
  for (const auto& l : line_rows)
    lines.push_back({l.line_no, l.sku, l.qty, view_of(l.from), view_of(l.to), l.lot, view_of(l.expiry), l.flag,
                     l.decimals, l.unit, l.entered, l.order_line_ids, l.unit_cost, l.inspection, l.disposition,
                     l.ref_line, l.serials});
  std::vector<DocumentEventMovement> moves;
  moves.reserve(move_rows.size());
  for (const auto& m : move_rows)
    moves.push_back({m.id, m.sku, m.from, m.to, m.qty, m.reason, m.source, m.occurred_at, m.recorded_at,
                     m.idempotency_key, m.lot, m.reverses, m.flags, m.decimals, m.value});

  DocumentEvent e;
  e.gateway_id = tx.options().gateway_id;
  e.site_id = tx.options().site_id;
  e.currency = tx.options().currency;
  e.number = number;
  e.type = doc_type;
  e.state = state;
  e.reason = reason;
  e.source = source;
  e.note = note;
  e.cost_centre = cost_centre;
  e.occurred_at = occurred_text;
  e.needs_review = needs_review;
  e.exceptions = exceptions;
  if (order_number) {
    e.has_order = true;
    e.order_number = *order_number;
    e.order_ref = order_ref;
  }
  e.from = view_of(from);
  e.to = view_of(to);
  e.reverses = view_of(reverses);
  e.ref_document = view_of(ref_document);
  e.lines = lines;
  e.movements = moves;
  return Outbox::append(tx, type, occurred, document_event_json(e));
}

}  // namespace jxc::inventory
