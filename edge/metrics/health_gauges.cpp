#include "edge/metrics/health_gauges.h"

namespace jxc::metrics {
namespace {

constexpr devices::DeviceState kStates[] = {devices::DeviceState::starting, devices::DeviceState::online,
                                            devices::DeviceState::degraded, devices::DeviceState::offline,
                                            devices::DeviceState::stopped};

void set_state(Registry& r, const devices::DeviceHealth& h) {
  for (auto s : kStates)
    r.gauge("jxc_device_state", "1 for the state each device is in, 0 for the others",
            {{"device", h.id}, {"kind", h.kind}, {"state", std::string(devices::to_string(s))}})
        .set(s == h.state ? 1 : 0);
}

}  // namespace

void export_device_health(devices::HealthRegistry& health, Registry& registry) {
  health.add_listener([&health, &registry](const devices::DeviceHealth& now, devices::DeviceState) {
    // Listeners run after the registry's lock is released, so two reports
    // of one device may arrive here out of order: set what holds now.
    devices::DeviceHealth latest;
    set_state(registry, health.get(now.id, &latest) ? latest : now);
  });
  for (const auto& h : health.snapshot()) set_state(registry, h);
}

}  // namespace jxc::metrics
