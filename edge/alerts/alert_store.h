#pragma once
// Alert state in the store. Writes run on the engine's writer (inside a Tx)
// and put `alert.*` events in the outbox in the same transaction, so the
// central system hears of exactly the alerts the store holds. Reads take any
// read-only connection (Queries::db()).

#include <vector>

#include "edge/alerts/alert.h"
#include "edge/common/status.h"
#include "edge/inventory/tx.h"

namespace jxc::alerts {

/// Opens an alert unless one is already open for the key; fills a.id. Returns
/// false when one was already open (nothing written).
Result<bool> store_raise(inventory::Tx& tx, Alert& a);
/// Clears the open alert for the key, if any; returns it as cleared.
Result<std::optional<Alert>> store_clear(inventory::Tx& tx, const Key& key);
/// Acknowledges an open alert. Errc::unknown_document when no such open alert.
Result<Alert> store_ack(inventory::Tx& tx, std::int64_t id, const std::string& by);
/// Marks open unacknowledged alerts raised before `raised_before` as
/// escalated (once) and returns them.
Result<std::vector<Alert>> store_escalate(inventory::Tx& tx, TimeMs raised_before);
/// Appends one attempt to the delivery log.
Status store_delivery(inventory::Tx& tx, std::int64_t alert_id, const std::string& channel,
                      const std::string& event, int attempt, bool ok, const std::string& detail);

struct AlertFilter {
  bool open_only = true;
  std::size_t limit = 1000;
};
Result<std::vector<Alert>> load_alerts(store::Db& db, const AlertFilter& f);

struct Delivery {
  std::int64_t alert_id = 0;
  std::string channel, event;
  int attempt = 0;
  bool ok = false;
  std::string detail;
  TimeMs at = 0;
};
Result<std::vector<Delivery>> load_deliveries(store::Db& db, std::size_t limit);

}  // namespace jxc::alerts
