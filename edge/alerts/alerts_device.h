#pragma once
// The alerts part as a device the gateway starts and stops: it builds the
// alert service over the engine's commits and the device health registry,
// runs the time-based rules on a timer of its own thread, and hands every
// alert event to the channel dispatcher. An exception on its thread is
// logged and reported as device "alerts" (offline, with the reason), and
// the thread goes on after a back-off delay.

#include <optional>

#include "edge/alerts/rules/sync_refused.h"
#include "edge/devices/device.h"
#include "edge/metrics/registry.h"

namespace jxc::alerts {

/// The event the uplink's broker keeps refusing, as the uplink publishes it:
/// its seq in the gauge jxc_uplink_poison_event_seq (0: none) and its
/// account of the refusals in its health detail. What sync_refused watches.
std::optional<PoisonEvent> uplink_poison_event(const metrics::Registry& registry, devices::HealthRegistry& health);

/// Builds the alerts device from [alerts] (none when alerts.enabled = false).
devices::DeviceFactory alerts_device_factory();

}  // namespace jxc::alerts
