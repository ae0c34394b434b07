#include "edge/alerts/alerts_device.h"

#include <algorithm>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "edge/alerts/alert_service.h"
#include "edge/alerts/channels/dispatcher.h"
#include "edge/config/config.h"
#include "edge/devices/restart.h"
#include "edge/metrics/registry.h"

namespace jxc::alerts {
namespace {

constexpr const char* kHealthKind = "alerts";

class AlertsDevice final : public devices::Device {
 public:
  AlertsDevice(devices::DeviceContext& ctx, std::shared_ptr<AlertService> service,
               std::unique_ptr<channels::Dispatcher> dispatcher)
      : health_(ctx.health),
        restarter_(ctx.health, id_, kHealthKind),
        service_(std::move(service)),
        dispatcher_(std::move(dispatcher)),
        period_(std::chrono::seconds(ctx.config.alerts.check_seconds)),
        timer_(io_) {}
  ~AlertsDevice() override { stop(); }

  const std::string& id() const override { return id_; }

  void start() override {
    if (running_) return;
    running_ = true;
    dispatcher_->start();
    channels::Dispatcher* d = dispatcher_.get();
    service_->set_sink([d](const Alert& a, const std::string& event) { d->notify(a, event); });
    work_.emplace(io_.get_executor());
    // Building the index reads every threshold; it runs on this device's
    // thread so that the gateway is ready without waiting for it.
    boost::asio::post(io_, [this] {
      // Not a link to hardware, so a refused start goes to the log rather
      // than to the health registry (whose figures are about devices); only
      // an exception, which stops the thread until its restart, goes there.
      if (Status s = service_->start(); !s)
        spdlog::error("alerts: cannot start the rules: {}", s.to_string());
      else
        spdlog::info("alerts: {} thresholds watched", service_->watch_count());
      std::weak_ptr<AlertService> weak = service_;
      health_.add_listener([weak](const devices::DeviceHealth& now, devices::DeviceState) {
        if (auto s = weak.lock()) s->on_health(now);
      });
      for (const auto& h : health_.snapshot()) service_->on_health(h);
      dispatcher_->check_digests();  // a digest due while the gateway was down goes at start
      arm();
    });
    restarter_.rearm();
    // A rule or listener that throws is reported; the thread goes on after
    // the back-off with its timer armed anew (the check that threw did not).
    thread_ = std::thread([this] {
      restarter_.run([this] { io_.run(); },
                     [this] {
                       arm();
                       health_.report(id_, kHealthKind, devices::DeviceState::online,
                                      "checking again after an exception");
                     });
    });
  }

  void stop() override {
    if (!running_) return;
    running_ = false;
    work_.reset();
    io_.stop();
    restarter_.stop();
    if (thread_.joinable()) thread_.join();
    service_->stop();
    dispatcher_->stop();
  }

 private:
  void arm() {
    timer_.expires_after(period_);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      if (Status s = service_->check(); !s) spdlog::warn("alerts: check failed: {}", s.to_string());
      dispatcher_->check_digests();
      arm();
    });
  }

  std::string id_ = "alerts";
  devices::HealthRegistry& health_;
  devices::Restarter restarter_;
  std::shared_ptr<AlertService> service_;
  std::unique_ptr<channels::Dispatcher> dispatcher_;
  std::chrono::steady_clock::duration period_;
  boost::asio::io_context io_;
  boost::asio::steady_timer timer_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  bool running_ = false;
};

}  // namespace

std::optional<PoisonEvent> uplink_poison_event(const metrics::Registry& registry, devices::HealthRegistry& health) {
  std::int64_t seq = 0;
  for (const auto& f : registry.snapshot())
    if (f.name == "jxc_uplink_poison_event_seq")
      for (const auto& sample : f.samples) seq = std::max(seq, static_cast<std::int64_t>(sample.value));
  if (seq <= 0) return std::nullopt;
  PoisonEvent p{seq, ""};
  for (const auto& h : health.snapshot())
    if (h.kind == "uplink") p.reason = h.detail;
  return p;
}

devices::DeviceFactory alerts_device_factory() {
  return [](devices::DeviceContext& ctx) -> Result<std::vector<std::unique_ptr<devices::Device>>> {
    std::vector<std::unique_ptr<devices::Device>> out;
    const config::AlertsConfig& cfg = ctx.config.alerts;
    if (!cfg.enabled) return out;
    const TimeZone zone = ctx.config.time_zone();
    JXC_ASSIGN(auto service, AlertService::create(ctx.engine, ctx.store_path, cfg, ctx.clock, zone));
    channels::DispatchOptions opts;
    opts.gateway_id = ctx.config.gateway.id;
    opts.wording = {parse_language(cfg.language), zone};
    opts.ack_base_url = cfg.ack_base_url;
    opts.store_path = ctx.store_path;
    opts.retry_max = static_cast<int>(cfg.retry_max);
    opts.retry_initial = std::chrono::seconds(cfg.retry_initial_seconds);
    opts.failures_alert = static_cast<int>(cfg.channel_failures_alert);
    std::weak_ptr<AlertService> weak = service;
    channels::ChannelHealth health{
        [weak](Alert a) {
          if (auto s = weak.lock()) s->raise(std::move(a));
        },
        [weak](const Key& k) {
          if (auto s = weak.lock()) s->clear(k);
        }};
    JXC_ASSIGN(auto dispatcher,
               channels::Dispatcher::create(cfg.channels, opts, ctx.engine, ctx.clock, health, &ctx.health));
    // Listeners are added while the engine is still idle: factories run
    // before any device starts.
    if (ctx.metrics) {
      const metrics::Registry* registry = ctx.metrics;
      devices::HealthRegistry* health_registry = &ctx.health;
      service->set_poison_source([registry, health_registry] { return uplink_poison_event(*registry, *health_registry); });
    }
    service->subscribe();
    out.push_back(std::make_unique<AlertsDevice>(ctx, std::move(service), std::move(dispatcher)));
    return out;
  };
}

}  // namespace jxc::alerts
