#include "edge/alerts/alert_store.h"

#include "edge/alerts/rules/escalation.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"

namespace jxc::alerts {
namespace {

inventory::AlertRecord to_record(const Alert& a) {
  inventory::AlertRecord r;
  r.id = a.id;
  r.kind = to_string(a.key.kind);
  r.severity = to_string(a.severity);
  r.item = a.key.item;
  r.location = a.key.location;
  r.lot = a.key.lot;
  r.subject = a.key.subject;
  r.qty = a.qty;
  r.threshold = a.threshold;
  r.suggested_qty = a.suggested_qty;
  r.detail = a.detail;
  r.open = a.open;
  r.raised_at = a.raised_at;
  r.cleared_at = a.cleared_at;
  r.acked_at = a.acked_at;
  r.escalated_at = a.escalated_at;
  r.acked_by = a.acked_by;
  return r;
}

Alert from_record(inventory::AlertRecord r) {
  Alert a;
  a.id = r.id;
  parse_kind(r.kind, &a.key.kind);
  parse_severity(r.severity, &a.severity);
  a.key.item = std::move(r.item);
  a.key.location = std::move(r.location);
  a.key.lot = std::move(r.lot);
  a.key.subject = std::move(r.subject);
  a.qty = r.qty;
  a.threshold = r.threshold;
  a.suggested_qty = r.suggested_qty;
  a.detail = std::move(r.detail);
  a.open = r.open;
  a.raised_at = r.raised_at;
  a.cleared_at = r.cleared_at;
  a.acked_at = r.acked_at;
  a.escalated_at = r.escalated_at;
  a.acked_by = std::move(r.acked_by);
  return a;
}

std::vector<Alert> from_records(std::vector<inventory::AlertRecord> rs) {
  std::vector<Alert> out;
  out.reserve(rs.size());
  for (auto& r : rs) out.push_back(from_record(std::move(r)));
  return out;
}

Status emit(inventory::Tx& tx, const char* type, const Alert& a) {
  JXC_ASSIGN(std::int64_t seq, inventory::Outbox::append(tx, type, tx.now(),
                                                       to_json(a, tx.options().gateway_id)));
  (void)seq;
  return Status::ok();
}

}  // namespace

Result<bool> store_raise(inventory::Tx& tx, Alert& a) {
  inventory::AlertRecord r = to_record(a);
  JXC_ASSIGN(bool opened, inventory::insert_alert(tx, r));
  if (!opened) return false;
  a.id = r.id;
  a.open = true;
  JXC_TRY(emit(tx, "alert.raised", a));
  return true;
}

Result<std::optional<Alert>> store_clear(inventory::Tx& tx, const Key& key) {
  JXC_ASSIGN(auto found, inventory::open_alert(
                             tx, inventory::AlertKeyFields{std::string(to_string(key.kind)), key.item,
                                                           key.location, key.lot, key.subject}));
  if (!found) return std::optional<Alert>{};
  Alert a = from_record(std::move(*found));
  JXC_TRY(inventory::mark_alert_cleared(tx, a.id));
  a.open = false;
  a.cleared_at = tx.now();
  JXC_TRY(emit(tx, "alert.cleared", a));
  return std::optional<Alert>(std::move(a));
}

Result<Alert> store_ack(inventory::Tx& tx, std::int64_t id, const std::string& by) {
  JXC_ASSIGN(auto found, inventory::open_alert(tx, id));
  if (!found) return error(Errc::unknown_document, "no open alert with id " + std::to_string(id));
  Alert a = from_record(std::move(*found));
  if (a.acked_at) return a;  // acknowledging twice changes nothing
  JXC_TRY(inventory::mark_alert_acked(tx, id, by));
  a.acked_at = tx.now();
  a.acked_by = by;
  JXC_TRY(emit(tx, "alert.acknowledged", a));
  return a;
}

Result<Alert> store_acknowledge(inventory::Tx& tx, std::int64_t id, const std::string& by) {
  JXC_ASSIGN(Alert a, store_ack(tx, id, by));
  // One-off findings, not lasting conditions: acknowledged is done with.
  if (a.key.kind != Kind::count_variance && a.key.kind != Kind::login_locked) return a;
  JXC_ASSIGN(auto cleared, store_clear(tx, a.key));
  return cleared ? std::move(*cleared) : a;
}

Result<std::vector<Alert>> store_escalate(inventory::Tx& tx, TimeMs raised_before) {
  JXC_ASSIGN(auto rows, inventory::alerts_due_escalation(tx, raised_before));
  std::vector<Alert> out;
  for (Alert& a : from_records(std::move(rows))) {
    if (!escalation_due(a, raised_before)) continue;
    JXC_TRY(inventory::mark_alert_escalated(tx, a.id));
    out.push_back(escalated(std::move(a), tx.now()));
    JXC_TRY(emit(tx, "alert.escalated", out.back()));
  }
  return out;
}

Status store_delivery(inventory::Tx& tx, std::int64_t alert_id, const std::string& channel,
                      const std::string& event, int attempt, bool ok, const std::string& detail) {
  return inventory::insert_delivery(tx, {alert_id, channel, event, attempt, ok, detail, 0});
}

Change raise_change(Alert a) {
  Change c;
  c.alert = std::move(a);
  return c;
}

Change clear_change(Key key) {
  Change c;
  c.type = Change::clear;
  c.alert.key = std::move(key);
  return c;
}

Result<std::vector<Note>> store_changes(inventory::Tx& tx, std::vector<Change>& changes) {
  std::vector<Note> notes;
  for (Change& c : changes) {
    switch (c.type) {
      case Change::raise: {
        JXC_ASSIGN(bool opened, store_raise(tx, c.alert));
        if (opened) notes.emplace_back(c.alert, "raised");
        break;
      }
      case Change::clear: {
        JXC_ASSIGN(auto cleared, store_clear(tx, c.alert.key));
        if (cleared) notes.emplace_back(std::move(*cleared), "cleared");
        break;
      }
      case Change::suggest: {
        JXC_ASSIGN(bool made, store_suggest(tx, c.suggestion));
        (void)made;
        break;
      }
      case Change::cover: {
        JXC_ASSIGN(bool covered, store_cover(tx, c.suggestion.item, c.suggestion.location));
        (void)covered;
        break;
      }
    }
  }
  return notes;
}

Result<std::vector<Alert>> load_alerts(inventory::Queries& q, const AlertFilter& f) {
  JXC_ASSIGN(auto rows, inventory::list_alerts(q, f.open_only, f.limit));
  return from_records(std::move(rows));
}

Result<std::vector<Alert>> load_alerts(inventory::Tx& tx, const AlertFilter& f) {
  JXC_ASSIGN(auto rows, inventory::list_alerts(tx, f.open_only, f.limit));
  return from_records(std::move(rows));
}

Result<std::vector<Alert>> load_alert_page(inventory::Queries& q, const inventory::AlertPageFilter& f) {
  JXC_ASSIGN(auto rows, inventory::alert_page(q, f));
  return from_records(std::move(rows));
}

Result<std::optional<Alert>> load_alert(inventory::Queries& q, std::int64_t id) {
  JXC_ASSIGN(auto row, inventory::alert_by_id(q, id));
  if (!row) return std::optional<Alert>{};
  return std::optional<Alert>(from_record(std::move(*row)));
}

Result<std::vector<Delivery>> load_deliveries(inventory::Queries& q, std::size_t limit) {
  return inventory::list_deliveries(q, limit);
}

}  // namespace jxc::alerts
