#include "edge/inventory/documents.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <map>

#include "edge/common/json_writer.h"
#include "edge/inventory/ledger.h"
#include "edge/inventory/orders.h"
#include "edge/inventory/outbox.h"

namespace jxc::inventory {
namespace {

using json = nlohmann::json;

std::string_view number_prefix(DocType t) {
  switch (t) {
    case DocType::receipt: return "RCV";
    case DocType::issue: return "ISS";
    case DocType::transfer: return "TRF";
    case DocType::count: return "CNT";
    case DocType::adjustment: return "ADJ";
    case DocType::scrap: return "SCR";
    case DocType::customer_return: return "CRT";
    case DocType::supplier_return: return "SRT";
    case DocType::reversal: return "REV";
  }
  return "DOC";
}

std::string posted_event_type(DocType t) {
  switch (t) {
    case DocType::count: return "count.approved";
    case DocType::customer_return:
    case DocType::supplier_return: return "return.posted";
    default: return std::string(to_string(t)) + ".posted";
  }
}

/// Which end of a movement is fixed to a virtual location for each type, and
/// which ends the document (or a line) must name.
struct Shape {
  std::string_view fixed_from, fixed_to;  // virtual ends; empty = physical
};
Shape shape_of(DocType t) {
  switch (t) {
    case DocType::receipt: return {kSupplier, {}};
    case DocType::issue: return {{}, kCustomer};
    case DocType::scrap: return {{}, kScrap};
    case DocType::customer_return: return {kCustomer, {}};
    case DocType::supplier_return: return {{}, kSupplier};
    default: return {{}, {}};
  }
}

bool valid_expiry(const std::string& s) {
  TimeMs t = 0;
  return s.size() == 10 && parse_iso8601(s, &t);
}

/// A line resolved against master data: the ends its movement will have.
struct ResolvedLine {
  ItemInfo item;
  std::string lot;
  std::optional<std::string> expiry;
  Qty qty = 0;  // signed for adjustments
  LocationInfo from, to;
};

/// Retired master data may be emptied, never filled (the rule is stated in
/// engine.h): a retired item may leave stock or move between bins but no new
/// stock of it may come in from outside (receipt, customer return, gain), and
/// nothing may be put into a retired location. Checked when a document is
/// created and again when a draft is posted, since either may be retired in
/// between.
Status refuse_retired(const ResolvedLine& l) {
  if (!l.item.active && l.from.is_virtual() && !l.to.is_virtual())
    return error(Errc::retired, "item " + l.item.sku +
                                    " is retired: its stock may be issued, moved, scrapped or adjusted "
                                    "down, but no new stock of it may come in");
  if (!l.to.active && !l.to.is_virtual())
    return error(Errc::retired, "location " + l.to.code +
                                    " is retired: stock may be taken out of it but not put in");
  return Status::ok();
}

Result<ResolvedLine> resolve_line(Tx& tx, DocType type, const std::string& doc_from,
                                  const std::string& doc_to, const DocLine& l, std::size_t n) {
  auto where = [&](const Status& s) {
    return error(s.code(), "line " + std::to_string(n) + ": " + s.reason());
  };
  ResolvedLine r;
  auto item = tx.item(l.sku);
  if (!item) return where(item.status());
  r.item = *item;
  r.lot = l.lot;
  r.expiry = l.expiry;
  r.qty = l.qty;
  if (type == DocType::adjustment ? l.qty == 0 : l.qty <= 0)
    return where(error(Errc::invalid_argument,
                       type == DocType::adjustment
                           ? "adjustment quantity must not be zero (+ gain, - loss)"
                           : "quantity must be positive, got " + std::to_string(l.qty)));
  if (r.item.lot_tracked && r.lot.empty())
    return where(error(Errc::invalid_argument, "item " + l.sku + " is lot-tracked: a lot is required"));
  if (!r.item.lot_tracked && !r.lot.empty())
    return where(error(Errc::invalid_argument, "item " + l.sku + " is not lot-tracked but lot '" +
                                                   r.lot + "' was given"));
  if (r.expiry && !valid_expiry(*r.expiry))
    return where(error(Errc::invalid_argument, "expiry '" + *r.expiry + "' is not a YYYY-MM-DD date"));

  std::string from = l.from.empty() ? doc_from : l.from;
  std::string to = l.to.empty() ? doc_to : l.to;
  if (type == DocType::adjustment) {
    // One physical location; the sign says which way stock goes.
    std::string at = !to.empty() ? to : from;
    auto loc = tx.physical_location(at, "adjustment");
    if (!loc) return where(loc.status());
    auto adj = tx.location(std::string(kAdjustment));
    if (!adj) return adj.status();
    r.from = l.qty > 0 ? *adj : *loc;
    r.to = l.qty > 0 ? *loc : *adj;
    if (Status s = refuse_retired(r); !s) return where(s);
    return r;
  }
  Shape sh = shape_of(type);
  if (!sh.fixed_from.empty()) {
    auto v = tx.location(std::string(sh.fixed_from));
    if (!v) return v.status();
    r.from = *v;
  } else {
    auto loc = tx.physical_location(from, "from");
    if (!loc) return where(loc.status());
    r.from = *loc;
  }
  if (!sh.fixed_to.empty()) {
    auto v = tx.location(std::string(sh.fixed_to));
    if (!v) return v.status();
    r.to = *v;
  } else {
    auto loc = tx.physical_location(to, "to");
    if (!loc) return where(loc.status());
    r.to = *loc;
  }
  if (r.from.id == r.to.id)
    return where(error(Errc::invalid_argument, "from and to are both '" + r.from.code + "'"));
  if (Status s = refuse_retired(r); !s) return where(s);
  return r;
}

std::map<std::int64_t, Qty> qty_by_item(const std::vector<ResolvedLine>& lines) {
  std::map<std::int64_t, Qty> out;
  for (const auto& l : lines) out[l.item.id] += l.qty;
  return out;
}
std::map<std::int64_t, std::string> sku_by_item(const std::vector<ResolvedLine>& lines) {
  std::map<std::int64_t, std::string> out;
  for (const auto& l : lines) out[l.item.id] = l.item.sku;
  return out;
}

std::optional<OrderKind> order_kind_for(DocType t) {
  if (t == DocType::receipt) return OrderKind::expected_receipt;
  if (t == DocType::issue) return OrderKind::pick_list;
  return std::nullopt;
}

Status store_exceptions(Tx& tx, std::int64_t doc_id, const std::vector<std::string>& exceptions,
                        bool needs_review) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE documents SET exceptions=?2, needs_review=?3 WHERE id=?1"));
  st->bind_all(doc_id, json(exceptions).dump(-1, ' ', false, json::error_handler_t::replace), needs_review ? 1 : 0);
  return st->run();
}

/// Loads a document's lines resolved for posting.
Result<std::vector<ResolvedLine>> load_lines(Tx& tx, const DocRow& doc) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT i.sku, dl.lot, dl.expiry, dl.qty, f.code, t.code "
                           "FROM document_lines dl JOIN items i ON i.id=dl.item_id "
                           "JOIN locations f ON f.id=dl.from_location "
                           "JOIN locations t ON t.id=dl.to_location "
                           "WHERE dl.doc_id=?1 ORDER BY dl.line_no"));
  st->bind_all(doc.id);
  struct Raw {
    std::string sku, lot;
    std::optional<std::string> expiry;
    Qty qty;
    std::string from, to;
  };
  std::vector<Raw> raws;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    Raw r{st->text(0), st->text(1), std::nullopt, st->int64(3), st->text(4), st->text(5)};
    if (!st->is_null(2)) r.expiry = st->text(2);
    raws.push_back(std::move(r));
  }
  std::vector<ResolvedLine> out;
  out.reserve(raws.size());
  for (auto& r : raws) {
    ResolvedLine l;
    JXC_ASSIGN(l.item, tx.item(r.sku));
    l.lot = r.lot;
    l.expiry = r.expiry;
    l.qty = r.qty;
    JXC_ASSIGN(l.from, tx.location(r.from));
    JXC_ASSIGN(l.to, tx.location(r.to));
    if (Status s = refuse_retired(l); !s)
      return error(s.code(), "line " + std::to_string(out.size() + 1) + ": " + s.reason());
    out.push_back(std::move(l));
  }
  return out;
}

/// Records a lot's expiry the first time it is received; a different expiry
/// for a known lot is an exception for a person, not a silent overwrite.
Status note_lot(Tx& tx, const ResolvedLine& l, std::vector<std::string>& exceptions) {
  if (l.lot.empty()) return Status::ok();
  JXC_ASSIGN(auto* find, tx.db().cached("SELECT expiry FROM lots WHERE item_id=?1 AND lot=?2"));
  find->bind_all(l.item.id, l.lot);
  JXC_ASSIGN(bool row, find->step());
  if (row) {
    if (l.expiry && !find->is_null(0) && find->text(0) != *l.expiry)
      exceptions.push_back("expiry: " + l.item.sku + " lot " + l.lot + " is recorded as expiring " +
                           find->text(0) + ", this document says " + *l.expiry);
    if (l.expiry && find->is_null(0)) {
      JXC_ASSIGN(auto* upd, tx.db().cached("UPDATE lots SET expiry=?3 WHERE item_id=?1 AND lot=?2"));
      upd->bind_all(l.item.id, l.lot, *l.expiry);
      JXC_TRY(upd->run());
    }
    return Status::ok();
  }
  JXC_ASSIGN(auto* ins, tx.db().cached("INSERT INTO lots(item_id,lot,expiry) VALUES(?1,?2,?3)"));
  ins->bind_all(l.item.id, l.lot, l.expiry);
  return ins->run();
}

}  // namespace

Result<std::string> next_document_number(Tx& tx, DocType type) {
  JXC_ASSIGN(auto* max_id, tx.db().cached("SELECT coalesce(max(id),0)+1 FROM documents"));
  JXC_ASSIGN(bool row, max_id->step());
  std::int64_t next = row ? max_id->int64(0) : 1;
  max_id->reset();
  for (;; ++next) {
    // PREFIX-000042: at least six digits.
    std::string number(number_prefix(type));
    number += '-';
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, next).ptr;
    number.append(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, 6 - (end - digits))), '0');
    number.append(digits, end);
    JXC_ASSIGN(auto* st, tx.db().cached("SELECT 1 FROM documents WHERE number=?1"));
    st->bind_all(number);
    JXC_ASSIGN(bool taken, st->step());
    if (!taken) return number;
  }
}

Result<DocRow> find_document(Tx& tx, const std::string& number) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT id, type, state, order_id, reason, source, occurred_at, close_order "
                           "FROM documents WHERE number=?1"));
  st->bind_all(number);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_document, "no document '" + number + "'");
  DocRow d;
  d.id = st->int64(0);
  d.number = number;
  parse_doc_type(st->text(1), &d.type);
  parse_doc_state(st->text(2), &d.state);
  d.order_id = st->is_null(3) ? 0 : st->int64(3);
  d.reason = st->text(4);
  d.source = st->text(5);
  d.occurred_at = st->int64(6);
  d.close_order = st->int64(7) != 0;
  return d;
}

Status set_state(Tx& tx, std::int64_t doc_id, DocState state) {
  const char* sql = nullptr;
  switch (state) {
    case DocState::confirmed: sql = "UPDATE documents SET state='confirmed', confirmed_at=?2 WHERE id=?1"; break;
    case DocState::posted: sql = "UPDATE documents SET state='posted', posted_at=?2 WHERE id=?1"; break;
    case DocState::cancelled: sql = "UPDATE documents SET state='cancelled', cancelled_at=?2 WHERE id=?1"; break;
    case DocState::draft: sql = "UPDATE documents SET state='draft', created_at=?2 WHERE id=?1"; break;
  }
  JXC_ASSIGN(auto* st, tx.db().cached(sql));
  st->bind_all(doc_id, tx.now());
  return st->run();
}

Result<DocumentResult> document_result(Tx& tx, std::int64_t doc_id) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT number, type, state, needs_review, exceptions, "
                           "(SELECT count(*) FROM movements WHERE doc_id=d.id) "
                           "FROM documents d WHERE id=?1"));
  st->bind_all(doc_id);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_document, "no document with id " + std::to_string(doc_id));
  DocumentResult r;
  r.doc_id = doc_id;
  r.number = st->text(0);
  parse_doc_type(st->text(1), &r.type);
  parse_doc_state(st->text(2), &r.state);
  r.needs_review = st->int64(3) != 0;
  auto j = json::parse(st->text(4), nullptr, false);
  if (j.is_array())
    for (const auto& e : j) r.exceptions.push_back(e.get<std::string>());
  r.movements = static_cast<int>(st->int64(5));
  return r;
}

Result<std::int64_t> append_document_event(Tx& tx, std::int64_t doc_id, const std::string& type) {
  JXC_ASSIGN(auto* h, tx.db().cached(
                          "SELECT d.number, d.type, d.state, o.number, o.ref, f.code, t.code, d.reason, "
                          "d.source, d.note, d.occurred_at, d.needs_review, d.exceptions, r.number "
                          "FROM documents d LEFT JOIN orders o ON o.id=d.order_id "
                          "LEFT JOIN locations f ON f.id=d.from_location "
                          "LEFT JOIN locations t ON t.id=d.to_location "
                          "LEFT JOIN documents r ON r.id=d.reverses WHERE d.id=?1"));
  h->bind_all(doc_id);
  JXC_ASSIGN(bool row, h->step());
  if (!row) return error(Errc::unknown_document, "no document with id " + std::to_string(doc_id));
  json doc = {{"number", h->text(0)},
              {"type", h->text(1)},
              {"state", h->text(2)},
              {"reason", h->text(7)},
              {"source", h->text(8)},
              {"note", h->text(9)},
              {"occurred_at", format_iso8601(h->int64(10))},
              {"needs_review", h->int64(11) != 0},
              {"exceptions", json::parse(h->text(12), nullptr, false)}};
  if (!h->is_null(3)) doc["order"] = {{"number", h->text(3)}, {"ref", h->text(4)}};
  if (!h->is_null(5)) doc["from"] = h->text(5);
  if (!h->is_null(6)) doc["to"] = h->text(6);
  if (!h->is_null(13)) doc["reverses"] = h->text(13);
  TimeMs occurred = h->int64(10);

  json lines = json::array();
  JXC_ASSIGN(auto* ls, tx.db().cached(
                           "SELECT dl.line_no, i.sku, dl.lot, dl.expiry, dl.qty, f.code, t.code, dl.flag "
                           "FROM document_lines dl JOIN items i ON i.id=dl.item_id "
                           "LEFT JOIN locations f ON f.id=dl.from_location "
                           "LEFT JOIN locations t ON t.id=dl.to_location "
                           "WHERE dl.doc_id=?1 ORDER BY dl.line_no"));
  ls->bind_all(doc_id);
  for (;;) {
    JXC_ASSIGN(bool more, ls->step());
    if (!more) break;
    json l = {{"line", ls->int64(0)}, {"sku", ls->text(1)}, {"qty", ls->int64(4)}};
    if (!ls->text(2).empty()) l["lot"] = ls->text(2);
    if (!ls->is_null(3)) l["expiry"] = ls->text(3);
    if (!ls->is_null(5)) l["from"] = ls->text(5);
    if (!ls->is_null(6)) l["to"] = ls->text(6);
    if (!ls->text(7).empty()) l["flag"] = ls->text(7);
    lines.push_back(std::move(l));
  }
  doc["lines"] = std::move(lines);

  json moves = json::array();
  JXC_ASSIGN(auto* ms, tx.db().cached(
                           "SELECT m.id, i.sku, m.lot, f.code, t.code, m.qty, m.reason, m.source, "
                           "m.occurred_at, m.recorded_at, m.idempotency_key, m.reverses, m.flags "
                           "FROM movements m JOIN items i ON i.id=m.item_id "
                           "JOIN locations f ON f.id=m.from_location "
                           "JOIN locations t ON t.id=m.to_location WHERE m.doc_id=?1 ORDER BY m.id"));
  ms->bind_all(doc_id);
  for (;;) {
    JXC_ASSIGN(bool more, ms->step());
    if (!more) break;
    json m = {{"id", ms->int64(0)},
              {"sku", ms->text(1)},
              {"from", ms->text(3)},
              {"to", ms->text(4)},
              {"qty", ms->int64(5)},
              {"reason", ms->text(6)},
              {"source", ms->text(7)},
              {"occurred_at", format_iso8601(ms->int64(8))},
              {"recorded_at", format_iso8601(ms->int64(9))},
              {"idempotency_key", ms->text(10)}};
    if (!ms->text(2).empty()) m["lot"] = ms->text(2);
    if (!ms->is_null(11)) m["reverses"] = ms->int64(11);
    if (!ms->text(12).empty()) m["flags"] = ms->text(12);
    moves.push_back(std::move(m));
  }
  json payload = {{"gateway_id", tx.options().gateway_id},
                  {"site_id", tx.options().site_id},
                  {"document", std::move(doc)},
                  {"movements", std::move(moves)}};
  return Outbox::append(tx, type, occurred, payload.dump(-1, ' ', false, json::error_handler_t::replace));
}

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
                            "posted_at) VALUES(?1,?2,?14,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?15)"));
  std::optional<std::int64_t> order_id;
  if (order) order_id = order->id;
  ins->bind_all(std::string(to_string(req.type)), number, order_id, doc_from, doc_to, req.reason,
                req.source, req.note, req.close_order ? 1 : 0, needs_review ? 1 : 0,
                json(check.exceptions).dump(-1, ' ', false, json::error_handler_t::replace), req.occurred_at ? req.occurred_at : tx.now(),
                tx.now());
  const bool posted_now = post_now && !needs_review;
  ins->bind(14, posted_now ? "posted" : "draft");
  if (posted_now) ins->bind(15, tx.now()); else ins->bind_null(15);
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
                             "from_location,to_location,flag) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)"));
    li->bind_all(doc_id, static_cast<std::int64_t>(i + 1), l.item.id, l.lot, l.expiry, l.qty,
                 l.from.id, l.to.id, flag);
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
                 req.close_order};
  c.lines = std::move(lines);
  c.order = std::move(order);
  c.check = std::move(check);
  c.note = req.note;
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

/// The posted-document event built from what the writer has in hand; the
/// same JSON that append_document_event() reads back from the store.
std::string posted_payload(Tx& tx, const Created& c, const std::vector<std::string>& exceptions,
                           const std::vector<PostedMovement>& posted) {
  const DocRow& d = c.row;
  const std::string reason = d.reason.empty() ? std::string(to_string(d.type)) : d.reason;
  const std::string recorded = format_iso8601(tx.now());
  const std::string occurred = format_iso8601(d.occurred_at);
  JsonWriter w;
  w.reserve(640 + 384 * c.lines.size());  // measured: ~560 bytes for one line, ~3,200 for ten
  w.begin_object().member("gateway_id", tx.options().gateway_id).member("site_id", tx.options().site_id);
  w.key("document").begin_object();
  w.member("number", d.number)
      .member("type", to_string(d.type))
      .member("state", "posted")
      .member("reason", d.reason)
      .member("source", d.source)
      .member("note", c.note)
      .member("occurred_at", occurred)
      .member("needs_review", false);
  w.key("exceptions").begin_array();
  for (const auto& e : exceptions) w.value(e);
  w.end_array();
  if (c.order) w.key("order").begin_object().member("number", c.order->number).member("ref", c.order->ref).end_object();
  if (c.from_code) w.member("from", *c.from_code);
  if (c.to_code) w.member("to", *c.to_code);
  w.key("lines").begin_array();
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const auto& l = c.lines[i];
    w.begin_object()
        .member("line", static_cast<std::int64_t>(i + 1))
        .member("sku", l.item.sku)
        .member("qty", l.qty)
        .member("from", l.from.code)
        .member("to", l.to.code);
    if (!l.lot.empty()) w.member("lot", l.lot);
    if (l.expiry) w.member("expiry", *l.expiry);
    if (auto f = c.check.line_flags.find(l.item.id); f != c.check.line_flags.end() && !f->second.empty())
      w.member("flag", f->second);
    w.end_object();
  }
  w.end_array().end_object();
  w.key("movements").begin_array();
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const auto& l = c.lines[i];
    w.begin_object()
        .member("id", posted[i].id)
        .member("sku", l.item.sku)
        .member("from", l.from.code)
        .member("to", l.to.code)
        .member("qty", l.qty < 0 ? -l.qty : l.qty)
        .member("reason", reason)
        .member("source", d.source)
        .member("occurred_at", occurred)
        .member("recorded_at", recorded)
        .member("idempotency_key", d.number + "/" + std::to_string(i + 1));
    if (!l.lot.empty()) w.member("lot", l.lot);
    if (posted[i].went_negative) w.member("flags", "negative");
    w.end_object();
  }
  w.end_array().end_object();
  return w.take();
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
    if (doc.type == DocType::receipt || doc.type == DocType::customer_return)
      JXC_TRY(note_lot(tx, l, exceptions));
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
    auto p = post_movement(tx, m);
    if (!p)
      return error(p.status().code(), "line " + std::to_string(n) + ": " + p.status().reason());
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
    JXC_TRY(Outbox::append(tx, posted_event_type(doc.type), doc.occurred_at,
                         posted_payload(tx, *created, exceptions, posted)));
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
  return post_resolved(tx, doc, lines, order, std::move(exceptions), nullptr);
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

Result<DocumentResult> reverse_document(Tx& tx, const std::string& number, const std::string& reason,
                                        const std::string& source) {
  JXC_ASSIGN(auto doc, find_document(tx, number));
  if (doc.state != DocState::posted)
    return error(Errc::invalid_state, "document " + number + " is " +
                                          std::string(to_string(doc.state)) + "; only posted documents are reversed");
  if (doc.type == DocType::reversal)
    return error(Errc::invalid_state, number + " is itself a reversal; post a new document instead");
  JXC_ASSIGN(auto* prior, tx.db().cached("SELECT number FROM documents WHERE reverses=?1 AND state='posted'"));
  prior->bind_all(doc.id);
  JXC_ASSIGN(bool reversed, prior->step());
  if (reversed)
    return error(Errc::invalid_state, number + " was already reversed by " + prior->text(0));

  JXC_ASSIGN(std::string rev_number, next_document_number(tx, DocType::reversal));
  JXC_ASSIGN(auto* ins, tx.db().cached(
                            "INSERT INTO documents(type,number,state,order_id,reason,source,note,"
                            "reverses,occurred_at,created_at) "
                            "VALUES('reversal',?1,'draft',?2,?3,?4,?5,?6,?7,?7)"));
  std::optional<std::int64_t> order_id;
  if (doc.order_id) order_id = doc.order_id;
  ins->bind_all(rev_number, order_id, reason.empty() ? "reversal of " + number : reason, source,
                "reverses " + number, doc.id, tx.now());
  JXC_TRY(ins->run());
  std::int64_t rev_id = tx.db().last_insert_rowid();

  JXC_ASSIGN(auto* ms, tx.db().cached(
                           "SELECT m.id, i.sku, m.lot, f.code, t.code, m.qty FROM movements m "
                           "JOIN items i ON i.id=m.item_id JOIN locations f ON f.id=m.from_location "
                           "JOIN locations t ON t.id=m.to_location WHERE m.doc_id=?1 ORDER BY m.id"));
  ms->bind_all(doc.id);
  struct Orig {
    std::int64_t id;
    std::string sku, lot, from, to;
    Qty qty;
  };
  std::vector<Orig> origs;
  for (;;) {
    JXC_ASSIGN(bool row, ms->step());
    if (!row) break;
    origs.push_back({ms->int64(0), ms->text(1), ms->text(2), ms->text(3), ms->text(4), ms->int64(5)});
  }
  std::map<std::int64_t, Qty> undo_by_item;
  std::size_t n = 0;
  for (const auto& o : origs) {
    ++n;
    JXC_ASSIGN(auto item, tx.item(o.sku));
    JXC_ASSIGN(auto from, tx.location(o.to));  // swapped: stock goes back
    JXC_ASSIGN(auto to, tx.location(o.from));
    JXC_ASSIGN(auto* li, tx.db().cached(
                             "INSERT INTO document_lines(doc_id,line_no,item_id,lot,qty,from_location,"
                             "to_location) VALUES(?1,?2,?3,?4,?5,?6,?7)"));
    li->bind_all(rev_id, static_cast<std::int64_t>(n), item.id, o.lot, o.qty, from.id, to.id);
    JXC_TRY(li->run());
    MovementDraft m;
    m.doc_id = rev_id;
    m.item = &item;
    m.lot = o.lot;
    m.from = &from;
    m.to = &to;
    m.qty = o.qty;
    m.reason = reason.empty() ? "reversal" : reason;
    m.source = source;
    m.occurred_at = tx.now();
    m.idempotency_key = rev_number + "/" + std::to_string(n);
    m.reverses = o.id;
    auto posted = post_movement(tx, m);
    if (!posted)
      return error(posted.status().code(), "cannot reverse " + number + ": " + posted.status().reason());
    undo_by_item[item.id] -= o.qty;
  }
  if (doc.order_id) {
    JXC_ASSIGN(auto* o, tx.db().cached("SELECT number, kind, state FROM orders WHERE id=?1"));
    o->bind_all(doc.order_id);
    JXC_ASSIGN(bool row, o->step());
    // A closed order is reopened only by the central system; a reversal
    // against it still takes back what it fulfilled.
    if (row) {
      OrderRef ref{doc.order_id, o->text(0),
                   o->text(1) == "pick_list" ? OrderKind::pick_list : OrderKind::expected_receipt, 0};
      JXC_TRY(apply_order_progress(tx, ref, undo_by_item, false));
    }
  }
  JXC_TRY(set_state(tx, rev_id, DocState::posted));
  JXC_TRY(append_document_event(tx, rev_id, posted_event_type(DocType::reversal)));
  return document_result(tx, rev_id);
}

}  // namespace jxc::inventory
