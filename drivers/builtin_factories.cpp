// The device kinds compiled into jxc-edge. Each driver part adds its factory
// here; the core only sees the DeviceFactory type.

#include "drivers/scale/scale_device.h"
#include "cloud-sync/uplink.h"
#include "drivers/barcode/factory.h"
#include "edge/alerts/alerts_device.h"
#include "edge/devices/device.h"
#include "edge/sync/engine_downlink.h"

namespace jxc::devices {

std::vector<DeviceFactory> builtin_device_factories() {
  std::vector<DeviceFactory> out;
  out.push_back([](DeviceContext& ctx) { return scale::scale_devices(ctx); });
  // The uplink hands every downlink message to the core's Downlink.
  out.push_back(cloud_sync::uplink_factory(
      [](DeviceContext& ctx) -> std::shared_ptr<sync::DownlinkHandler> {
        auto downlink = sync::Downlink::open(ctx.engine, ctx.clock);
        if (!downlink.is_ok()) return nullptr;
        return std::shared_ptr<sync::DownlinkHandler>(std::move(downlink).value());
      }));
  out.push_back(barcode::scanner_factory());
  out.push_back(alerts::alerts_device_factory());
  return out;
}

}  // namespace jxc::devices
