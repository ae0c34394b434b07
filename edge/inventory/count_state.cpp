#include "edge/inventory/count_state.h"

#include "edge/store/sqlite.h"

namespace jxc::inventory {

Result<CountState> find_count(store::Db& db, const std::string& number) {
  JXC_ASSIGN(auto* st, db.cached(
                           "SELECT d.id, d.state, d.type, c.ledger_mark, c.tolerance_qty, c.blind, "
                           "coalesce(c.submitted_by,'') FROM documents d "
                           "LEFT JOIN count_sessions c ON c.doc_id=d.id WHERE d.number=?1"));
  st->bind_all(number);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_document, "no count '" + number + "'").with("key", number);
  if (st->text(2) != "count") return error(Errc::invalid_argument, number + " is not a stock count");
  CountState s;
  s.doc_id = st->int64(0);
  parse_doc_state(st->text(1), &s.state);
  s.ledger_mark = st->int64(3);
  s.tolerance = st->int64(4);
  s.blind = st->int64(5) != 0;
  s.submitted_by = st->text(6);
  st->reset();
  return s;
}

Status require_counting(const CountState& s, const std::string& number) {
  if (s.state != DocState::confirmed)
    return error(Errc::invalid_state, "count " + number + " is " + std::string(to_string(s.state)) +
                                          " and takes no more counting");
  if (s.submitted())
    return error(Errc::invalid_state, "count " + number + " was submitted by " + s.submitted_by +
                                          "; reopen it to count more");
  return Status::ok();
}

Result<std::vector<std::string>> count_counters(store::Db& db, std::int64_t doc_id) {
  JXC_ASSIGN(auto* st, db.cached(
                           "SELECT counter FROM count_rounds WHERE doc_id=?1 "
                           "UNION SELECT counter FROM count_counters WHERE doc_id=?1 ORDER BY 1"));
  st->bind_all(doc_id);
  std::vector<std::string> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(st->text(0));
  }
  return out;
}

Result<bool> count_covers_item(store::Db& db, std::int64_t doc_id, std::int64_t item_id) {
  JXC_ASSIGN(auto* st, db.cached(
                           "SELECT NOT EXISTS (SELECT 1 FROM count_items WHERE doc_id=?1) "
                           "OR EXISTS (SELECT 1 FROM count_items WHERE doc_id=?1 AND item_id=?2)"));
  st->bind_all(doc_id, item_id);
  JXC_ASSIGN(bool row, st->step());
  bool covered = row && st->int64(0) != 0;
  st->reset();
  return covered;
}

}  // namespace jxc::inventory
