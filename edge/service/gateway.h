#pragma once
// The daemon's coordinator: it owns the inventory engine, the devices, the
// health and metrics registries, an Asio event loop, the signal handlers and
// the periodic timers (watchdog, the hourly prune of acknowledged outbox
// events, applied downlink message ids and idempotency keys, the STATUS= line,
// the metrics file). It orders start-up (configuration, store, devices,
// READY=1) and shut-down (timers, devices in reverse order, then the engine's
// last batch). Logic lives in the parts; this class only sequences them.
//
// Threads: run() is called once, on the thread that becomes the loop thread
// (the process's main thread in the daemon); every handler and timer runs
// there. request_stop() and request_reload() may be called from any thread;
// signals reach the loop through asio::signal_set and only post to it. The
// engine (writer, answering and checkpoint threads) and most devices run
// threads of their own; what they share with the gateway (the health and
// metrics registries) is thread-safe, and what they post to the loop
// (DeviceContext::io) runs on the loop thread.

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "edge/common/clock.h"
#include "edge/common/status.h"
#include "edge/config/config.h"
#include "edge/devices/device.h"
#include "edge/devices/health.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"
#include "edge/metrics/registry.h"
#include "edge/scan/results.h"
#include "edge/service/backup_schedule.h"
#include "edge/service/notifier.h"
#include "edge/service/periodic_timer.h"

namespace jxc::sync {
class DeviceEvents;
}
namespace jxc::http {
class HttpService;
}

namespace jxc::service {

struct GatewayOptions {
  /// --log-level: wins over log.level from the file, at start-up and on reload.
  std::optional<std::string> log_level_override;
  /// How often acknowledged outbox events older than retention_hours go.
  std::chrono::steady_clock::duration prune_interval = std::chrono::hours(1);
  /// How often STATUS= is refreshed with the pending count.
  std::chrono::steady_clock::duration status_interval = std::chrono::minutes(1);
  /// In place of [backup] interval_hours (tests).
  std::optional<std::chrono::steady_clock::duration> backup_interval = std::nullopt;
  /// Builders of the devices to run (readers, scanners, scale buses, the
  /// uplink), called in order after the store is open. The daemon passes
  /// devices::builtin_device_factories().
  std::vector<devices::DeviceFactory> device_factories = {};
};

class Gateway {
 public:
  /// `notifier` and `clock` must outlive the Gateway.
  Gateway(config::Config config, Notifier& notifier, GatewayOptions options = {},
          const Clock& clock = SystemClock::instance());
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  /// Starts (config → store → ready), runs the loop until SIGTERM, SIGINT or
  /// request_stop(), and shuts down in order. Returns ok after an orderly stop;
  /// a start-up failure (the store cannot be opened) is returned as is, after
  /// STATUS= has told the service manager why.
  Status run();

  /// What SIGTERM does: stop taking work, let the engine finish the
  /// transaction in flight, close the store, return from run(). Thread-safe;
  /// before run() it makes run() stop as soon as it is ready.
  void request_stop(std::string reason);
  /// What SIGHUP does: re-read the configuration file. Thread-safe.
  void request_reload();

  /// The configuration in force (the file's, minus changes that need a
  /// restart). Read it on the loop thread, or after run() has returned.
  const config::Config& config() const { return config_; }
  /// Health of every device; safe from any thread.
  devices::HealthRegistry& health() { return health_; }
  /// The gateway's counters and gauges (devices add theirs); any thread.
  metrics::Registry& metrics() { return metrics_; }
  /// Scheduled backups taken since start; any thread.
  std::size_t backups_taken() const { return backups_taken_; }

 private:
  Status start();
  void wait_for_signal();
  void reload();
  void shut_down(const std::string& reason);
  void prune_outbox();
  void refresh_status();
  void write_metrics();
  void export_engine_stats();
  std::string status_line();
  void write_status_file(const std::string& line);
  void start_watchdog();
  Status start_devices();

  config::Config config_;
  Notifier& notifier_;
  GatewayOptions options_;
  const Clock& clock_;

  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  std::unique_ptr<inventory::Engine> engine_;    // the store's only writer
  std::unique_ptr<inventory::Queries> queries_;  // read side, for STATUS= lines
  metrics::Registry metrics_;  // before health_: its listeners write here
  devices::HealthRegistry health_;
  std::unique_ptr<sync::DeviceEvents> device_events_;     // device.status events
  scan::ScanResultLog scan_results_{100};                 // every scanner's last results, for the HTTP API
  std::unique_ptr<devices::DeviceContext> device_ctx_;    // outlives devices_
  std::vector<std::unique_ptr<devices::Device>> devices_;  // started in order, stopped in reverse
  std::unique_ptr<http::HttpService> http_;  // [http]: started after the devices, stopped before them
  PeriodicTimer watchdog_;
  PeriodicTimer pruner_;
  PeriodicTimer status_;
  PeriodicTimer metrics_writer_;
  std::unique_ptr<BackupSchedule> backups_;  // [backup] dir set
  std::atomic<std::size_t> backups_taken_{0};
  std::string last_status_;
  bool devices_changed_ = false;  // since the status file was last written; loop thread only
  TimeMs started_at_ = 0;
  std::string status_file_problem_;  // the last status file write failure ("" = none)
  std::string metrics_problem_;  // the last metrics write failure ("" = none)
  inventory::Engine::Stats engine_exported_;  // engine counts already in metrics_
  bool stopping_ = false;  // loop thread only
};

}  // namespace jxc::service
