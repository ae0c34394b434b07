#pragma once
// The gateway's face of drivers/scale: one Device per configured Modbus bus,
// all feeding one shared Shelf (edge/weight), built from [scales] by
// scale_devices() (the factory listed in drivers/builtin_factories.cpp).

#include <memory>
#include <vector>

#include "drivers/scale/bus_poller.h"
#include "drivers/scale/pending_shelf.h"
#include "edge/devices/device.h"
#include "edge/inventory/queries.h"
#include "edge/weight/shelf.h"

namespace jxc::scale {

class ScaleBusDevice final : public devices::Device {
 public:
  ScaleBusDevice(std::shared_ptr<PendingShelf> shelf, std::unique_ptr<BusPoller> poller)
      : shelf_(std::move(shelf)), poller_(std::move(poller)) {}
  const std::string& id() const override { return poller_->id(); }
  void start() override { poller_->start(); }
  void stop() override { poller_->stop(); }
  /// Slot-level [scales] changes (tare, unit weight, tolerance, band, window,
  /// item, bin, hysteresis) go to the shared shelf; every bus device passes
  /// the same, which the shelf applies once (or keeps for its build while it
  /// waits for master data). Buses, models and the slots' registers are fixed
  /// until a restart (service::plan_reload() says so).
  Status reconfigure(const config::Config& now) override;
  const BusPoller& poller() const { return *poller_; }

 private:
  std::shared_ptr<PendingShelf> shelf_;  // shared by every bus; outlives the pollers
  std::unique_ptr<BusPoller> poller_;
};

/// What the shelf counts a configured slot with: item and bin checked against
/// the store, unit weight from the configuration or else master data.
Result<std::vector<weight::SlotSpec>> slot_specs(const config::Scales& cfg, inventory::Queries& queries);

/// Resolves slots (model layout, unit weight from config or master data),
/// loads the shelf and builds one device per bus. An unreadable layout is an
/// error that stops start-up; a slot whose item or bin master data does not
/// hold yet makes the shelf wait for it (pending_shelf.h).
Result<std::vector<std::unique_ptr<devices::Device>>> scale_devices(devices::DeviceContext& ctx);

/// The same with the pieces given (tests): `shelf_out` receives the shelf.
Result<std::vector<std::unique_ptr<devices::Device>>> scale_devices(
    const config::Scales& cfg, inventory::Engine& engine, const std::string& store_path,
    devices::HealthSink& health, const Clock& clock, std::shared_ptr<PendingShelf>* shelf_out);

}  // namespace jxc::scale
