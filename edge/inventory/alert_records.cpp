#include "edge/inventory/alert_records.h"

#include <functional>

#include "edge/inventory/outbox.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

// ---- alerts ----

constexpr const char* kAlertColumns =
    "id, kind, severity, item, location, lot, subject, qty, threshold, suggested_qty, detail, "
    "state, raised_at, cleared_at, acked_at, acked_by, escalated_at";

AlertRecord alert_row(const store::Stmt& s) {
  AlertRecord a;
  a.id = s.int64(0);
  a.kind = s.text(1);
  a.severity = s.text(2);
  a.item = s.text(3);
  a.location = s.text(4);
  a.lot = s.text(5);
  a.subject = s.text(6);
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

Result<std::vector<AlertRecord>> select_alerts(store::Db& db, const std::string& where,
                                               const std::function<void(store::Stmt&)>& bind) {
  JXC_ASSIGN(auto st, db.prepare(std::string("SELECT ") + kAlertColumns + " FROM alerts " + where));
  bind(*st);
  std::vector<AlertRecord> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(alert_row(*st));
  }
  return out;
}

Result<std::optional<AlertRecord>> first_of(Result<std::vector<AlertRecord>> r) {
  if (!r) return r.status();
  if (r->empty()) return std::optional<AlertRecord>{};
  return std::optional<AlertRecord>(std::move(r->front()));
}

Result<std::vector<AlertRecord>> list_alerts_in(store::Db& db, bool open_only, std::size_t limit) {
  return select_alerts(db, std::string(open_only ? "WHERE state='open' " : "") + "ORDER BY id DESC LIMIT ?1",
                       [&](store::Stmt& s) { s.bind_all(static_cast<std::int64_t>(limit)); });
}

// "WHERE ..." for a page of alerts: ?1 state, ?2 kind, ?3 severity.
constexpr const char* kAlertPageWhere =
    "WHERE (?1 = '' OR (?1 = 'open' AND state = 'open' AND acked_at IS NULL) "
    "OR (?1 = 'acknowledged' AND state = 'open' AND acked_at IS NOT NULL) "
    "OR (?1 = 'cleared' AND state = 'cleared')) AND (?2 = '' OR kind = ?2) AND (?3 = '' OR severity = ?3) ";

// ---- open orders ----

constexpr const char* kOpenOrderQty =
    "SELECT l.item_id, o.kind, sum(max(l.qty - l.done, 0)) FROM order_lines l "
    "JOIN orders o ON o.id = l.order_id WHERE o.state = 'open'";

// Rows come ordered by item, one per item and order kind.
Status read_order_qty(store::Stmt& st, std::vector<OpenOrderQty>& out) {
  for (;;) {
    JXC_ASSIGN(bool row, st.step());
    if (!row) break;
    const std::int64_t item = st.int64(0);
    if (out.empty() || out.back().item_id != item) out.push_back({item, 0, 0});
    (st.text(1) == "pick_list" ? out.back().reserved : out.back().expected) = st.int64(2);
  }
  return Status::ok();
}

Result<std::vector<OpenOrderQty>> open_order_quantities_in(store::Db& db) {
  JXC_ASSIGN(auto st, db.prepare(std::string(kOpenOrderQty) + " GROUP BY 1, 2 ORDER BY 1"));
  std::vector<OpenOrderQty> out;
  JXC_TRY(read_order_qty(*st, out));
  return out;
}

/// When stock of item p.item_id at p.location_id last moved for the slow-moving
/// rule: its last issue to the customer (?2) from there, or, never issued, when
/// it first arrived. One definition for the full search and the recheck.
constexpr const char* kLastIssueOfP =
    "coalesce("
    "(SELECT max(m.recorded_at) FROM movements m WHERE m.item_id = p.item_id "
    "   AND m.from_location = p.location_id AND m.to_location = ?2),"
    "(SELECT min(m.recorded_at) FROM movements m WHERE m.item_id = p.item_id "
    "   AND m.to_location = p.location_id))";

}  // namespace

// ---- alerts ----

Result<bool> insert_alert(Tx& tx, AlertRecord& r) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO alerts(kind,severity,item,location,lot,subject,qty,threshold,"
                           "suggested_qty,detail,state,raised_at) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,'open',?11) ON CONFLICT DO NOTHING"));
  st->bind_all(r.kind, r.severity, r.item, r.location, r.lot, r.subject, r.qty, r.threshold,
               r.suggested_qty, r.detail, r.raised_at);
  JXC_TRY(st->run());
  if (tx.db().changes() == 0) return false;
  r.id = tx.db().last_insert_rowid();
  r.open = true;
  return true;
}

Result<std::optional<AlertRecord>> open_alert(Tx& tx, const AlertKeyFields& key) {
  return first_of(select_alerts(tx.db(),
                                "WHERE state='open' AND kind=?1 AND item=?2 AND location=?3 AND lot=?4 "
                                "AND subject=?5",
                                [&](store::Stmt& s) {
                                  s.bind_all(key.kind, key.item, key.location, key.lot, key.subject);
                                }));
}

Result<std::optional<AlertRecord>> open_alert(Tx& tx, std::int64_t id) {
  return first_of(
      select_alerts(tx.db(), "WHERE id=?1 AND state='open'", [&](store::Stmt& s) { s.bind_all(id); }));
}

Status mark_alert_cleared(Tx& tx, std::int64_t id) {
  JXC_ASSIGN(auto* st, tx.db().cached("UPDATE alerts SET state='cleared', cleared_at=?2 WHERE id=?1"));
  st->bind_all(id, tx.now());
  return st->run();
}

Status mark_alert_acked(Tx& tx, std::int64_t id, const std::string& by) {
  JXC_ASSIGN(auto* st, tx.db().cached("UPDATE alerts SET acked_at=?2, acked_by=?3 WHERE id=?1"));
  st->bind_all(id, tx.now(), by);
  return st->run();
}

Result<std::vector<AlertRecord>> alerts_due_escalation(Tx& tx, TimeMs raised_before) {
  return select_alerts(tx.db(),
                       "WHERE state='open' AND acked_at IS NULL AND escalated_at IS NULL "
                       "AND raised_at <= ?1 ORDER BY id",
                       [&](store::Stmt& s) { s.bind_all(raised_before); });
}

Status mark_alert_escalated(Tx& tx, std::int64_t id) {
  JXC_ASSIGN(auto* st, tx.db().cached("UPDATE alerts SET escalated_at=?2 WHERE id=?1"));
  st->bind_all(id, tx.now());
  return st->run();
}

Result<std::vector<AlertRecord>> list_alerts(Queries& q, bool open_only, std::size_t limit) {
  return list_alerts_in(q.db(), open_only, limit);
}
Result<std::optional<AlertRecord>> alert_by_id(Queries& q, std::int64_t id) {
  return first_of(select_alerts(q.db(), "WHERE id=?1", [&](store::Stmt& s) { s.bind_all(id); }));
}
Result<std::vector<AlertRecord>> list_alerts(Tx& tx, bool open_only, std::size_t limit) {
  return list_alerts_in(tx.db(), open_only, limit);
}

Result<std::vector<AlertRecord>> alert_page(Queries& q, const AlertPageFilter& f) {
  return select_alerts(q.db(), std::string(kAlertPageWhere) + "AND (?4 = 0 OR id < ?4) ORDER BY id DESC LIMIT ?5",
                       [&](store::Stmt& s) {
                         s.bind_all(f.state, f.kind, f.severity, f.before_id, static_cast<std::int64_t>(f.limit));
                       });
}

Result<std::int64_t> alert_count(Queries& q, const AlertPageFilter& f) {
  JXC_ASSIGN(auto st, q.db().prepare(std::string("SELECT count(*) FROM alerts ") + kAlertPageWhere));
  st->bind_all(f.state, f.kind, f.severity);
  JXC_ASSIGN(bool row, st->step());
  return row ? st->int64(0) : 0;
}

Result<bool> count_variance_alerted(Queries& q, const std::string& count_number) {
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT count(*) FROM alerts WHERE kind = 'count_variance' AND subject = ?1"));
  st->bind_all(count_number);
  JXC_ASSIGN(bool row, st->step());
  return row && st->int64(0) > 0;
}

// ---- the delivery log ----

Status insert_delivery(Tx& tx, const DeliveryRecord& d) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO alert_deliveries(alert_id,channel,event,attempt,ok,detail,at) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7)"));
  st->bind_all(d.alert_id, d.channel, d.event, d.attempt, d.ok ? 1 : 0, d.detail, tx.now());
  return st->run();
}

Result<std::vector<DeliveryRecord>> list_deliveries(Queries& q, std::size_t limit) {
  JXC_ASSIGN(auto st, q.db().prepare("SELECT alert_id, channel, event, attempt, ok, detail, at "
                                     "FROM alert_deliveries ORDER BY id DESC LIMIT ?1"));
  st->bind_all(static_cast<std::int64_t>(limit));
  std::vector<DeliveryRecord> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back({st->int64(0), st->text(1), st->text(2), static_cast<int>(st->int64(3)),
                   st->int64(4) != 0, st->text(5), st->int64(6)});
  }
  return out;
}

// ---- what the alert index is built from ----

Result<AlertIndexRows> alert_index_rows(Tx& tx) {
  store::Db& db = tx.db();
  AlertIndexRows out;
  {
    JXC_ASSIGN(auto st, db.prepare("SELECT id, coalesce(parent_id,0), kind, code, quarantine FROM locations"));
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      out.locations.push_back({st->int64(0), st->int64(1), st->text(2), st->text(3), st->int64(4) != 0});
    }
  }
  {
    JXC_ASSIGN(auto st, db.prepare("SELECT id, sku, lead_time_days, pack_multiple FROM items "
                                   "WHERE id IN (SELECT item_id FROM thresholds)"));
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      IndexItem it;
      it.id = st->int64(0);
      it.sku = st->text(1);
      if (!st->is_null(2)) it.lead_time_days = st->int64(2);
      it.pack_multiple = st->int64(3);
      out.items.push_back(std::move(it));
    }
  }
  {
    JXC_ASSIGN(auto st, db.prepare(
                            "SELECT item_id, location_id, min_qty, max_qty, reorder_qty FROM thresholds"));
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      out.thresholds.push_back({st->int64(0), st->int64(1), st->int64(2), st->int64(3), st->int64(4)});
    }
  }
  {
    JXC_ASSIGN(auto st, db.prepare("SELECT item_id, location_id, sum(qty) FROM balances "
                                   "WHERE item_id IN (SELECT item_id FROM thresholds) GROUP BY 1, 2"));
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      out.balances.push_back({st->int64(0), st->int64(1), st->int64(2)});
    }
  }
  return out;
}

Result<std::vector<OpenOrderQty>> open_order_quantities(Tx& tx) { return open_order_quantities_in(tx.db()); }
Result<std::vector<OpenOrderQty>> open_order_quantities(Queries& q) { return open_order_quantities_in(q.db()); }

Result<std::vector<OpenOrderQty>> open_order_quantities(Queries& q, const std::vector<std::int64_t>& items) {
  JXC_ASSIGN(auto st, q.db().prepare(std::string(kOpenOrderQty) + " AND l.item_id = ?1 GROUP BY 1, 2 ORDER BY 1"));
  std::vector<OpenOrderQty> out;
  for (std::int64_t item : items) {
    st->reset();
    st->bind(1, item);
    const std::size_t before = out.size();
    JXC_TRY(read_order_qty(*st, out));
    if (out.size() == before) out.push_back({item, 0, 0});
  }
  return out;
}

Result<std::string> master_data_changes(Queries& q) {
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT coalesce((SELECT value FROM meta WHERE key='master_data_changes'),'')"));
  JXC_ASSIGN(bool row, st->step());
  if (!row) return std::string();
  return st->text(0);
}

// ---- what the time-based rules read ----

Result<std::vector<DailyIssue>> daily_issues(Queries& q, std::int64_t customer_location_id, TimeMs from,
                                             TimeMs to) {
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT item_id, (recorded_at - ?1) / 86400000, sum(qty) FROM movements "
                          "WHERE to_location = ?3 AND recorded_at >= ?1 AND recorded_at < ?2 "
                          "GROUP BY 1, 2"));
  st->bind_all(from, to, customer_location_id);
  std::vector<DailyIssue> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back({st->int64(0), st->int64(1), st->int64(2)});
  }
  return out;
}

// Expiry and slow-moving stock include quarantine bins: held goods still
// expire and still tie up value, whatever is decided about them.
Result<std::vector<LotOnHand>> lots_expiring_by(Queries& q, const std::string& horizon) {
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT i.sku, l.code, b.lot, b.qty, t.expiry FROM balances b "
                          "JOIN lots t ON t.item_id = b.item_id AND t.lot = b.lot "
                          "JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id "
                          "WHERE b.qty > 0 AND l.kind <> 'virtual' AND t.expiry IS NOT NULL "
                          "AND t.expiry <= ?1"));
  st->bind_all(horizon);
  std::vector<LotOnHand> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back({st->text(0), st->text(1), st->text(2), st->int64(3), st->text(4)});
  }
  return out;
}

Result<std::vector<IdleStock>> idle_stock_before(Queries& q, std::int64_t customer_location_id,
                                                 TimeMs cutoff) {
  JXC_ASSIGN(auto st, q.db().prepare(
                          std::string("SELECT i.sku, l.code, b.q, b.last FROM ("
                                      "  SELECT p.item_id, p.location_id, p.q, ") +
                          kLastIssueOfP +
                          " AS last "
                          "  FROM (SELECT item_id, location_id, sum(qty) AS q FROM balances "
                          "        GROUP BY 1, 2 HAVING q > 0) p) b "
                          "JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id "
                          "WHERE l.kind <> 'virtual' AND b.last < ?1"));
  st->bind_all(cutoff, customer_location_id);
  std::vector<IdleStock> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back({st->text(0), st->text(1), st->int64(2), st->int64(3)});
  }
  return out;
}

Result<std::vector<IdleStock>> idle_stock_of(Queries& q, std::int64_t customer_location_id,
                                             const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<IdleStock> out;
  if (pairs.empty()) return out;
  JXC_ASSIGN(auto st, q.db().prepare(
                          std::string("SELECT p.q, ") + kLastIssueOfP +
                          " FROM (SELECT i.id AS item_id, l.id AS location_id, "
                          "        (SELECT coalesce(sum(b.qty), 0) FROM balances b "
                          "          WHERE b.item_id = i.id AND b.location_id = l.id) AS q "
                          "      FROM items i JOIN locations l ON l.code = ?3 WHERE i.sku = ?1) p"));
  for (const auto& [sku, code] : pairs) {
    st->reset();
    st->bind_all(sku, customer_location_id, code);
    JXC_ASSIGN(bool row, st->step());
    if (!row) continue;
    IdleStock s{sku, code, st->int64(0), std::nullopt};
    if (!st->is_null(1)) s.last_moved = st->int64(1);
    out.push_back(std::move(s));
  }
  return out;
}

Result<OutboxBacklog> outbox_backlog(Queries& q) {
  JXC_ASSIGN(auto stats, Outbox::stats(q));
  OutboxBacklog out;
  out.pending = stats.last_seq - stats.acked_up_to;
  if (out.pending <= 0) return out;
  JXC_ASSIGN(auto st, q.db().prepare("SELECT min(recorded_at) FROM outbox WHERE seq > ?1"));
  st->bind_all(stats.acked_up_to);
  JXC_ASSIGN(bool row, st->step());
  if (row && !st->is_null(0)) out.oldest_at = st->int64(0);
  return out;
}

Result<std::vector<PostedCount>> posted_counts_after(Queries& q, std::int64_t after_id) {
  JXC_ASSIGN(auto st, q.db().prepare(
                          "SELECT d.id, d.number FROM documents d JOIN count_sessions c ON c.doc_id = d.id "
                          "WHERE d.state = 'posted' AND d.id > ?1 ORDER BY d.id"));
  st->bind_all(after_id);
  std::vector<PostedCount> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back({st->int64(0), st->text(1)});
  }
  return out;
}

}  // namespace jxc::inventory
