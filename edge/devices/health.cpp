#include "edge/devices/health.h"

#include "edge/common/text.h"

namespace jxc::devices {

std::string_view to_string(DeviceState s) {
  switch (s) {
    case DeviceState::starting: return "starting";
    case DeviceState::online: return "online";
    case DeviceState::degraded: return "degraded";
    case DeviceState::offline: return "offline";
    case DeviceState::stopped: return "stopped";
  }
  return "unknown";
}

void HealthRegistry::report(std::string id, std::string kind, DeviceState state, std::string detail) {
  DeviceHealth now;
  DeviceState before = DeviceState::starting;
  bool changed = false;
  std::vector<Listener> listeners;
  {
    std::lock_guard lock(mu_);
    auto [it, inserted] = devices_.try_emplace(id);
    DeviceHealth& h = it->second;
    before = inserted ? DeviceState::starting : h.state;
    changed = inserted || h.state != state;
    h.id = std::move(id);
    h.kind = std::move(kind);
    // Details quote what devices send (a reader's error description); what
    // is kept is one clean line of UTF-8 whatever arrived.
    h.detail = text::to_clean_text(detail);
    if (changed) {
      h.state = state;
      h.since = clock_.now_ms();
    }
    now = h;
    if (changed) listeners = listeners_;
  }
  for (auto& l : listeners) l(now, before);
}

std::vector<DeviceHealth> HealthRegistry::snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<DeviceHealth> out;
  out.reserve(devices_.size());
  for (const auto& [_, h] : devices_) out.push_back(h);
  return out;
}

bool HealthRegistry::get(const std::string& id, DeviceHealth* out) const {
  std::lock_guard lock(mu_);
  auto it = devices_.find(id);
  if (it == devices_.end()) return false;
  *out = it->second;
  return true;
}

std::string HealthRegistry::summary() const {
  std::lock_guard lock(mu_);
  if (devices_.empty()) return "no devices";
  std::map<DeviceState, int> by_state;
  for (const auto& [_, h] : devices_) ++by_state[h.state];
  std::string out = std::to_string(devices_.size()) + (devices_.size() == 1 ? " device: " : " devices: ");
  bool first = true;
  for (const auto& [s, n] : by_state) {
    out += (first ? "" : ", ") + std::to_string(n) + " " + std::string(to_string(s));
    first = false;
  }
  return out;
}

void HealthRegistry::add_listener(Listener l) {
  std::lock_guard lock(mu_);
  listeners_.push_back(std::move(l));
}

}  // namespace jxc::devices
