#pragma once
// Too many events the central system has not acknowledged, or the oldest of
// them too old: one sync_backlog alert (subject "outbox") while it lasts.

#include "edge/alerts/rules/reconcile.h"
#include "edge/inventory/alert_records.h"

namespace jxc::alerts {

Conditions sync_backlog_conditions(const inventory::OutboxBacklog& backlog, TimeMs now, std::int64_t max_events,
                                   std::int64_t max_minutes);

}  // namespace jxc::alerts
