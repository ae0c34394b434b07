#include "edge/service/reload.h"

#include "edge/service/config_sections.h"

namespace jxc::service {

bool applies_live(const std::string& key) {
  return key == "log.level" || key == "outbox.retention_hours" || key == "outbox.downlink_retention_hours" ||
         key == "store.idempotency_retention_hours" || key == "store.device_record_days";
}

bool scales_apply_live(const config::Scales& running, const config::Scales& wanted) {
  if (running.buses != wanted.buses || running.models != wanted.models ||
      running.match_window_s != wanted.match_window_s || running.slots.size() != wanted.slots.size())
    return false;
  for (std::size_t i = 0; i < running.slots.size(); ++i) {
    const config::ScaleSlot &a = running.slots[i], &b = wanted.slots[i];
    if (a.id != b.id || a.bus != b.bus || a.slave != b.slave || a.channel != b.channel || a.base != b.base ||
        a.model != b.model)
      return false;
  }
  return true;
}

ReloadPlan plan_reload(const config::Config& running, const config::Config& from_file,
                       const std::optional<std::string>& log_level_override) {
  config::Config wanted = from_file;
  if (log_level_override) wanted.log.level = *log_level_override;

  ReloadPlan plan;
  plan.next_running = running;
  const bool scales_live = scales_apply_live(running.scales, wanted.scales);
  for (auto& change : config::diff(running, wanted, config_sections())) {
    if (applies_live(change.key) || (scales_live && change.key.starts_with("scales."))) {
      plan.live.push_back(std::move(change));
    } else {
      plan.restart.push_back(std::move(change));
    }
  }
  // Copy only what is applied; the rest stays as the store was opened with.
  plan.next_running.log.level = wanted.log.level;
  plan.next_running.outbox.retention_hours = wanted.outbox.retention_hours;
  plan.next_running.outbox.downlink_retention_hours = wanted.outbox.downlink_retention_hours;
  plan.next_running.store.idempotency_retention_hours = wanted.store.idempotency_retention_hours;
  plan.next_running.store.device_record_days = wanted.store.device_record_days;
  if (scales_live) plan.next_running.scales = wanted.scales;
  return plan;
}

}  // namespace jxc::service
