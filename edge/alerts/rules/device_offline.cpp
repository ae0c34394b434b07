#include "edge/alerts/rules/device_offline.h"

#include "edge/alerts/rules/store_unavailable.h"
#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {

Conditions device_offline_conditions(const std::map<std::string, devices::DeviceHealth>& devices, TimeMs now,
                                     std::int64_t limit_minutes) {
  Conditions out;
  const TimeMs limit = limit_minutes * kMinuteMs;
  for (const auto& [id, h] : devices) {
    if (h.state != devices::DeviceState::offline || now - h.since < limit) continue;
    if (h.kind == kStoreRetriesKind) continue;  // store_unavailable says it, without the store
    Alert a = make_alert({Kind::device_offline, "", "", "", id}, (now - h.since) / kMinuteMs, limit_minutes,
                         h.kind + " " + id + " offline since " + format_iso8601(h.since) +
                             (h.detail.empty() ? "" : ": " + h.detail),
                         now);
    a.facts.source = h.kind;
    a.facts.reason = h.detail;
    a.facts.since = h.since;
    out.emplace(a.key.text(), std::move(a));
  }
  return out;
}

}  // namespace jxc::alerts
