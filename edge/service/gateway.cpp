#include "edge/service/gateway.h"

#include <algorithm>
#include <csignal>

#include <unistd.h>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "edge/http/http_service.h"
#include "edge/inventory/device_records.h"
#include "edge/metrics/health_gauges.h"
#include "edge/metrics/prometheus.h"
#include "edge/metrics/textfile.h"
#include "edge/service/config_sections.h"
#include "edge/service/engine_options.h"
#include "edge/service/logging.h"
#include "edge/service/status_file.h"
#include "edge/service/store_check.h"
#include "edge/sync/device_events.h"
#include "edge/sync/engine_downlink.h"
#include "edge/service/reload.h"

namespace jxc::service {

Gateway::Gateway(config::Config config, Notifier& notifier, GatewayOptions options,
                 const Clock& clock)
    : config_(std::move(config)),
      notifier_(notifier),
      options_(std::move(options)),
      clock_(clock),
      // The handlers are installed here, before the store is opened, so that
      // a SIGTERM during a long migration is queued for the loop instead of
      // killing the process half-way.
      signals_(io_, SIGTERM, SIGINT, SIGHUP),
      health_(clock),
      watchdog_(io_, [this] { notifier_.notify("WATCHDOG=1"); }),
      pruner_(io_, [this] { prune_outbox(); }),
      status_(io_, [this] { refresh_status(); }),
      metrics_writer_(io_, [this] { write_metrics(); }) {
  if (options_.log_level_override) config_.log.level = *options_.log_level_override;
}

Gateway::~Gateway() = default;

Status Gateway::run() {
  Status started = start();
  if (!started.is_ok()) {
    spdlog::error("start-up failed: {}", started.to_string());
    notifier_.notify("STATUS=failed: " + started.to_string());
    return started;
  }
  // Returns once shut_down() has cancelled every timer and signal wait.
  io_.run();
  spdlog::info("stopped");
  return Status::ok();
}

// Start-up order: config, store, ready. Each step is logged so that a slow or
// failed start shows where it stopped.
Status Gateway::start() {
  spdlog::info("config: {} (gateway {}, site {}, log level {})",
               config_.source.empty() ? std::string("embedded defaults") : config_.source,
               config_.gateway.id, config_.gateway.site, config_.log.level);
  wait_for_signal();
  started_at_ = clock_.now_ms();

  auto opts = engine_options(config_);
  // Before the engine opens it: a damaged store is neither migrated nor written to.
  JXC_TRY(check_store_at_start(opts.store_path, health_, notifier_));
  auto engine = inventory::Engine::open(opts, clock_);
  if (!engine.is_ok())
    return Status(engine.status().code(), "store " + opts.store_path + ": " + engine.status().reason());
  engine_ = std::move(engine).value();
  // The read side only feeds STATUS= lines; a gateway without it still works.
  auto queries = inventory::Queries::open(opts.store_path);
  if (queries.is_ok()) {
    queries_ = std::move(queries).value();
  } else {
    spdlog::warn("store: no read connection for status lines: {}", queries.status().to_string());
  }
  spdlog::info("store: {} open (epoch {})", opts.store_path, engine_->epoch());
  JXC_TRY(start_devices());
  if (config_.http.enabled) {
    JXC_ASSIGN(http_, http::HttpService::start(config_, *engine_, health_, metrics_, clock_, &scan_results_));
    http_->set_ready(true);
  }

  status_.start(options_.status_interval);
  if (config_.metrics.enabled) {
    spdlog::info("metrics: written to {} every {} s", config_.metrics_path(), config_.metrics.interval_s);
    write_metrics();
    metrics_writer_.start(std::chrono::seconds(config_.metrics.interval_s));
  }
  pruner_.start(options_.prune_interval);
  if (!config_.backup.dir.empty()) {
    backups_ = std::make_unique<BackupSchedule>(
        engine_->options().store_path, config_.backup.dir, static_cast<std::size_t>(config_.backup.keep),
        options_.backup_interval.value_or(std::chrono::hours(config_.backup.interval_hours)), backups_taken_);
    backups_->start();
  }
  // Prune once as soon as the loop runs too: a gateway restarted more often
  // than the prune interval would otherwise never prune. Queued before
  // READY=1, so it runs before anything asked for after READY.
  boost::asio::post(io_, [this] {
    if (!stopping_) prune_outbox();
  });

  last_status_ = status_line();
  notifier_.notify("READY=1\nSTATUS=" + last_status_);
  write_status_file(last_status_);
  spdlog::info("{}", last_status_);
  start_watchdog();
  return Status::ok();
}

Status Gateway::start_devices() {
  health_.add_listener([this](const devices::DeviceHealth& h, devices::DeviceState before) {
    using devices::DeviceState;
    // Trouble is a warning; starting, coming online and stopping are not.
    auto level = h.state == DeviceState::degraded || h.state == DeviceState::offline ? spdlog::level::warn
                                                                                      : spdlog::level::info;
    const std::string detail = h.detail.empty() ? "" : ": " + h.detail;
    if (before == h.state)  // a device's first report
      spdlog::log(level, "device {} ({}): {}{}", h.id, h.kind, devices::to_string(h.state), detail);
    else
      spdlog::log(level, "device {} ({}): {} -> {}{}", h.id, h.kind, devices::to_string(before),
                  devices::to_string(h.state), detail);
    // The STATUS= line follows the devices at once rather than at the next
    // periodic refresh; built on the loop like every other.
    boost::asio::post(io_, [this] {
      devices_changed_ = true;
      refresh_status();
    });
  });
  // Devices may keep the context for their whole life, so it lives as long
  // as the gateway.
  metrics::export_device_health(health_, metrics_);
  device_events_ = std::make_unique<sync::DeviceEvents>(health_, *engine_);
  device_ctx_ = std::make_unique<devices::DeviceContext>(
      devices::DeviceContext{io_, health_, *engine_, engine_->options().store_path, config_, clock_, &metrics_});
  devices::DeviceContext& ctx = *device_ctx_;
  ctx.scan_results = &scan_results_;
  for (auto& factory : options_.device_factories) {
    auto built = factory(ctx);
    if (!built.is_ok()) return built.status();
    for (auto& d : *built) devices_.push_back(std::move(d));
  }
  for (auto& d : devices_) d->start();
  if (!devices_.empty()) spdlog::info("devices: {} started", devices_.size());
  return Status::ok();
}

void Gateway::wait_for_signal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;  // cancelled by shut_down()
    if (signo == SIGHUP) {
      reload();
    } else {
      shut_down(signo == SIGTERM ? "SIGTERM" : "SIGINT");
    }
    if (!stopping_) wait_for_signal();
  });
}

void Gateway::request_stop(std::string reason) {
  boost::asio::post(io_, [this, reason = std::move(reason)] { shut_down(reason); });
}

void Gateway::request_reload() {
  boost::asio::post(io_, [this] {
    if (!stopping_) reload();
  });
}

void Gateway::start_watchdog() {
  auto interval = notifier_.watchdog_interval();
  if (interval.count() <= 0) return;
  spdlog::info("watchdog: pinging every {} ms", interval.count() / 1000);
  // The pings come from a timer on this loop, so they stop when the loop is
  // stuck, which is what the service manager's watchdog is for.
  notifier_.notify("WATCHDOG=1");
  watchdog_.start(interval);
}

void Gateway::reload() {
  if (config_.source.empty()) {
    spdlog::info("reload: running on embedded defaults; there is no file to re-read");
    return;
  }
  notifier_.notify("RELOADING=1");
  std::vector<config::ConfigError> errors;
  auto loaded = config::load_file(config_.source, config_sections(), &errors);
  if (!loaded.is_ok()) {
    spdlog::error("reload: {} is not valid; keeping the running configuration",
                  config_.source);
    for (const auto& e : errors) spdlog::error("reload: {}", e.to_string(config_.source));
    notifier_.notify("READY=1\nSTATUS=" + status_line());
    return;
  }

  ReloadPlan plan = plan_reload(config_, *loaded, options_.log_level_override);
  if (options_.log_level_override && loaded->log.level != *options_.log_level_override)
    spdlog::info("reload: log.level stays {} (set by --log-level)", *options_.log_level_override);
  if (plan.next_running.scales != config_.scales) {
    // Slot changes go to the devices. An unknown item or bin is found before
    // anything changes; then every [scales] setting stays as it was.
    Status applied = Status::ok();
    for (auto& d : devices_)
      if (applied = d->reconfigure(plan.next_running); !applied) break;
    if (!applied) {
      spdlog::error("reload: [scales] not applied, still using the running slots: {}", applied.to_string());
      plan.next_running.scales = config_.scales;
      std::erase_if(plan.live, [](const config::KeyChange& c) { return c.key.starts_with("scales."); });
    }
  }
  // Logged before it is applied, so that lowering the level does not hide
  // the line that says so.
  for (const auto& c : plan.live) spdlog::info("reload: {} {} -> {} applied", c.key, c.before, c.after);
  for (const auto& c : plan.restart)
    spdlog::warn("reload: {} changed ({} -> {}) but needs a restart to take effect; still using {}",
                 c.key, c.before, c.after, c.before);
  if (plan.live.empty() && plan.restart.empty()) spdlog::info("reload: no changes");

  // The level was validated by the parser, so this cannot fail.
  (void)set_log_level(plan.next_running.log.level);
  bool retention_changed =
      config_.outbox.retention_hours != plan.next_running.outbox.retention_hours ||
      config_.outbox.downlink_retention_hours != plan.next_running.outbox.downlink_retention_hours ||
      config_.store.idempotency_retention_hours != plan.next_running.store.idempotency_retention_hours ||
      config_.store.device_record_days != plan.next_running.store.device_record_days;
  config_ = std::move(plan.next_running);
  if (retention_changed) prune_outbox();
  notifier_.notify("READY=1\nSTATUS=" + status_line());
}

void Gateway::shut_down(const std::string& reason) {
  if (stopping_) return;
  stopping_ = true;
  spdlog::info("stopping: {}", reason);
  notifier_.notify("STOPPING=1\nSTATUS=stopping: " + reason);
  if (engine_) write_status_file("stopping: " + reason);

  // 1. Take no more work: no ticks, no signal waits. Once nothing is pending,
  //    io_.run() returns.
  watchdog_.stop();
  status_.stop();
  pruner_.stop();
  metrics_writer_.stop();
  // A scheduled backup in progress finishes: its copy is complete or absent.
  backups_.reset();
  boost::system::error_code ignored;
  signals_.cancel(ignored);
  // 2. The HTTP API takes no more requests; requests in flight are cut off.
  if (http_) {
    http_->set_ready(false);
    http_->stop();
    http_.reset();
  }
  // 3. Devices stop feeding work, last started first. Their stopping is not
  //    a device change for the central system: the retained status says the
  //    gateway is offline.
  if (device_events_) device_events_->detach();
  for (auto it = devices_.rbegin(); it != devices_.rend(); ++it) (*it)->stop();
  devices_.clear();
  // The last word of the metrics file: every device stopped.
  if (config_.metrics.enabled) write_metrics();
  // 4. The engine finishes the transaction in flight and fails what is still
  //    queued with Errc::unavailable; nothing committed is lost.
  if (engine_) {
    engine_->stop();
    // 5. Close the read side before the writer so the WAL is checkpointed
    //    by the last connection to close.
    queries_.reset();
    engine_.reset();
    spdlog::info("store: closed");
  }
}

void Gateway::prune_outbox() {
  if (!engine_) return;
  constexpr std::int64_t kMsPerHour = 3'600'000;
  const TimeMs now = clock_.now_ms();
  // Each expiry blocks this loop until its commit; it is one DELETE, and the
  // watchdog ping has half its period to spare. Nothing recorded before the
  // epoch can exist; the guard also keeps the multiplication from
  // overflowing for a huge retention.
  auto expire = [&](std::int64_t hours, const char* part, const char* what, auto&& forget) {
    if (hours > now / kMsPerHour) return;
    Result<std::int64_t> n = forget(now - hours * kMsPerHour);
    if (!n.is_ok()) {
      spdlog::warn("{}: deleting {} older than {} h failed: {}", part, what, hours, n.status().to_string());
    } else if (*n > 0) {
      spdlog::info("{}: deleted {} {} older than {} h", part, *n, what, hours);
    }
  };
  expire(config_.outbox.retention_hours, "outbox", "acknowledged events",
         [this](TimeMs t) { return inventory::Outbox::prune(*engine_, t); });
  // The ids of applied downlink messages, kept for duplicate suppression.
  expire(config_.outbox.downlink_retention_hours, "downlink", "applied message ids",
         [this](TimeMs t) { return sync::prune_applied_messages(*engine_, t); });
  // Idempotency keys of requests: without this the table grows by a row per
  // keyed request for the life of the store.
  expire(config_.store.idempotency_retention_hours, "store", "idempotency keys",
         [this](TimeMs t) { return engine_->forget_requests(t); });
  // Passes and scan tallies of the device report.
  expire(config_.store.device_record_days * 24, "store", "device records",
         [this](TimeMs t) { return inventory::prune_device_records(*engine_, t); });
}

// On the loop: rendering is a snapshot under the registry's lock and the
// file is small, so a tick costs far less than the watchdog's spare time.
void Gateway::write_metrics() {
  export_engine_stats();
  Status st = metrics::write_atomically(config_.metrics_path(), metrics::render_prometheus(metrics_));
  // Said once per new problem, not at every tick.
  std::string problem = st.is_ok() ? "" : st.to_string();
  if (problem != metrics_problem_) {
    if (problem.empty()) spdlog::info("metrics: writing {} again", config_.metrics_path());
    else spdlog::warn("{}", problem);
    metrics_problem_ = problem;
  }
}

// The engine keeps its own totals; the registry's counters are moved on by
// what was added since the last export.
void Gateway::export_engine_stats() {
  if (!engine_) return;
  const inventory::Engine::Stats now = engine_->stats();
  auto bump = [this](const char* name, const char* help, std::uint64_t now, std::uint64_t& exported) {
    metrics_.counter(name, help).inc(now - exported);
    exported = now;
  };
  bump("jxc_engine_commits_total", "Group commits of the store's writer", now.commits, engine_exported_.commits);
  bump("jxc_engine_requests_total", "Requests the writer ran (documents, alerts, master data, ...)",
       now.requests, engine_exported_.requests);
  bump("jxc_engine_failed_requests_total", "Requests refused with an error, nothing of them written",
       now.failed_requests, engine_exported_.failed_requests);
  bump("jxc_engine_reruns_total",
       "Batches rolled back and run again with a savepoint per request because one failed after writing",
       now.reruns, engine_exported_.reruns);
}

void Gateway::refresh_status() {
  // Nothing before READY=1 says the first one, nothing once stopping.
  if (last_status_.empty() || stopping_) return;
  std::string line = status_line();
  if (line == last_status_ && !devices_changed_) return;
  if (line != last_status_) notifier_.notify("STATUS=" + line);
  last_status_ = line;
  write_status_file(line);
}

void Gateway::write_status_file(const std::string& line) {
  devices_changed_ = false;
  StatusFile file{::getpid(), clock_.now_ms(), started_at_, line, health_.snapshot()};
  Status st = service::write_status_file(engine_->options().store_path, file);
  // Said once per new problem: `jxc-edge status` misses the devices, nothing else does.
  std::string problem = st.is_ok() ? "" : st.to_string();
  if (problem != status_file_problem_ && !problem.empty()) spdlog::warn("status file: {}", problem);
  status_file_problem_ = problem;
}

std::string Gateway::status_line() {
  std::string line = "ready: store " + (engine_ ? engine_->options().store_path : config_.store_path());
  // Devices that report health (links to hardware and the uplink); the alerts
  // part runs as a device but is not one of them.
  if (!health_.snapshot().empty()) line += ", " + health_.summary();
  if (queries_) {
    auto stats = inventory::Outbox::stats(*queries_);
    if (stats.is_ok()) {
      std::int64_t pending = std::max<std::int64_t>(0, stats->last_seq - stats->acked_up_to);
      line += ", " + std::to_string(pending) + (pending == 1 ? " event" : " events") + " pending upload";
    }
  }
  return line;
}

}  // namespace jxc::service
