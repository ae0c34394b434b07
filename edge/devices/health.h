#pragma once
// Device health: what every driver (RFID reader, scanner, scale bus, the MQTT
// uplink) reports whenever its link changes state. The core never sees a
// driver's own types, only these records.
//
// Thread-safety: HealthRegistry may be reported to from any thread (drivers
// run on their own executors); listeners are called on the reporting thread
// after the registry's lock is released.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "edge/common/clock.h"

namespace jxc::devices {

enum class DeviceState {
  starting,  // configured, no link yet
  online,    // link up and answering
  degraded,  // link up but something is wrong (errors, slave missing, backlog)
  offline,   // link down; the driver is retrying
  stopped,   // shut down on purpose
};

std::string_view to_string(DeviceState s);

struct DeviceHealth {
  std::string id;      // unique per gateway, from config (e.g. "door-1-reader")
  std::string kind;    // "rfid", "scanner", "scale", "uplink", ...
  DeviceState state = DeviceState::starting;
  std::string detail;  // why, for a person, one clean line: "connect: connection refused (retry in 4 s)"
  TimeMs since = 0;    // when `state` was entered (wall clock)
};

/// What a driver reports to. Small on purpose: drivers depend on this alone.
class HealthSink {
 public:
  virtual ~HealthSink() = default;
  /// Reports the device's state. Repeating the same state with a new detail
  /// updates the detail but keeps `since`.
  virtual void report(std::string id, std::string kind, DeviceState state, std::string detail) = 0;
};

/// Keeps the latest health of every device and tells listeners of changes.
class HealthRegistry final : public HealthSink {
 public:
  explicit HealthRegistry(const Clock& clock = SystemClock::instance()) : clock_(clock) {}

  void report(std::string id, std::string kind, DeviceState state, std::string detail) override;

  /// Every device, ordered by id.
  std::vector<DeviceHealth> snapshot() const;
  /// One device's health; false when it never reported.
  bool get(const std::string& id, DeviceHealth* out) const;
  /// "3 devices: 2 online, 1 offline"
  std::string summary() const;

  /// Called after every state change (not on detail-only updates).
  using Listener = std::function<void(const DeviceHealth& now, DeviceState before)>;
  void add_listener(Listener l);

 private:
  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, DeviceHealth> devices_;
  std::vector<Listener> listeners_;
};

}  // namespace jxc::devices
