#pragma once
// The gateway's face of drivers/scale: one Device per configured Modbus bus,
// all feeding one shared Shelf (edge/weight), built from [scales] by
// scale_devices() (the factory listed in drivers/builtin_factories.cpp).

#include <memory>
#include <vector>

#include "drivers/scale/bus_poller.h"
#include "edge/devices/device.h"
#include "edge/weight/shelf.h"

namespace jxc::scale {

class ScaleBusDevice final : public devices::Device {
 public:
  ScaleBusDevice(std::shared_ptr<weight::Shelf> shelf, std::unique_ptr<BusPoller> poller)
      : shelf_(std::move(shelf)), poller_(std::move(poller)) {}
  const std::string& id() const override { return poller_->id(); }
  void start() override { poller_->start(); }
  void stop() override { poller_->stop(); }
  const BusPoller& poller() const { return *poller_; }

 private:
  std::shared_ptr<weight::Shelf> shelf_;  // shared by every bus; outlives the pollers
  std::unique_ptr<BusPoller> poller_;
};

/// Resolves slots (model layout, unit weight from config or master data),
/// loads the shelf and builds one device per bus. An unknown item, bin or
/// unreadable layout is an error that stops start-up.
Result<std::vector<std::unique_ptr<devices::Device>>> scale_devices(devices::DeviceContext& ctx);

/// The same with the pieces given (tests): `shelf_out` receives the shelf.
Result<std::vector<std::unique_ptr<devices::Device>>> scale_devices(
    const config::Scales& cfg, inventory::Engine& engine, const std::string& store_path,
    devices::HealthSink& health, const Clock& clock, std::shared_ptr<weight::Shelf>* shelf_out);

}  // namespace jxc::scale
