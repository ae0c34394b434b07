#include "edge/alerts/rules/sync_backlog.h"

#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {

Conditions sync_backlog_conditions(const inventory::OutboxBacklog& backlog, TimeMs now, std::int64_t max_events,
                                   std::int64_t max_minutes) {
  const std::int64_t pending = backlog.pending;
  const std::int64_t age_min = pending > 0 && backlog.oldest_at ? (now - *backlog.oldest_at) / kMinuteMs : 0;
  Conditions out;
  if (pending > max_events || age_min > max_minutes) {
    Alert a = make_alert({Kind::sync_backlog, "", "", "", "outbox"}, pending, max_events,
                         std::to_string(pending) + " events not acknowledged by the central system, oldest " +
                             std::to_string(age_min) + " minutes old (limits " + std::to_string(max_events) +
                             " events, " + std::to_string(max_minutes) + " minutes)",
                         now);
    a.facts.minutes = age_min;
    a.facts.limit = max_minutes;
    out.emplace(a.key.text(), std::move(a));
  }
  return out;
}

}  // namespace jxc::alerts
