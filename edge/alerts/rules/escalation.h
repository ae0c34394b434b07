#pragma once
// An open alert nobody acknowledged within the configured time escalates,
// once: its severity goes one step up (critical stays critical).

#include "edge/alerts/alert.h"

namespace jxc::alerts {

/// Alerts raised at or before this are due at `now`.
TimeMs escalation_cutoff(TimeMs now, std::int64_t minutes);
bool escalation_due(const Alert& a, TimeMs cutoff);
/// The alert as escalated at `at`.
Alert escalated(Alert a, TimeMs at);

}  // namespace jxc::alerts
