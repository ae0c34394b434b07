#include "edge/inventory/documents.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "edge/inventory/cost.h"
#include "edge/inventory/document_events.h"
#include "edge/inventory/document_lines.h"
#include "edge/inventory/ledger.h"
#include "edge/inventory/orders.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/returns.h"
#include "edge/inventory/serials.h"

namespace jxc::inventory {
namespace {

using json = nlohmann::json;

/// The exceptions as stored: a JSON array of strings.
std::string exceptions_json(const std::vector<std::string>& exceptions) {
  return json(exceptions).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<OrderKind> order_kind_for(DocType t) {
  if (t == DocType::receipt) return OrderKind::expected_receipt;
  if (t == DocType::issue) return OrderKind::pick_list;
  return std::nullopt;
}

bool has_cost_centre(DocType t) {
  return t == DocType::production_issue || t == DocType::production_receipt || t == DocType::other_issue ||
         t == DocType::other_receipt;
}

/// Other issues and receipts say whom they are for; production may name its
/// work order; no other type has a cost centre.
Status check_cost_centre(const DocumentRequest& req) {
  if (!has_cost_centre(req.type)) {
    if (!req.cost_centre.empty())
      return error(Errc::invalid_argument, "a cost centre is given only on production and other issues and receipts");
    return Status::ok();
  }
  if (req.cost_centre.empty() && (req.type == DocType::other_issue || req.type == DocType::other_receipt))
    return error(Errc::invalid_argument, std::string("an ") + std::string(to_string(req.type)) +
                                             " needs a cost centre or destination");
  if (req.cost_centre.size() > 64)
    return error(Errc::invalid_argument, "a cost centre is at most 64 bytes");
  return Status::ok();
}

Status store_exceptions(Tx& tx, std::int64_t doc_id, const std::vector<std::string>& exceptions,
                        bool needs_review) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE documents SET exceptions=?2, needs_review=?3 WHERE id=?1"));
  st->bind_all(doc_id, exceptions_json(exceptions), needs_review ? 1 : 0);
  return st->run();
}

}  // namespace

namespace {

/// A document just written as a draft, with everything resolved on the way,
/// so that posting it at once needs no read-back.
struct Created {
  DocumentResult result;
  DocRow row;
  std::vector<ResolvedLine> lines;
  std::optional<OrderRef> order;
  OrderCheck check;
  std::optional<std::string> from_code, to_code;  // document-level ends as given
  std::string note;
  std::string cost_centre;
};

/// `post_now`: the caller posts the document in this same request, so a
/// document that is not held for review is written as posted straight away
/// (the draft state would never be seen outside the transaction).
Result<Created> create_new(Tx& tx, const DocumentRequest& req, bool post_now) {
  if (req.type == DocType::count)
    return error(Errc::invalid_argument, "stock counts are opened with open_count");
  if (req.type == DocType::reversal)
    return error(Errc::invalid_argument, "reversals are made with reverse");
  // The one exception: a document held for review whose caller found nothing
  // bookable, only exceptions (an RFID pass of unknown tags). It records what
  // a person must look at and can never be posted, only cancelled.
  if (req.lines.empty() && !(req.hold_exceptions && !req.exceptions.empty()))
    return error(Errc::invalid_argument, "a document needs at least one line");
  JXC_TRY(check_cost_centre(req));

  std::vector<ResolvedLine> lines;
  lines.reserve(req.lines.size());
  for (std::size_t i = 0; i < req.lines.size(); ++i) {
    JXC_ASSIGN(auto l, resolve_line(tx, req.type, req.from, req.to, req.lines[i], i + 1));
    lines.push_back(std::move(l));
  }

  std::optional<OrderRef> order;
  OrderCheck check;
  auto kind = order_kind_for(req.type);
  if (!req.order.empty()) {
    if (!kind)
      return error(Errc::invalid_argument, std::string("a ") + std::string(to_string(req.type)) +
                                               " is not posted against an order");
    JXC_ASSIGN(auto ref, open_order(tx, req.order, *kind));
    order = ref;
    JXC_ASSIGN(check, check_against_order(tx, ref, qty_by_item(lines), sku_by_item(lines),
                                          req.close_order, req.hold_exceptions));
  } else if (req.close_order) {
    return error(Errc::invalid_argument, "--close needs an order");
  }
  std::int64_t ref_doc = 0;
  if (!req.ref_document.empty()) {
    JXC_ASSIGN(ref_doc, returned_document(tx, req.type, req.ref_document));
  }
  if (req.type == DocType::customer_return || req.type == DocType::supplier_return)
    JXC_TRY(check_return_lines(tx, req.type, ref_doc, 0, lines));
  JXC_TRY(default_unit_costs(tx, req.type, order ? std::optional(order->id) : std::nullopt, lines));

  std::string number = req.number;
  if (number.empty()) {
    JXC_ASSIGN(number, next_document_number(tx, req.type));
  }
  // Document-level ends are kept for people reading the document; the lines
  // carry the ends that are actually posted.
  std::optional<std::int64_t> doc_from, doc_to;
  Created c;
  if (!req.from.empty()) {
    JXC_ASSIGN(auto l, tx.location(req.from));
    doc_from = l.id;
    c.from_code = l.code;
  }
  if (!req.to.empty()) {
    JXC_ASSIGN(auto l, tx.location(req.to));
    doc_to = l.id;
    c.to_code = l.code;
  }
  check.exceptions.insert(check.exceptions.begin(), req.exceptions.begin(), req.exceptions.end());
  bool needs_review = req.hold_exceptions && !check.exceptions.empty();
  JXC_ASSIGN(auto* ins, tx.db().cached(
                            "INSERT INTO documents(type,number,state,order_id,from_location,to_location,"
                            "reason,source,note,close_order,needs_review,exceptions,occurred_at,created_at,"
                            "posted_at,ref_document,cost_centre) VALUES(?1,?2,?14,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?15,?16,?17)"));
  std::optional<std::int64_t> order_id;
  if (order) order_id = order->id;
  ins->bind_all(std::string(to_string(req.type)), number, order_id, doc_from, doc_to, req.reason,
                req.source, req.note, req.close_order ? 1 : 0, needs_review ? 1 : 0,
                exceptions_json(check.exceptions), req.occurred_at ? req.occurred_at : tx.now(),
                tx.now());
  const bool posted_now = post_now && !needs_review;
  ins->bind(14, posted_now ? "posted" : "draft");
  if (posted_now) ins->bind(15, tx.now()); else ins->bind_null(15);
  if (ref_doc) ins->bind(16, ref_doc); else ins->bind_null(16);
  ins->bind(17, req.cost_centre);
  if (Status s = ins->run(); !s) {
    if (s.code() == Errc::conflict) return error(Errc::conflict, "document number '" + number + "' is taken");
    return s;
  }
  std::int64_t doc_id = tx.db().last_insert_rowid();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    std::string flag;
    if (auto f = check.line_flags.find(l.item.id); f != check.line_flags.end()) flag = f->second;
    JXC_ASSIGN(auto* li, tx.db().cached(
                             "INSERT INTO document_lines(doc_id,line_no,item_id,lot,expiry,qty,"
                             "from_location,to_location,flag,unit,entered,unit_cost,inspection,disposition,"
                             "ref_line,serials) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)"));
    li->bind_all(doc_id, static_cast<std::int64_t>(i + 1), l.item.id, l.lot, l.expiry, l.qty,
                 l.from.id, l.to.id, flag, l.unit, l.entered, l.unit_cost, std::string(to_string(l.inspection)),
                 std::string(to_string(l.disposition)),
                 l.ref_line ? std::optional<std::int64_t>(l.ref_line) : std::nullopt, serials_json(l.serials));
    JXC_TRY(li->run());
  }
  if (needs_review) JXC_TRY(append_document_event(tx, doc_id, "document.needs_review"));
  // Everything the result holds is known here; reading it back would cost a
  // query per document on the writer's hot path.
  c.result.doc_id = doc_id;
  c.result.number = number;
  c.result.type = req.type;
  c.result.state = DocState::draft;
  c.result.needs_review = needs_review;
  c.result.exceptions = check.exceptions;
  c.row = DocRow{doc_id, std::move(number), req.type, posted_now ? DocState::posted : DocState::draft,
                 order ? order->id : 0,
                 req.reason, req.source, req.occurred_at ? req.occurred_at : tx.now(),
                 req.close_order, ref_doc, ref_doc ? req.ref_document : std::string()};
  c.lines = std::move(lines);
  c.order = std::move(order);
  c.check = std::move(check);
  c.note = req.note;
  c.cost_centre = req.cost_centre;
  return c;
}

}  // namespace

Result<DocumentResult> create_document(Tx& tx, const DocumentRequest& req) {
  JXC_ASSIGN(auto c, create_new(tx, req, false));
  return std::move(c.result);
}

Result<DocumentResult> confirm_document(Tx& tx, const std::string& number) {
  JXC_ASSIGN(auto doc, find_document(tx, number));
  if (doc.type == DocType::count)
    return error(Errc::invalid_state, "a count is confirmed when it opens and posted by approval");
  if (doc.state != DocState::draft)
    return error(Errc::invalid_state, "document " + number + " is " +
                                          std::string(to_string(doc.state)) + ", not a draft");
  JXC_TRY(set_state(tx, doc.id, DocState::confirmed));
  return document_result(tx, doc.id);
}

namespace {

/// The posted-document event from what the writer has in hand, without
/// reading the document back.
std::string posted_payload(Tx& tx, const Created& c, const std::vector<std::string>& exceptions,
                           const std::vector<PostedMovement>& posted, const OrderLineIds& order_ids) {
  const DocRow& d = c.row;
  const std::string reason = d.reason.empty() ? std::string(to_string(d.type)) : d.reason;
  const std::string recorded = format_iso8601(tx.now());
  const std::string occurred = format_iso8601(d.occurred_at);
  const std::size_t n = c.lines.size();
  std::vector<std::string> keys;  // complete before any view of them is taken
  keys.reserve(n);
  for (std::size_t i = 0; i < n; ++i) keys.push_back(d.number + "/" + std::to_string(i + 1));
  std::vector<std::vector<std::string>> line_ids(n);  // complete before any view of them is taken
  for (std::size_t i = 0; i < n; ++i) line_ids[i] = order_ids.of(c.lines[i].item.id, c.lines[i].lot);
  std::vector<DocumentEventLine> lines;
  std::vector<DocumentEventMovement> moves;
  lines.reserve(n);
  moves.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& l = c.lines[i];
    std::string_view flag;
    if (auto f = c.check.line_flags.find(l.item.id); f != c.check.line_flags.end()) flag = f->second;
    std::optional<std::string_view> expiry;
    if (l.expiry) expiry = *l.expiry;
    lines.push_back({static_cast<std::int64_t>(i + 1), l.item.sku, l.qty, std::string_view(l.from.code),
                     std::string_view(l.to.code), l.lot, expiry, flag, l.item.units.decimals, l.unit, l.entered,
                     line_ids[i], l.unit_cost, to_string(l.inspection), to_string(l.disposition), l.ref_line,
                     l.serials});
    moves.push_back({posted[i].id, l.item.sku, l.from.code, l.to.code, l.qty < 0 ? -l.qty : l.qty, reason,
                     d.source, occurred, recorded, keys[i], l.lot, std::nullopt,
                     posted[i].went_negative ? "negative" : "", l.item.units.decimals, posted[i].value});
  }
  DocumentEvent e;
  e.gateway_id = tx.options().gateway_id;
  e.site_id = tx.options().site_id;
  e.currency = tx.options().currency;
  e.number = d.number;
  e.type = to_string(d.type);
  e.state = "posted";
  e.reason = d.reason;
  e.source = d.source;
  e.note = c.note;
  e.cost_centre = c.cost_centre;
  e.occurred_at = occurred;
  e.exceptions = exceptions;
  if (c.order) {
    e.has_order = true;
    e.order_number = c.order->number;
    e.order_ref = c.order->ref;
  }
  if (c.from_code) e.from = *c.from_code;
  if (c.to_code) e.to = *c.to_code;
  if (d.ref_document) e.ref_document = d.ref_number;
  e.lines = lines;
  e.movements = moves;
  return document_event_json(e);
}

/// Posts a draft or confirmed document whose lines are resolved: movements,
/// order progress, state, exceptions and the outbox event. `created` is set
/// when the document was written in this same request, so that its event can
/// be built without reading it back.
Result<DocumentResult> post_resolved(Tx& tx, const DocRow& doc, const std::vector<ResolvedLine>& lines,
                                     const std::optional<OrderRef>& order,
                                     std::vector<std::string> exceptions, const Created* created) {
  std::vector<PostedMovement> posted;
  posted.reserve(lines.size());
  std::size_t n = 0;
  for (const auto& l : lines) {
    ++n;
    if (brings_stock_in(doc.type)) JXC_TRY(note_lot(tx, l, exceptions));
    MovementDraft m;
    m.doc_id = doc.id;
    m.item = &l.item;
    m.lot = l.lot;
    m.from = &l.from;
    m.to = &l.to;
    m.qty = l.qty < 0 ? -l.qty : l.qty;
    m.reason = doc.reason.empty() ? std::string(to_string(doc.type)) : doc.reason;
    m.source = doc.source;
    m.occurred_at = doc.occurred_at;
    m.idempotency_key = doc.number + "/" + std::to_string(n);
    m.serials = l.serials;
    if (l.value) {
      m.value = *l.value;  // a customer return at the cost it went out at (returns.h)
    } else if (l.unit_cost) {
      auto v = value_at_cost(m.qty, *l.unit_cost, l.item.units.decimals);
      if (!v) return v.status().on_line(n);
      m.value = *v;
    }
    auto p = post_movement(tx, m);
    if (!p)
      return p.status().on_line(n);
    if (p->went_negative)
      exceptions.push_back("negative: " + l.item.sku + (l.lot.empty() ? "" : " lot " + l.lot) +
                           " at " + l.from.code + " went below zero (site allows it)");
    posted.push_back(*p);
  }
  if (order) JXC_TRY(apply_order_progress(tx, *order, qty_by_item(lines), doc.close_order));
  if (doc.state != DocState::posted) JXC_TRY(set_state(tx, doc.id, DocState::posted));
  // A document created in this request already holds exactly these exceptions.
  if (!created || exceptions != created->check.exceptions)
    JXC_TRY(store_exceptions(tx, doc.id, exceptions, false));
  if (created) {
    OrderLineIds order_ids;
    if (order) {
      JXC_ASSIGN(order_ids, order_line_ids(tx, order->id));
    }
    JXC_TRY(Outbox::append(tx, posted_event_type(doc.type), doc.occurred_at,
                         posted_payload(tx, *created, exceptions, posted, order_ids)));
  } else {
    JXC_TRY(append_document_event(tx, doc.id, posted_event_type(doc.type)));
  }
  DocumentResult r;
  r.doc_id = doc.id;
  r.number = doc.number;
  r.type = doc.type;
  r.state = DocState::posted;
  r.exceptions = std::move(exceptions);
  r.movements = static_cast<int>(n);
  return r;
}

}  // namespace

Result<DocumentResult> post_document(Tx& tx, const std::string& number) {
  JXC_ASSIGN(auto doc, find_document(tx, number));
  if (doc.type == DocType::count)
    return error(Errc::invalid_state, "a count is posted by approving it");
  if (doc.state != DocState::draft && doc.state != DocState::confirmed)
    return error(Errc::invalid_state, "document " + number + " is " +
                                          std::string(to_string(doc.state)) + " and cannot be posted");
  JXC_ASSIGN(auto lines, load_lines(tx, doc));
  if (lines.empty())
    return error(Errc::invalid_state, "document " + number +
                                          " has no lines: it records exceptions for review; cancel it once dealt with");
  if (doc.type == DocType::customer_return || doc.type == DocType::supplier_return) {
    // Checked again: other returns may have been posted since the draft was made.
    if (doc.ref_document) JXC_TRY(returned_document(tx, doc.type, doc.ref_number).status());
    JXC_TRY(check_return_lines(tx, doc.type, doc.ref_document, doc.id, lines));
  }
  std::vector<std::string> exceptions;
  std::optional<OrderRef> order;
  if (doc.order_id) {
    JXC_ASSIGN(auto* o, tx.db().cached("SELECT number FROM orders WHERE id=?1"));
    o->bind_all(doc.order_id);
    JXC_ASSIGN(bool row, o->step());
    if (!row) return error(Errc::unknown_order, "the order of " + number + " is gone");
    JXC_ASSIGN(auto ref, open_order(tx, o->text(0), *order_kind_for(doc.type)));
    order = ref;
    // Checked again: the order may have moved on since the draft was made.
    JXC_ASSIGN(auto check, check_against_order(tx, ref, qty_by_item(lines), sku_by_item(lines),
                                               doc.close_order));
    exceptions = std::move(check.exceptions);
  }
  // What the document was held for (an unexpected tag, ...) stays on it as
  // its trail, ahead of what the check finds now.
  JXC_ASSIGN(auto* held, tx.db().cached("SELECT exceptions FROM documents WHERE id=?1"));
  held->bind_all(doc.id);
  JXC_ASSIGN(bool row, held->step());
  std::vector<std::string> trail;
  if (row && !held->is_null(0)) {
    const json j = json::parse(held->text(0), nullptr, false);
    if (j.is_array())
      for (const auto& e : j)
        if (e.is_string()) trail.push_back(e.get<std::string>());
  }
  held->reset();
  for (auto& e : exceptions)
    if (std::find(trail.begin(), trail.end(), e) == trail.end()) trail.push_back(std::move(e));
  return post_resolved(tx, doc, lines, order, std::move(trail), nullptr);
}

Result<DocumentResult> create_and_post(Tx& tx, const DocumentRequest& req) {
  JXC_ASSIGN(auto c, create_new(tx, req, true));
  if (c.result.needs_review) return std::move(c.result);  // held for a person
  return post_resolved(tx, c.row, c.lines, c.order, c.check.exceptions, &c);
}

Result<DocumentResult> cancel_document(Tx& tx, const std::string& number) {
  JXC_ASSIGN(auto doc, find_document(tx, number));
  if (doc.state != DocState::draft && doc.state != DocState::confirmed)
    return error(Errc::invalid_state, "document " + number + " is " +
                                          std::string(to_string(doc.state)) +
                                          "; a posted document is undone by reversing it");
  JXC_ASSIGN(auto before, document_result(tx, doc.id));
  JXC_TRY(set_state(tx, doc.id, DocState::cancelled));
  // The central system heard of it only if it was held for review.
  if (before.needs_review) JXC_TRY(append_document_event(tx, doc.id, "document.cancelled"));
  return document_result(tx, doc.id);
}


}  // namespace jxc::inventory