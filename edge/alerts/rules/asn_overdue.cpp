#include "edge/alerts/rules/asn_overdue.h"

#include "edge/alerts/rules/time_units.h"
#include "edge/inventory/quantity.h"

namespace jxc::alerts {

TimeMs asn_overdue_cutoff(TimeMs now, std::int64_t grace_minutes) { return now - grace_minutes * kMinuteMs; }

Conditions asn_overdue_conditions(const std::vector<inventory::OverdueOrder>& late, TimeMs now,
                                  std::int64_t grace_minutes) {
  const TimeMs cutoff = asn_overdue_cutoff(now, grace_minutes);
  Conditions out;
  for (const auto& o : late) {
    if (o.expected_at >= cutoff) continue;
    const std::int64_t minutes = (now - o.expected_at) / kMinuteMs;
    Alert a = make_alert({Kind::asn_overdue, "", "", "", o.number}, minutes, grace_minutes,
                         "expected receipt " + o.number + " is " + std::to_string(minutes) + " minutes overdue",
                         now);
    a.facts.since = o.expected_at;
    a.facts.minutes = minutes;
    a.facts.document = o.ref;
    a.facts.partner = o.partner;
    a.facts.door = o.door;
    for (const auto& l : o.lines) {
      std::string item = l.name.empty() ? l.sku : l.name + " (" + l.sku + ")";
      a.facts.lines.emplace_back(std::move(item), inventory::format_decimal(l.open, l.decimals) + " " + l.uom);
    }
    out.emplace(a.key.text(), std::move(a));
  }
  return out;
}

}  // namespace jxc::alerts
