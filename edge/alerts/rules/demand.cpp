#include "edge/alerts/rules/demand.h"

#include "edge/alerts/rules/time_units.h"

namespace jxc::alerts {

DemandWindow demand_window(TimeMs now, std::int64_t history_days) {
  const TimeMs today = now / kDayMs * kDayMs;
  return {today - history_days * kDayMs, today};
}

bool demand_due(TimeMs now, TimeMs computed_at) { return computed_at < 0 || now / kDayMs != computed_at / kDayMs; }

std::unordered_map<std::int64_t, DemandStats> demand_by_item(const std::vector<inventory::DailyIssue>& issues,
                                                             std::int64_t history_days) {
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> daily;
  for (const auto& d : issues) {
    auto& v = daily[d.item_id];
    if (v.empty()) v.assign(static_cast<std::size_t>(history_days), 0);
    if (d.day < 0) continue;
    auto day = static_cast<std::size_t>(d.day);
    if (day < v.size()) v[day] += d.qty;
  }
  std::unordered_map<std::int64_t, DemandStats> out;
  for (const auto& [item, v] : daily) out[item] = demand_stats(v);
  return out;
}

}  // namespace jxc::alerts
