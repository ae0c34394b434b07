#pragma once
// The alerts part as a device the gateway starts and stops: it builds the
// alert service over the engine's commits and the device health registry,
// runs the time-based rules on a timer of its own thread, and hands every
// alert event to the channel dispatcher. An exception on its thread is
// logged and reported as device "alerts" (offline, with the reason), and
// the thread goes on after a back-off delay.

#include "edge/devices/device.h"

namespace jxc::alerts {

/// Builds the alerts device from [alerts] (none when alerts.enabled = false).
devices::DeviceFactory alerts_device_factory();

}  // namespace jxc::alerts
