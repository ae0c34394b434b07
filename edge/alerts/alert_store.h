#pragma once
// Alert state in the store, through the rows of edge/inventory/alert_records.h.
// Writes run on the engine's writer (inside a Tx) and put `alert.*` events in
// the outbox in the same transaction, so the central system hears of exactly
// the alerts the store holds. Reads take a read-only connection (Queries), or
// the writer's Tx where what is read must be in step with the commits.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "edge/alerts/alert.h"
#include "edge/alerts/suggestion_store.h"
#include "edge/common/status.h"
#include "edge/inventory/alert_records.h"

namespace jxc::inventory {
class Tx;
class Queries;
}  // namespace jxc::inventory

namespace jxc::alerts {

/// Opens an alert unless one is already open for the key; fills a.id. Returns
/// false when one was already open (nothing written).
Result<bool> store_raise(inventory::Tx& tx, Alert& a);
/// Clears the open alert for the key, if any; returns it as cleared.
Result<std::optional<Alert>> store_clear(inventory::Tx& tx, const Key& key);
/// Acknowledges an open alert. Errc::unknown_document when no such open alert.
Result<Alert> store_ack(inventory::Tx& tx, std::int64_t id, const std::string& by);
/// A person's acknowledgement as every entry point gives it (CLI, the
/// central system's ack-alert command): store_ack, and a count variance or a
/// login lock-out, one-off findings rather than lasting conditions, are
/// cleared by it.
Result<Alert> store_acknowledge(inventory::Tx& tx, std::int64_t id, const std::string& by);
/// Marks open unacknowledged alerts raised before `raised_before` as
/// escalated (once) and returns them.
Result<std::vector<Alert>> store_escalate(inventory::Tx& tx, TimeMs raised_before);
/// Appends one attempt to the delivery log.
Status store_delivery(inventory::Tx& tx, std::int64_t alert_id, const std::string& channel,
                      const std::string& event, int attempt, bool ok, const std::string& detail);

/// One change the rules decided, to be written in one unit of work.
struct Change {
  enum Type { raise, clear, suggest, cover } type = raise;
  Alert alert;            // raise: the alert; clear: its key
  Suggestion suggestion;  // suggest: the suggestion; cover: its item and location
};
Change raise_change(Alert a);
Change clear_change(Key key);

/// What a change did, for the sink: the alert and "raised" or "cleared".
using Note = std::pair<Alert, std::string>;
/// Writes the changes in order; a raise or clear that changed nothing (already
/// open, not open) adds no note.
Result<std::vector<Note>> store_changes(inventory::Tx& tx, std::vector<Change>& changes);

struct AlertFilter {
  bool open_only = true;
  std::size_t limit = 1000;
};
Result<std::vector<Alert>> load_alerts(inventory::Queries& q, const AlertFilter& f);
Result<std::vector<Alert>> load_alerts(inventory::Tx& tx, const AlertFilter& f);
/// One page of alerts (state, kind, severity, newest first below an id).
Result<std::vector<Alert>> load_alert_page(inventory::Queries& q, const inventory::AlertPageFilter& f);
/// The alert with this id, open or not; nullopt when there is none.
Result<std::optional<Alert>> load_alert(inventory::Queries& q, std::int64_t id);

using Delivery = inventory::DeliveryRecord;
Result<std::vector<Delivery>> load_deliveries(inventory::Queries& q, std::size_t limit);

}  // namespace jxc::alerts
