#include "edge/inventory/count_summaries.h"

#include "edge/inventory/count_state.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

class Snapshot {
 public:
  explicit Snapshot(store::Db& db) : db_(db) { ok_ = db_.exec("BEGIN").is_ok(); }
  ~Snapshot() {
    db_.reset_cached();
    if (ok_) (void)db_.exec("COMMIT");
  }

 private:
  store::Db& db_;
  bool ok_ = false;
};

Result<std::vector<std::string>> texts(store::Db& db, const char* sql, std::int64_t doc_id) {
  JXC_ASSIGN(auto* st, db.cached(sql));
  st->bind_all(doc_id);
  std::vector<std::string> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(st->text(0));
  }
  return out;
}

Result<CountSummary> summary_of(store::Db& db, std::int64_t doc_id) {
  JXC_ASSIGN(auto* st, db.cached(
                           "SELECT d.number, d.state, c.blind, c.tolerance_qty, c.opened_by, d.created_at, "
                           "coalesce(c.submitted_by,''), c.submitted_at, coalesce(c.approved_by,''), d.posted_at, "
                           "(SELECT count(DISTINCT location_id) FROM count_rounds r WHERE r.doc_id=d.id) "
                           "FROM documents d JOIN count_sessions c ON c.doc_id=d.id WHERE d.id=?1"));
  st->bind_all(doc_id);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_document, "no count with id " + std::to_string(doc_id));
  CountSummary s;
  s.id = doc_id;
  s.number = st->text(0);
  DocState state = DocState::confirmed;
  parse_doc_state(st->text(1), &state);
  s.blind = st->int64(2) != 0;
  s.tolerance = st->int64(3);
  s.opened_by = st->text(4);
  s.opened_at = st->int64(5);
  s.submitted_by = st->text(6);
  if (!st->is_null(7)) s.submitted_at = st->int64(7);
  s.approved_by = st->text(8);
  if (!st->is_null(9)) s.approved_at = st->int64(9);
  s.bins_counted = st->int64(10);
  st->reset();
  s.phase = state == DocState::posted      ? CountPhase::approved
            : state == DocState::cancelled ? CountPhase::cancelled
            : s.submitted_by.empty()       ? CountPhase::counting
                                           : CountPhase::submitted;
  JXC_ASSIGN(s.bins, texts(db,
                           "SELECT l.code FROM count_scope s JOIN locations l ON l.id=s.location_id "
                           "WHERE s.doc_id=?1 ORDER BY l.code",
                           doc_id));
  JXC_ASSIGN(s.items, texts(db,
                            "SELECT i.sku FROM count_items c JOIN items i ON i.id=c.item_id "
                            "WHERE c.doc_id=?1 ORDER BY i.sku",
                            doc_id));
  JXC_ASSIGN(s.counters, count_counters(db, doc_id));
  JXC_ASSIGN(auto* rq, db.cached(
                           "SELECT count(*) FROM count_recounts q WHERE q.doc_id=?1 AND q.after_round="
                           "(SELECT max(round) FROM count_rounds r WHERE r.doc_id=q.doc_id AND "
                           "r.location_id=q.location_id)"));
  rq->bind_all(doc_id);
  JXC_ASSIGN(bool counted, rq->step());
  if (counted) s.recounts_requested = rq->int64(0);
  rq->reset();
  return s;
}

}  // namespace

std::string_view to_string(CountPhase p) {
  switch (p) {
    case CountPhase::counting: return "counting";
    case CountPhase::submitted: return "submitted";
    case CountPhase::approved: return "approved";
    case CountPhase::cancelled: return "cancelled";
  }
  return "counting";
}

bool parse_count_phase(std::string_view s, CountPhase* out) {
  for (CountPhase p : {CountPhase::counting, CountPhase::submitted, CountPhase::approved, CountPhase::cancelled})
    if (s == to_string(p)) {
      *out = p;
      return true;
    }
  return false;
}

Result<CountSummary> count_summary(Queries& q, const std::string& number) {
  Snapshot snap(q.db());
  JXC_ASSIGN(auto s, find_count(q.db(), number));
  return summary_of(q.db(), s.doc_id);
}

Result<std::vector<CountSummary>> count_summaries(Queries& q, const CountFilter& f) {
  Snapshot snap(q.db());
  // The phase is worked out as summary_of() does, so that the filter and the
  // rows agree.
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT d.id FROM documents d JOIN count_sessions c ON c.doc_id=d.id "
                          "WHERE d.type='count' AND (?1 = 0 OR d.id < ?1) AND (?2 = '' OR ?2 = "
                          "CASE WHEN d.state='posted' THEN 'approved' WHEN d.state='cancelled' THEN 'cancelled' "
                          "WHEN c.submitted_by IS NULL THEN 'counting' ELSE 'submitted' END) "
                          "ORDER BY d.id DESC LIMIT ?3"));
  st->bind_all(f.before_id, f.phase ? std::string(to_string(*f.phase)) : std::string(),
               static_cast<std::int64_t>(f.limit));
  std::vector<std::int64_t> ids;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    ids.push_back(st->int64(0));
  }
  std::vector<CountSummary> out;
  for (std::int64_t id : ids) {
    JXC_ASSIGN(auto s, summary_of(q.db(), id));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace jxc::inventory
