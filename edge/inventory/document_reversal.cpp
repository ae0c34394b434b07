// Reversal: a posted document is never edited; its undo is a document of
// its own whose movements swap the ends of the original's, posted at once.
#include <map>

#include "edge/inventory/document_events.h"
#include "edge/inventory/documents.h"
#include "edge/inventory/ledger.h"
#include "edge/inventory/orders.h"
#include "edge/inventory/returns.h"
#include "edge/inventory/serials.h"

namespace jxc::inventory {

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
  prior->reset();
  JXC_TRY(refuse_reversal_with_returns(tx, doc.id, number));

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
                           "SELECT m.id, i.sku, m.lot, f.code, t.code, m.qty, m.value FROM movements m "
                           "JOIN items i ON i.id=m.item_id JOIN locations f ON f.id=m.from_location "
                           "JOIN locations t ON t.id=m.to_location WHERE m.doc_id=?1 ORDER BY m.id"));
  ms->bind_all(doc.id);
  struct Orig {
    std::int64_t id;
    std::string sku, lot, from, to;
    Qty qty;
    Money value;
  };
  std::vector<Orig> origs;
  for (;;) {
    JXC_ASSIGN(bool row, ms->step());
    if (!row) break;
    origs.push_back({ms->int64(0), ms->text(1), ms->text(2), ms->text(3), ms->text(4), ms->int64(5), ms->int64(6)});
  }
  std::map<std::int64_t, Qty> undo_by_item;
  std::size_t n = 0;
  for (const auto& o : origs) {
    ++n;
    JXC_ASSIGN(auto item, tx.item(o.sku));
    JXC_ASSIGN(auto from, tx.location(o.to));  // swapped: stock goes back
    JXC_ASSIGN(auto to, tx.location(o.from));
    // The same units go back: the serials the original moved.
    JXC_ASSIGN(auto serials, serials_of_movement(tx, o.id));
    JXC_ASSIGN(auto* li, tx.db().cached(
                             "INSERT INTO document_lines(doc_id,line_no,item_id,lot,qty,from_location,"
                             "to_location,serials) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)"));
    li->bind_all(rev_id, static_cast<std::int64_t>(n), item.id, o.lot, o.qty, from.id, to.id,
                 serials_json(serials));
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
    m.value = o.value;  // undone at what it was booked at, not today's average
    m.serials = std::move(serials);
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
