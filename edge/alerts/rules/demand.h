#pragma once
// Daily demand per item for replenishment: the issued quantity per day over
// the history window that ends at the start of today (UTC); days without
// issues count as zero demand. Computed once a day.

#include <unordered_map>
#include <vector>

#include "edge/alerts/replenishment.h"
#include "edge/inventory/alert_records.h"

namespace jxc::alerts {

struct DemandWindow {
  TimeMs from = 0, to = 0;  // [from, to): whole days, `to` the start of today
};
DemandWindow demand_window(TimeMs now, std::int64_t history_days);
/// Whether demand is to be computed: never yet, or not yet today.
bool demand_due(TimeMs now, TimeMs computed_at);
/// Statistics per item from the issues of the window (day 0 = its first day).
std::unordered_map<std::int64_t, DemandStats> demand_by_item(const std::vector<inventory::DailyIssue>& issues,
                                                             std::int64_t history_days);

}  // namespace jxc::alerts
