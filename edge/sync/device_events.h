#pragma once
// device.status events: every change of a device's state (an RFID reader, a
// scanner, a scale bus) becomes an outbox event for the central system, in
// the order the changes were reported. The uplink's own state is the
// retained status topic and the store's is the gateway's health, so neither
// is an event.
//
// Thread-safety: changes arrive on the reporting device's thread and are
// handed to the engine with submit_async; detach() may be called from any
// thread and, once it returns, no further change reaches the engine.

#include <memory>
#include <string_view>

#include "edge/devices/health.h"
#include "edge/inventory/engine.h"

namespace jxc::sync {

/// Whether a health entry of this kind is a device the contract reports.
bool reported_as_device(std::string_view kind);

/// The device.status payload (docs/contract/schemas/events/device.status.json).
std::string device_status_payload(const devices::DeviceHealth& now, devices::DeviceState before);

class DeviceEvents {
 public:
  /// Starts recording `health`'s changes through `engine`, which must stay
  /// open until detach().
  DeviceEvents(devices::HealthRegistry& health, inventory::Engine& engine);
  ~DeviceEvents();
  /// Stops recording; changes reported afterwards are not written.
  void detach();

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
};

}  // namespace jxc::sync
