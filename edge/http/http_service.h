#pragma once
// The local HTTP API as the gateway runs it: the read connections, the
// router with every resource's handlers, and the server. Created by
// service::Gateway when [http] is enabled, after the store is open; stopped
// first at shut-down, before the devices and the engine.
//
// Thread-safety: start() and stop() on the gateway's loop thread; set_ready()
// from any thread.

#include <memory>
#include <string>

#include "edge/common/clock.h"
#include "edge/common/status.h"
#include "edge/config/config.h"
#include "edge/devices/health.h"
#include "edge/inventory/engine.h"
#include "edge/metrics/registry.h"

namespace jxc::scan {
class ScanResultLog;
}  // namespace jxc::scan

namespace jxc::http {

class HttpService {
 public:
  /// Starts serving config.http. Errors as Server::start(). `scans`: the
  /// scanners' last results (GET /api/v1/scanners/{id}/scans), outliving
  /// the service; nullptr when there are no scanners.
  static Result<std::unique_ptr<HttpService>> start(const config::Config& config, inventory::Engine& engine,
                                                    devices::HealthRegistry& health,
                                                    metrics::Registry& metrics, const Clock& clock,
                                                    const scan::ScanResultLog* scans = nullptr);
  ~HttpService();
  HttpService(const HttpService&) = delete;
  HttpService& operator=(const HttpService&) = delete;

  /// What /readyz reports for the devices.
  void set_ready(bool ready);
  void stop();
  /// The bound port (config port 0 binds a free one).
  std::uint16_t port() const;
  /// The address served: [http] address, or loopback while no admin exists.
  const std::string& address() const;

  struct Parts;

 private:
  explicit HttpService(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace jxc::http
