#include "edge/inventory/held_documents.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "edge/inventory/actors.h"
#include "edge/inventory/document_lines.h"
#include "edge/inventory/documents.h"
#include "edge/inventory/orders.h"
#include "edge/inventory/serials.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

using json = nlohmann::json;

std::vector<std::string> exceptions_from(const std::string& text) {
  std::vector<std::string> out;
  const json j = json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

// What check_against_order writes; made again whenever the lines change.
bool from_order_check(const std::string& e) {
  return e.starts_with("short: ") || e.starts_with("over: ") || e.starts_with("unexpected: ");
}

struct HeldRow {
  DocRow doc;
  bool held = false;
  std::string from, to;  // document-level ends, "" for none
  std::string exceptions;
  std::string edited_by;
};

// The document, refused unless it is held for review and not yet decided.
Result<HeldRow> find_held(Tx& tx, const std::string& number) {
  HeldRow h;
  JXC_ASSIGN(h.doc, find_document(tx, number));
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT d.needs_review, coalesce(f.code,''), coalesce(t.code,''), d.exceptions, "
                           "d.edited_by FROM documents d LEFT JOIN locations f ON f.id=d.from_location "
                           "LEFT JOIN locations t ON t.id=d.to_location WHERE d.id=?1"));
  st->bind_all(h.doc.id);
  JXC_ASSIGN(bool row, st->step());
  if (row) {
    h.held = st->int64(0) != 0;
    h.from = st->text(1);
    h.to = st->text(2);
    h.exceptions = st->text(3);
    h.edited_by = st->text(4);
  }
  st->reset();
  if (h.doc.state != DocState::draft && h.doc.state != DocState::confirmed)
    return error(Errc::invalid_state,
                 "document " + number + " is " + std::string(to_string(h.doc.state)) + ", no longer held for review");
  if (!h.held) return error(Errc::invalid_state, "document " + number + " is not held for review");
  return h;
}

}  // namespace

Result<DocumentResult> replace_held_lines(Tx& tx, const std::string& number, const std::vector<DocLine>& lines,
                                          const std::string& by) {
  JXC_ASSIGN(HeldRow h, find_held(tx, number));
  if (lines.empty())
    return error(Errc::invalid_argument, "a document needs at least one line; cancel it to book nothing");
  std::vector<ResolvedLine> resolved;
  resolved.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    JXC_ASSIGN(auto l, resolve_line(tx, h.doc.type, h.from, h.to, lines[i], i + 1));
    resolved.push_back(std::move(l));
  }
  OrderCheck check;
  if (h.doc.order_id) {
    JXC_ASSIGN(auto* o, tx.db().cached("SELECT number FROM orders WHERE id=?1"));
    o->bind_all(h.doc.order_id);
    JXC_ASSIGN(bool row, o->step());
    std::string order_number = row ? o->text(0) : "";
    o->reset();
    if (!row) return error(Errc::unknown_order, "the order of " + number + " is gone");
    const OrderKind kind =
        h.doc.type == DocType::issue ? OrderKind::pick_list : OrderKind::expected_receipt;
    JXC_ASSIGN(auto ref, open_order(tx, order_number, kind));
    JXC_ASSIGN(check, check_against_order(tx, ref, qty_by_item(resolved), sku_by_item(resolved),
                                          h.doc.close_order, true));
  }
  std::vector<std::string> exceptions;
  for (auto& e : exceptions_from(h.exceptions))
    if (!from_order_check(e)) exceptions.push_back(std::move(e));
  for (auto& e : check.exceptions)
    if (std::find(exceptions.begin(), exceptions.end(), e) == exceptions.end()) exceptions.push_back(std::move(e));

  JXC_TRY(default_unit_costs(tx, h.doc.type, h.doc.order_id ? std::optional(h.doc.order_id) : std::nullopt,
                             resolved));
  JXC_ASSIGN(auto* del, tx.db().cached("DELETE FROM document_lines WHERE doc_id=?1"));
  del->bind_all(h.doc.id);
  JXC_TRY(del->run());
  for (std::size_t i = 0; i < resolved.size(); ++i) {
    const auto& l = resolved[i];
    std::string flag;
    if (auto f = check.line_flags.find(l.item.id); f != check.line_flags.end()) flag = f->second;
    JXC_ASSIGN(auto* li, tx.db().cached(
                             "INSERT INTO document_lines(doc_id,line_no,item_id,lot,expiry,qty,"
                             "from_location,to_location,flag,unit,entered,unit_cost,inspection,disposition,"
                             "ref_line,serials) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)"));
    li->bind_all(h.doc.id, static_cast<std::int64_t>(i + 1), l.item.id, l.lot, l.expiry, l.qty, l.from.id,
                 l.to.id, flag, l.unit, l.entered, l.unit_cost, std::string(to_string(l.inspection)),
                 std::string(to_string(l.disposition)),
                 l.ref_line ? std::optional<std::int64_t>(l.ref_line) : std::nullopt, serials_json(l.serials));
    JXC_TRY(li->run());
  }
  JXC_ASSIGN(auto* up, tx.db().cached(
                           "UPDATE documents SET exceptions=?2, edited_by=?3, edited_at=?4 WHERE id=?1"));
  up->bind_all(h.doc.id, json(exceptions).dump(-1, ' ', false, json::error_handler_t::replace), by, tx.now());
  JXC_TRY(up->run());
  return document_result(tx, h.doc.id);
}

Result<DocumentResult> release_held_document(Tx& tx, const std::string& number, const std::string& by,
                                             bool four_eyes) {
  JXC_ASSIGN(HeldRow h, find_held(tx, number));
  if (four_eyes) {
    const std::string who = person_of(by);
    if (who == person_of(h.doc.source))
      return error(Errc::four_eyes, "document " + number + " was made by " + h.doc.source +
                                        "; another person must release it")
          .with("subject", "document")
          .with("number", number)
          .with("by", h.doc.source);
    if (!h.edited_by.empty() && who == person_of(h.edited_by))
      return error(Errc::four_eyes, "the lines of document " + number + " were last edited by " + h.edited_by +
                                        "; another person must release it")
          .with("subject", "document_lines")
          .with("number", number)
          .with("by", h.edited_by);
  }
  return post_document(tx, number);
}

Result<DocumentResult> cancel_held_document(Tx& tx, const std::string& number) {
  JXC_ASSIGN(HeldRow h, find_held(tx, number));
  (void)h;
  return cancel_document(tx, number);
}

Result<std::vector<HeldDocument>> held_documents(Queries& q, std::size_t limit) {
  std::vector<HeldDocument> out;
  {
    JXC_ASSIGN(auto* st, q.db().cached(
                             "SELECT d.number, d.type, d.state, coalesce(o.number,''), d.source, d.created_at, "
                             "d.edited_by, d.edited_at, d.exceptions FROM documents d "
                             "LEFT JOIN orders o ON o.id=d.order_id "
                             "WHERE d.needs_review=1 AND (d.state='draft' OR d.state='confirmed') "
                             "ORDER BY d.id DESC LIMIT ?1"));
    st->bind_all(static_cast<std::int64_t>(limit));
    for (;;) {
      auto row = st->step();
      if (!row) {
        st->reset();
        return row.status();
      }
      if (!*row) break;
      HeldDocument d;
      d.number = st->text(0);
      parse_doc_type(st->text(1), &d.type);
      parse_doc_state(st->text(2), &d.state);
      d.order = st->text(3);
      d.source = st->text(4);
      d.created_at = st->int64(5);
      d.edited_by = st->text(6);
      if (!st->is_null(7)) d.edited_at = st->int64(7);
      d.exceptions = exceptions_from(st->text(8));
      out.push_back(std::move(d));
    }
    st->reset();
  }
  for (auto& d : out) {
    JXC_ASSIGN(auto view, q.document(d.number));
    d.lines = std::move(view.lines);
  }
  return out;
}

Result<std::int64_t> held_document_count(Queries& q) {
  return q.db().query_int(
      "SELECT count(*) FROM documents WHERE needs_review=1 AND (state='draft' OR state='confirmed')");
}

}  // namespace jxc::inventory
