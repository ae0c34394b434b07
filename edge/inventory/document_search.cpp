#include "edge/inventory/document_search.h"

#include "edge/store/sqlite.h"

namespace jxc::inventory {

Result<std::vector<DocumentSummary>> find_documents(Queries& q, const DocumentSearch& f) {
  std::int64_t item_id = 0;
  if (!f.sku.empty()) {
    JXC_ASSIGN(auto st, q.db().prepare("SELECT id FROM items WHERE sku=?1"));
    st->bind_all(f.sku);
    JXC_ASSIGN(bool row, st->step());
    if (!row) return error(Errc::unknown_item, "no item with SKU '" + f.sku + "'");
    item_id = st->int64(0);
  }
  // Newest first down the primary key; the line filter probes each
  // candidate's lines by their key (doc_id, line_no).
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT d.id, d.number, d.type, d.state, d.needs_review, coalesce(o.number,''), d.source, "
                          "d.occurred_at, d.created_at, d.posted_at, "
                          "(SELECT count(*) FROM document_lines WHERE doc_id=d.id) "
                          "FROM documents d LEFT JOIN orders o ON o.id=d.order_id "
                          "WHERE (?1=0 OR d.id<?1) AND (?2='' OR d.type=?2) AND (?3='' OR d.state=?3) "
                          "AND (?4=0 OR d.occurred_at>=?4) AND (?5=0 OR d.occurred_at<?5) "
                          "AND (?6='' OR d.source=?6) "
                          "AND (?7=0 OR EXISTS (SELECT 1 FROM document_lines dl WHERE dl.doc_id=d.id "
                          "AND dl.item_id=?7)) "
                          "ORDER BY d.id DESC LIMIT ?8"));
  st->bind_all(f.before_id, f.type ? std::string(to_string(*f.type)) : std::string(),
               f.state ? std::string(to_string(*f.state)) : std::string(), f.since, f.until, f.source, item_id,
               static_cast<std::int64_t>(f.limit));
  std::vector<DocumentSummary> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    DocumentSummary d;
    d.id = st->int64(0);
    d.number = st->text(1);
    parse_doc_type(st->text(2), &d.type);
    parse_doc_state(st->text(3), &d.state);
    d.needs_review = st->int64(4) != 0;
    d.order = st->text(5);
    d.source = st->text(6);
    d.occurred_at = st->int64(7);
    d.created_at = st->int64(8);
    if (!st->is_null(9)) d.posted_at = st->int64(9);
    d.lines = st->int64(10);
    out.push_back(std::move(d));
  }
  return out;
}

Result<DocumentLinks> document_links(Queries& q, std::int64_t doc_id) {
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT coalesce((SELECT o.number FROM documents d JOIN documents o ON o.id=d.reverses "
                          "WHERE d.id=?1),''), "
                          "coalesce((SELECT number FROM documents WHERE reverses=?1 AND state='posted' "
                          "ORDER BY id LIMIT 1),'')"));
  st->bind_all(doc_id);
  JXC_ASSIGN(bool row, st->step());
  DocumentLinks links;
  if (row) {
    links.reverses = st->text(0);
    links.reversed_by = st->text(1);
  }
  return links;
}

}  // namespace jxc::inventory
