// Replenishment suggestions' rows and the items' replenishment parameters
// (declared in alert_records.h with the alerts they go out beside).
#include "edge/inventory/alert_records.h"

#include <functional>

#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

Result<std::vector<SuggestionRecord>> select_suggestions(store::Db& db, const std::string& where,
                                                         const std::function<void(store::Stmt&)>& bind) {
  JXC_ASSIGN(auto st, db.prepare("SELECT id,item,location,on_hand,expected,reserved,reorder_point,qty,"
                                 "mean_daily,sigma_daily,lead_time_days,state,created_at,decided_by,decided_at "
                                 "FROM replenishment_suggestions " + where));
  bind(*st);
  std::vector<SuggestionRecord> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    SuggestionRecord s;
    s.id = st->int64(0);
    s.item = st->text(1);
    s.location = st->text(2);
    s.on_hand = st->int64(3);
    s.expected = st->int64(4);
    s.reserved = st->int64(5);
    s.reorder_point = st->real(6);
    s.qty = st->int64(7);
    s.mean_daily = st->real(8);
    s.sigma_daily = st->real(9);
    s.lead_time_days = st->int64(10);
    s.state = st->text(11);
    s.open = s.state == "open";
    s.created_at = st->int64(12);
    s.decided_by = st->text(13);
    if (!st->is_null(14)) s.decided_at = st->int64(14);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<SuggestionRecord>> list_suggestions_in(store::Db& db, bool open_only, std::size_t limit) {
  return select_suggestions(db, std::string(open_only ? "WHERE state='open' " : "") + "ORDER BY id DESC LIMIT ?1",
                            [&](store::Stmt& s) { s.bind_all(static_cast<std::int64_t>(limit)); });
}

}  // namespace

Result<bool> insert_suggestion(Tx& tx, SuggestionRecord& s) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO replenishment_suggestions(item,location,on_hand,expected,reserved,"
                           "reorder_point,qty,mean_daily,sigma_daily,lead_time_days,state,created_at) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,'open',?11) ON CONFLICT DO NOTHING"));
  s.created_at = tx.now();
  st->bind_all(s.item, s.location, s.on_hand, s.expected, s.reserved, s.reorder_point, s.qty,
               s.mean_daily, s.sigma_daily, s.lead_time_days, s.created_at);
  JXC_TRY(st->run());
  if (tx.db().changes() == 0) return false;
  s.id = tx.db().last_insert_rowid();
  s.open = true;
  return true;
}

Result<bool> cover_suggestion(Tx& tx, const std::string& item, const std::string& location) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE replenishment_suggestions SET state='covered', covered_at=?3 "
                           "WHERE item=?1 AND location=?2 AND state='open'"));
  st->bind_all(item, location, tx.now());
  JXC_TRY(st->run());
  return tx.db().changes() > 0;
}

Result<std::vector<SuggestionRecord>> list_suggestions(Queries& q, bool open_only, std::size_t limit) {
  return list_suggestions_in(q.db(), open_only, limit);
}
Result<std::vector<SuggestionRecord>> list_suggestions(Tx& tx, bool open_only, std::size_t limit) {
  return list_suggestions_in(tx.db(), open_only, limit);
}

Result<std::vector<SuggestionRecord>> suggestion_page(Queries& q, const std::string& state, std::int64_t before_id,
                                                      std::size_t limit) {
  return select_suggestions(q.db(), "WHERE (?1 = '' OR state = ?1) AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3",
                            [&](store::Stmt& s) { s.bind_all(state, before_id, static_cast<std::int64_t>(limit)); });
}

Result<std::int64_t> open_suggestion_count(Queries& q) {
  return q.db().query_int("SELECT count(*) FROM replenishment_suggestions WHERE state='open'");
}

Result<std::optional<SuggestionRecord>> suggestion_by_id(Tx& tx, std::int64_t id) {
  JXC_ASSIGN(auto rows, select_suggestions(tx.db(), "WHERE id=?1", [&](store::Stmt& s) { s.bind_all(id); }));
  if (rows.empty()) return std::optional<SuggestionRecord>{};
  return std::optional<SuggestionRecord>(std::move(rows.front()));
}

Status mark_suggestion_decided(Tx& tx, std::int64_t id, const std::string& state, const std::string& by) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE replenishment_suggestions SET state=?2, decided_by=?3, decided_at=?4 "
                           "WHERE id=?1 AND state='open'"));
  st->bind_all(id, state, by, tx.now());
  return st->run();
}

Status set_replenishment_parameters(Tx& tx, const std::string& sku, std::optional<std::int64_t> lead_time_days,
                                    std::optional<std::int64_t> pack_multiple) {
  JXC_ASSIGN(auto item, tx.item(sku));
  if (lead_time_days) {
    JXC_ASSIGN(auto* st, tx.db().cached("UPDATE items SET lead_time_days=?2 WHERE id=?1"));
    st->bind_all(item.id, *lead_time_days);
    JXC_TRY(st->run());
  }
  if (pack_multiple) {
    JXC_ASSIGN(auto* st, tx.db().cached("UPDATE items SET pack_multiple=?2 WHERE id=?1"));
    st->bind_all(item.id, *pack_multiple);
    JXC_TRY(st->run());
  }
  tx.master_data_changed();
  return Status::ok();
}

}  // namespace jxc::inventory
