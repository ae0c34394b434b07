#pragma once
// Device health as metrics: for every device that reports to the health
// registry, jxc_device_state{device, kind, state} is 1 for the state it is in
// and 0 for the other states (the usual Prometheus form of an enumeration,
// so that `jxc_device_state{state="offline"} == 1` selects what is down).

#include "edge/devices/health.h"
#include "edge/metrics/registry.h"

namespace jxc::metrics {

/// Keeps the gauges in step with `health` from now on (a listener) and sets
/// them for the devices that already reported. Both must outlive each other's
/// use: the registry must live as long as `health` may report.
void export_device_health(devices::HealthRegistry& health, Registry& registry);

}  // namespace jxc::metrics
