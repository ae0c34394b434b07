#include "edge/alerts/rules/sync_refused.h"

namespace jxc::alerts {

Conditions sync_refused_conditions(const std::optional<PoisonEvent>& poison, TimeMs now) {
  Conditions out;
  if (!poison || poison->seq <= 0) return out;
  Alert a = make_alert({Kind::sync_refused, "", "", "", "seq:" + std::to_string(poison->seq)}, poison->seq, 0,
                       "the broker keeps refusing event seq " + std::to_string(poison->seq) +
                           (poison->reason.empty() ? "" : ": " + poison->reason),
                       now);
  a.facts.reason = poison->reason;
  out.emplace(a.key.text(), std::move(a));
  return out;
}

}  // namespace jxc::alerts
