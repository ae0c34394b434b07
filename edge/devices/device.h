#pragma once
// A device is whatever the gateway starts from its configuration and stops at
// shut-down: one RFID reader link, one scanner, one Modbus bus, the uplink.
// Drivers implement it in drivers/ (and cloud-sync/); the service only
// sequences start and stop, so the core never sees a driver's own headers.
//
// Which devices exist is decided by factories: the core declares
// builtin_device_factories() (below) and drivers/builtin_factories.cpp, linked
// into the jxc-edge executable, defines it. Tests pass their own factories.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "edge/common/clock.h"
#include "edge/common/status.h"
#include "edge/devices/health.h"

namespace jxc::config {
struct Config;
}
namespace jxc::inventory {
class Engine;
}
namespace jxc::metrics {
class Registry;
}

namespace jxc::scan {
class ScanResultLog;
}  // namespace jxc::scan

namespace jxc::devices {

class Device {
 public:
  virtual ~Device() = default;
  virtual const std::string& id() const = 0;
  /// Starts the link; never blocks on I/O. Failures to connect are not errors
  /// here: the device reports them as health and retries.
  virtual void start() = 0;
  /// Stops and releases the link; after it returns no callback runs. Idempotent.
  virtual void stop() = 0;
  /// A reload (SIGHUP) brought changes that service::plan_reload() applies
  /// live; the device takes what concerns it from `now`, on the gateway's
  /// loop thread. An error leaves the device as it was, and the gateway
  /// keeps running on its previous settings. Most devices have nothing to
  /// apply.
  virtual Status reconfigure(const config::Config& now) {
    (void)now;
    return Status::ok();
  }
};

/// What a factory may use. Everything outlives the devices it builds.
struct DeviceContext {
  boost::asio::io_context& io;  // the gateway's loop (drivers may also run their own threads)
  HealthRegistry& health;
  inventory::Engine& engine;    // the only writer of the store
  std::string store_path;       // for read-only Queries connections
  const config::Config& config;
  const Clock& clock;
  metrics::Registry* metrics = nullptr;  // the gateway's counters and gauges (null: nobody reads them)
  scan::ScanResultLog* scan_results = nullptr;  // every scanner's last results, for the HTTP API (null: none)
};

/// Builds the devices of one kind from the configuration. A configuration
/// that cannot be honoured (e.g. a door naming an unknown reader) is an error
/// and stops start-up.
using DeviceFactory = std::function<Result<std::vector<std::unique_ptr<Device>>>(DeviceContext&)>;

/// The factories compiled into the daemon (defined in drivers/).
std::vector<DeviceFactory> builtin_device_factories();

}  // namespace jxc::devices
