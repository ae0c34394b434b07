// The device kinds compiled into jxc-edge. Each driver part adds its factory
// here; the core only sees the DeviceFactory type.

#include "cloud-sync/uplink.h"
#include "edge/devices/device.h"

namespace jxc::devices {

std::vector<DeviceFactory> builtin_device_factories() {
  std::vector<DeviceFactory> out;
  out.push_back(cloud_sync::uplink_factory());  // [mqtt] with a uri; downlink handler: edge/sync
  return out;
}

}  // namespace jxc::devices
