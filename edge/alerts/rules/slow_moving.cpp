#include "edge/alerts/rules/slow_moving.h"

#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {

TimeMs slow_moving_cutoff(TimeMs now, std::int64_t days) { return now - days * kDayMs; }

bool slow_moving_search_due(TimeMs now, TimeMs last_search) {
  return last_search < 0 || now - last_search >= kHourMs;
}

Conditions slow_moving_conditions(const std::vector<inventory::IdleStock>& stock, TimeMs now,
                                  std::int64_t days) {
  const TimeMs cutoff = slow_moving_cutoff(now, days);
  Conditions out;
  for (const auto& s : stock) {
    if (s.on_hand <= 0 || !s.last_moved || *s.last_moved >= cutoff) continue;
    const std::int64_t idle = (now - *s.last_moved) / kDayMs;
    Alert a = make_alert({Kind::slow_moving, s.sku, s.location, "", ""}, s.on_hand, days,
                         std::to_string(s.on_hand) + " on hand, no issue for " + std::to_string(idle) + " days",
                         now);
    a.facts.days = idle;
    out.emplace(a.key.text(), std::move(a));
  }
  return out;
}

}  // namespace jxc::alerts
