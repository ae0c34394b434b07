#pragma once
// Pushes alert events to the configured channels (generic webhook, DingTalk
// and WeCom group robots, SMTP e-mail) on a thread of its own, so that a slow
// or dead receiver never holds up the inventory engine. Each delivery is
// filtered (kinds, minimum severity, quiet hours in the site's time zone), retried with doubling
// back-off, and every attempt is written to the delivery log in the store. A
// channel whose deliveries keep failing raises channel_failing through the
// alert service; its next success clears it.
//
// An exception on the dispatcher's thread (a channel, a callback) is logged,
// reported to the health sink as device "alerts-dispatcher" (offline, with
// the reason), and the thread goes on with the deliveries queued after a
// back-off delay; the one that threw is not retried.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>

#include "edge/alerts/alert.h"
#include "edge/alerts/alert_text.h"
#include "edge/common/clock.h"
#include "edge/config/alerts.h"
#include "edge/devices/restart.h"
#include "edge/inventory/engine.h"

namespace jxc::alerts::channels {

struct DispatchOptions {
  std::string gateway_id = "gw-1";
  int retry_max = 5;                                    // attempts per delivery
  std::chrono::milliseconds retry_initial{2000};        // doubled after each failure
  int failures_alert = 3;                               // consecutive failures that raise channel_failing
  std::chrono::milliseconds timeout{10000};             // per attempt
  devices::RestartPolicy restart;                       // the thread's delays after an exception
  Wording wording;  // language of the messages; the site's zone for their times and quiet hours
};

/// The callbacks into the alert service for a channel's own condition.
struct ChannelHealth {
  std::function<void(Alert)> raise;
  std::function<void(const Key&)> clear;
};

class Dispatcher {
 public:
  /// Reads each channel's secret_file (a relative one from
  /// $CREDENTIALS_DIRECTORY); one unreadable or readable by group or others
  /// is an error.
  /// `device_health` (may be null) hears of exceptions on the thread.
  static Result<std::unique_ptr<Dispatcher>> create(std::vector<config::AlertChannel> channels,
                                                    DispatchOptions options,
                                                    inventory::Engine& engine, const Clock& clock,
                                                    ChannelHealth health,
                                                    devices::HealthSink* device_health = nullptr);
  ~Dispatcher();  // stop()

  void start();
  /// Abandons pending retries and joins the thread. Idempotent.
  void stop();
  /// Any thread; returns at once.
  void notify(const Alert& a, const std::string& event);

  /// Deliveries finished (succeeded, given up, or filtered) so far.
  std::uint64_t settled() const { return settled_; }
  std::uint64_t succeeded() const { return succeeded_; }

 private:
  struct Channel {
    config::AlertChannel cfg;
    std::string secret;
    Severity min_severity = Severity::info;
    int consecutive_failures = 0;
    bool failing = false;
  };
  struct Delivery;
  Dispatcher(std::vector<Channel> channels, DispatchOptions options, inventory::Engine& engine,
             const Clock& clock, ChannelHealth health, devices::HealthSink* device_health);
  bool wanted(const Channel& c, const Alert& a, const std::string& event, std::string* why) const;
  bool quiet(const Channel& c) const;
  void attempt(std::shared_ptr<Delivery> d);
  Status send(const Channel& c, const Alert& a, const std::string& event);
  void log(const Delivery& d, bool ok, const std::string& detail);

  std::vector<Channel> channels_;
  DispatchOptions opts_;
  inventory::Engine& engine_;
  const Clock& clock_;
  ChannelHealth health_;
  devices::Restarter restarter_;
  devices::HealthSink& device_health_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::atomic<std::uint64_t> settled_{0}, succeeded_{0};
};

}  // namespace jxc::alerts::channels
