#include "edge/inventory/returns.h"

#include <algorithm>
#include <map>

#include "edge/inventory/cost.h"
#include "edge/inventory/serials.h"

namespace jxc::inventory {
namespace {

DocType returned_type(DocType type) {
  return type == DocType::customer_return ? DocType::issue : DocType::receipt;
}

/// A posted return not undone by a posted reversal.
constexpr const char* kLiveReturn =
    "d.state='posted' AND NOT EXISTS (SELECT 1 FROM documents r WHERE r.reverses=d.id AND r.state='posted')";

struct OriginalLine {
  std::int64_t line_no = 0;
  std::int64_t item_id = 0;
  std::string sku, lot;
  Qty qty = 0;
  Qty moved = 0;     // the line's movement: quantity and value (0 when it has none)
  Money value = 0;
};

Result<std::vector<OriginalLine>> original_lines(Tx& tx, std::int64_t ref_doc) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT dl.line_no, dl.item_id, i.sku, dl.lot, dl.qty, coalesce(m.qty,0), "
                           "coalesce(m.value,0) FROM document_lines dl JOIN items i ON i.id=dl.item_id "
                           "JOIN documents d ON d.id=dl.doc_id "
                           "LEFT JOIN movements m ON m.idempotency_key = d.number || '/' || dl.line_no "
                           "WHERE dl.doc_id=?1 ORDER BY dl.line_no"));
  st->bind_all(ref_doc);
  std::vector<OriginalLine> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back({st->int64(0), st->int64(1), st->text(2), st->text(3), st->int64(4), st->int64(5), st->int64(6)});
  }
  return out;
}

Result<Qty> returned_before(Tx& tx, DocType type, std::int64_t ref_doc, std::int64_t line_no,
                            std::int64_t doc_id) {
  static const std::string sql =
      std::string("SELECT coalesce(sum(dl.qty),0) FROM documents d JOIN document_lines dl ON dl.doc_id=d.id "
                  "WHERE d.ref_document=?1 AND dl.ref_line=?2 AND d.type=?3 AND d.id<>?4 AND ") +
      kLiveReturn;
  JXC_ASSIGN(auto* st, tx.db().cached(sql.c_str()));
  st->bind_all(ref_doc, line_no, std::string(to_string(type)), doc_id);
  JXC_ASSIGN(bool row, st->step());
  Qty q = row ? st->int64(0) : 0;
  st->reset();
  return q;
}

}  // namespace

Result<std::int64_t> returned_document(Tx& tx, DocType type, const std::string& number) {
  if (type != DocType::customer_return && type != DocType::supplier_return)
    return error(Errc::invalid_argument, "only a return references the document it returns");
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT d.id, d.type, d.state, (SELECT r.number FROM documents r "
                           "WHERE r.reverses=d.id AND r.state='posted') FROM documents d WHERE d.number=?1"));
  st->bind_all(number);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_document, "no document '" + number + "' to return against").with("key", number);
  const std::int64_t id = st->int64(0);
  const std::string doc_type = st->text(1), state = st->text(2);
  const std::string reversed_by = st->is_null(3) ? "" : st->text(3);
  st->reset();
  const DocType want = returned_type(type);
  if (doc_type != to_string(want))
    return error(Errc::invalid_argument, "a " + std::string(to_string(type)) + " returns what a " +
                                             std::string(to_string(want)) + " moved, and " + number + " is a " +
                                             doc_type);
  if (state != "posted")
    return error(Errc::invalid_state, number + " is " + state + "; only what was posted can be returned");
  if (!reversed_by.empty())
    return error(Errc::invalid_state, number + " was reversed by " + reversed_by + "; nothing of it is left to return");
  return id;
}

Status check_return_lines(Tx& tx, DocType type, std::int64_t ref_doc, std::int64_t doc_id,
                          std::vector<ResolvedLine>& lines) {
  if (ref_doc == 0) {
    const bool customer = type == DocType::customer_return;
    return error(Errc::invalid_argument,
                 std::string("a ") + (customer ? "customer" : "supplier") + " return names the " +
                     (customer ? "issue" : "receipt") + " it returns, so that no more " +
                     (customer ? "comes back than went out" : "goes back than came in") +
                     "; goods with no such record come in or go out on a receipt, an issue or an adjustment")
        .with("field", "ref_document");
  }
  JXC_ASSIGN(auto originals, original_lines(tx, ref_doc));
  std::map<std::int64_t, Qty> taken;  // by this document, per original line
  for (std::size_t i = 0; i < lines.size(); ++i) {
    ResolvedLine& l = lines[i];
    const OriginalLine* orig = nullptr;
    if (l.ref_line == 0) {
      for (const auto& o : originals)
        if (o.item_id == l.item.id && o.lot == l.lot) {
          if (orig)
            return error(Errc::invalid_argument, "item " + l.item.sku + " is on several lines of the returned "
                                                 "document; name the line returned").on_line(i + 1);
          orig = &o;
        }
      if (!orig)
        return error(Errc::invalid_argument, "item " + l.item.sku + (l.lot.empty() ? "" : " lot " + l.lot) +
                                                 " is not on the returned document").on_line(i + 1);
      l.ref_line = orig->line_no;
    } else {
      for (const auto& o : originals)
        if (o.line_no == l.ref_line) orig = &o;
      if (!orig)
        return error(Errc::invalid_argument, "the returned document has no line " +
                                                 std::to_string(l.ref_line)).on_line(i + 1);
      if (orig->item_id != l.item.id || orig->lot != l.lot)
        return error(Errc::invalid_argument, "line " + std::to_string(l.ref_line) + " of the returned document is " +
                                                 orig->sku + (orig->lot.empty() ? "" : " lot " + orig->lot) +
                                                 ", not " + l.item.sku + (l.lot.empty() ? "" : " lot " + l.lot))
            .on_line(i + 1);
    }
    JXC_ASSIGN(Qty before, returned_before(tx, type, ref_doc, orig->line_no, doc_id));
    Qty& mine = taken[orig->line_no];
    mine += l.qty;
    if (before + mine > orig->qty)
      return error(Errc::invalid_state,
                   "line " + std::to_string(orig->line_no) + " of the returned document moved " +
                       std::to_string(orig->qty) + " of " + orig->sku + ", " + std::to_string(before) +
                       " came back before; " + std::to_string(mine) + " more is too many")
          .with("sku", orig->sku)
          .with("have", std::to_string(orig->qty - before))
          .with("need", std::to_string(mine))
          .on_line(i + 1);
    // What comes back is what went out: a serial-tracked line returns units
    // its original line moved.
    if (l.item.serial_tracked) {
      JXC_ASSIGN(auto* sn, tx.db().cached("SELECT serials FROM document_lines WHERE doc_id=?1 AND line_no=?2"));
      sn->bind_all(ref_doc, orig->line_no);
      JXC_ASSIGN(bool row, sn->step());
      const std::vector<std::string> went =
          row && !sn->is_null(0) ? serials_from_json(sn->text(0)) : std::vector<std::string>();
      sn->reset();
      for (const auto& s : l.serials)
        if (std::find(went.begin(), went.end(), s) == went.end())
          return error(Errc::invalid_argument, "serial " + s + " of item " + l.item.sku + " is not among those line " +
                                                   std::to_string(orig->line_no) + " of the returned document moved")
              .on_line(i + 1);
    }
    if (type == DocType::customer_return && !l.unit_cost && orig->moved > 0 && orig->value > 0) {
      JXC_ASSIGN(l.value, value_at_average(CostPool{orig->moved, orig->value, 0}, l.qty, l.item.units.decimals));
    }
  }
  return Status::ok();
}

Status refuse_reversal_with_returns(Tx& tx, std::int64_t doc_id, const std::string& number) {
  static const std::string sql =
      std::string("SELECT d.number FROM documents d WHERE d.ref_document=?1 AND ") + kLiveReturn + " LIMIT 1";
  JXC_ASSIGN(auto* st, tx.db().cached(sql.c_str()));
  st->bind_all(doc_id);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return Status::ok();
  std::string ret = st->text(0);
  st->reset();
  return error(Errc::invalid_state, "cannot reverse " + number + ": return " + ret +
                                        " takes back goods it moved; reverse the return first");
}

}  // namespace jxc::inventory
