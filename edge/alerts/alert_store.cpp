#include "edge/alerts/alert_store.h"

#include "edge/inventory/outbox.h"

namespace jxc::alerts {
namespace {

constexpr const char* kColumns =
    "id, kind, severity, item, location, lot, subject, qty, threshold, suggested_qty, detail, "
    "state, raised_at, cleared_at, acked_at, acked_by, escalated_at";

Alert read_row(const store::Stmt& s) {
  Alert a;
  a.id = s.int64(0);
  parse_kind(s.text(1), &a.key.kind);
  parse_severity(s.text(2), &a.severity);
  a.key.item = s.text(3);
  a.key.location = s.text(4);
  a.key.lot = s.text(5);
  a.key.subject = s.text(6);
  a.qty = s.int64(7);
  a.threshold = s.int64(8);
  a.suggested_qty = s.int64(9);
  a.detail = s.text(10);
  a.open = s.text(11) == "open";
  a.raised_at = s.int64(12);
  if (!s.is_null(13)) a.cleared_at = s.int64(13);
  if (!s.is_null(14)) a.acked_at = s.int64(14);
  a.acked_by = s.text(15);
  if (!s.is_null(16)) a.escalated_at = s.int64(16);
  return a;
}

Result<std::vector<Alert>> select(store::Db& db, const std::string& where,
                                  const std::function<void(store::Stmt&)>& bind) {
  JXC_ASSIGN(auto st, db.prepare(std::string("SELECT ") + kColumns + " FROM alerts " + where));
  bind(*st);
  std::vector<Alert> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(read_row(*st));
  }
  return out;
}

Status emit(inventory::Tx& tx, const char* type, const Alert& a) {
  JXC_ASSIGN(std::int64_t seq, inventory::append_event(tx, type, tx.now(),
                                                       to_json(a, tx.options().gateway_id)));
  (void)seq;
  return Status::ok();
}

}  // namespace

Result<bool> store_raise(inventory::Tx& tx, Alert& a) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO alerts(kind,severity,item,location,lot,subject,qty,threshold,"
                           "suggested_qty,detail,state,raised_at) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,'open',?11) ON CONFLICT DO NOTHING"));
  st->bind_all(to_string(a.key.kind), to_string(a.severity), a.key.item, a.key.location, a.key.lot,
               a.key.subject, a.qty, a.threshold, a.suggested_qty, a.detail, a.raised_at);
  JXC_TRY(st->run());
  if (tx.db().changes() == 0) return false;
  a.id = tx.db().last_insert_rowid();
  a.open = true;
  JXC_TRY(emit(tx, "alert.raised", a));
  return true;
}

Result<std::optional<Alert>> store_clear(inventory::Tx& tx, const Key& key) {
  JXC_ASSIGN(auto found, select(tx.db(),
                                "WHERE state='open' AND kind=?1 AND item=?2 AND location=?3 AND lot=?4 "
                                "AND subject=?5",
                                [&](store::Stmt& s) {
                                  s.bind_all(to_string(key.kind), key.item, key.location, key.lot,
                                             key.subject);
                                }));
  if (found.empty()) return std::optional<Alert>{};
  Alert a = std::move(found.front());
  JXC_ASSIGN(auto* st, tx.db().cached("UPDATE alerts SET state='cleared', cleared_at=?2 WHERE id=?1"));
  st->bind_all(a.id, tx.now());
  JXC_TRY(st->run());
  a.open = false;
  a.cleared_at = tx.now();
  JXC_TRY(emit(tx, "alert.cleared", a));
  return std::optional<Alert>(std::move(a));
}

Result<Alert> store_ack(inventory::Tx& tx, std::int64_t id, const std::string& by) {
  JXC_ASSIGN(auto found, select(tx.db(), "WHERE id=?1 AND state='open'",
                                [&](store::Stmt& s) { s.bind_all(id); }));
  if (found.empty())
    return error(Errc::unknown_document, "no open alert with id " + std::to_string(id));
  Alert a = std::move(found.front());
  if (a.acked_at) return a;  // acknowledging twice changes nothing
  JXC_ASSIGN(auto* st, tx.db().cached("UPDATE alerts SET acked_at=?2, acked_by=?3 WHERE id=?1"));
  st->bind_all(id, tx.now(), by);
  JXC_TRY(st->run());
  a.acked_at = tx.now();
  a.acked_by = by;
  JXC_TRY(emit(tx, "alert.acknowledged", a));
  return a;
}

Result<std::vector<Alert>> store_escalate(inventory::Tx& tx, TimeMs raised_before) {
  JXC_ASSIGN(auto due, select(tx.db(),
                              "WHERE state='open' AND acked_at IS NULL AND escalated_at IS NULL "
                              "AND raised_at <= ?1 ORDER BY id",
                              [&](store::Stmt& s) { s.bind_all(raised_before); }));
  for (Alert& a : due) {
    JXC_ASSIGN(auto* st, tx.db().cached("UPDATE alerts SET escalated_at=?2 WHERE id=?1"));
    st->bind_all(a.id, tx.now());
    JXC_TRY(st->run());
    a.escalated_at = tx.now();
    if (a.severity != Severity::critical) a.severity = static_cast<Severity>(static_cast<int>(a.severity) + 1);
    JXC_TRY(emit(tx, "alert.escalated", a));
  }
  return due;
}

Status store_delivery(inventory::Tx& tx, std::int64_t alert_id, const std::string& channel,
                      const std::string& event, int attempt, bool ok, const std::string& detail) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO alert_deliveries(alert_id,channel,event,attempt,ok,detail,at) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7)"));
  st->bind_all(alert_id, channel, event, attempt, ok ? 1 : 0, detail, tx.now());
  return st->run();
}

Result<std::vector<Alert>> load_alerts(store::Db& db, const AlertFilter& f) {
  return select(db, std::string(f.open_only ? "WHERE state='open' " : "") + "ORDER BY id DESC LIMIT ?1",
                [&](store::Stmt& s) { s.bind_all(static_cast<std::int64_t>(f.limit)); });
}

Result<std::vector<Delivery>> load_deliveries(store::Db& db, std::size_t limit) {
  JXC_ASSIGN(auto st, db.prepare("SELECT alert_id, channel, event, attempt, ok, detail, at "
                                 "FROM alert_deliveries ORDER BY id DESC LIMIT ?1"));
  st->bind_all(static_cast<std::int64_t>(limit));
  std::vector<Delivery> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back({st->int64(0), st->text(1), st->text(2), static_cast<int>(st->int64(3)),
                   st->int64(4) != 0, st->text(5), st->int64(6)});
  }
  return out;
}

}  // namespace jxc::alerts
