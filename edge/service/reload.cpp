#include "edge/service/reload.h"

namespace jxc::service {

bool applies_live(const std::string& key) {
  return key == "log.level" || key == "outbox.retention_hours" || key == "outbox.downlink_retention_hours";
}

ReloadPlan plan_reload(const config::Config& running, const config::Config& from_file,
                       const std::optional<std::string>& log_level_override) {
  config::Config wanted = from_file;
  if (log_level_override) wanted.log.level = *log_level_override;

  ReloadPlan plan;
  plan.next_running = running;
  for (auto& change : config::diff(running, wanted)) {
    if (applies_live(change.key)) {
      plan.live.push_back(std::move(change));
    } else {
      plan.restart.push_back(std::move(change));
    }
  }
  // Copy only what is applied; the rest stays as the store was opened with.
  plan.next_running.log.level = wanted.log.level;
  plan.next_running.outbox.retention_hours = wanted.outbox.retention_hours;
  plan.next_running.outbox.downlink_retention_hours = wanted.outbox.downlink_retention_hours;
  return plan;
}

}  // namespace jxc::service
