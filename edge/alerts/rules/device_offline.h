#pragma once
// A device offline for longer than the limit is an alert until it is back.

#include <map>
#include <string>

#include "edge/alerts/rules/reconcile.h"
#include "edge/devices/health.h"

namespace jxc::alerts {

/// `devices`: the last health report of each device, by id.
Conditions device_offline_conditions(const std::map<std::string, devices::DeviceHealth>& devices, TimeMs now,
                                     std::int64_t limit_minutes);

}  // namespace jxc::alerts
