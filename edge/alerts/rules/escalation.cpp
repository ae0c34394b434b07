#include "edge/alerts/rules/escalation.h"

#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {

TimeMs escalation_cutoff(TimeMs now, std::int64_t minutes) { return now - minutes * kMinuteMs; }

bool escalation_due(const Alert& a, TimeMs cutoff) {
  return a.open && !a.acked_at && !a.escalated_at && a.raised_at <= cutoff;
}

Alert escalated(Alert a, TimeMs at) {
  a.escalated_at = at;
  if (a.severity != Severity::critical) a.severity = static_cast<Severity>(static_cast<int>(a.severity) + 1);
  return a;
}

}  // namespace jxc::alerts
