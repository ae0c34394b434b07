// The device kinds compiled into jxc-edge. Each driver part adds its factory
// here; the core only sees the DeviceFactory type.

#include "drivers/scale/scale_device.h"
#include "cloud-sync/uplink.h"
#include "drivers/barcode/factory.h"
#include "drivers/rfid/factory.h"
#include "edge/rfid/read_pipeline.h"
#include "edge/alerts/alerts_device.h"
#include "edge/config/config.h"
#include "edge/devices/device.h"
#include "edge/sync/engine_downlink.h"

namespace jxc::devices {
namespace {

// RFID: the read pipeline (door passes, forklift moves) and the LLRP reader
// links that feed it. The pipeline comes first so that it starts before and
// stops after the readers that hold a reference to it.
Result<std::vector<std::unique_ptr<Device>>> rfid_factory(DeviceContext& ctx) {
  std::vector<std::unique_ptr<Device>> out;
  if (ctx.config.rfid.readers.empty()) return out;
  JXC_ASSIGN(auto pipeline, rfid::ReadPipeline::create(ctx));
  rfid::ReadSink& sink = *pipeline;
  out.push_back(std::move(pipeline));
  JXC_ASSIGN(auto readers, llrp::make_llrp_readers(ctx, sink));
  for (auto& r : readers) out.push_back(std::move(r));
  return out;
}

}  // namespace

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
  out.push_back(rfid_factory);
  out.push_back(alerts::alerts_device_factory());
  return out;
}

}  // namespace jxc::devices
