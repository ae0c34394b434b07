// The device kinds compiled into jxc-edge. Each driver part adds its factory
// here; the core only sees the DeviceFactory type.

#include "edge/alerts/alerts_device.h"
#include "edge/devices/device.h"

namespace jxc::devices {

std::vector<DeviceFactory> builtin_device_factories() {
  std::vector<DeviceFactory> out;
  out.push_back(alerts::alerts_device_factory());
  return out;
}

}  // namespace jxc::devices
