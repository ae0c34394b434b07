#pragma once
// The broker keeps refusing one event (a poison event: an ACL denial, a
// message over its size limit): the uplink sends it again and again and
// cannot get past it, since the central system takes a gapless stream only.
// One sync_refused alert (subject "seq:N", qty N) while it lasts; another
// event refused later is another alert.

#include <optional>
#include <string>

#include "edge/alerts/rules/reconcile.h"

namespace jxc::alerts {

struct PoisonEvent {
  std::int64_t seq = 0;
  std::string reason;  // the uplink's own account of the refusals
};

Conditions sync_refused_conditions(const std::optional<PoisonEvent>& poison, TimeMs now);

}  // namespace jxc::alerts
