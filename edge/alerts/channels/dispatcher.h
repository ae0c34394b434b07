#pragma once
// Pushes alert events to the configured channels (generic webhook, DingTalk,
// WeCom and Feishu/Lark group robots, SMTP e-mail) on a thread of its own, so
// that a slow or dead receiver never holds up the inventory engine. Each
// delivery is filtered (kinds, minimum severity, quiet hours in the site's
// time zone), retried with doubling back-off, and every attempt is written to
// the delivery log in the store with the failure's class (transport.h, and
// "HTTP <status>: ..." or "robot error <code> (<meaning>): ..."). A channel
// whose deliveries keep failing raises channel_failing through the alert
// service; its next success clears it.
//
// A channel with `digest_at` sends the daily digest (daily_digest.h) through
// the same transport once a local day from then on, whatever its filters and
// quiet hours; check_digests() looks whether one is due (the alerts device
// calls it with every check), and the day it went is recorded in the store
// once the receiver took it. A digest that fails every retry is not tried
// again that day unless the gateway restarts.
//
// A robot's rate limit (rate_limit.h) is kept: what comes while it is
// reached waits, and everything that waited goes as one digest message as
// soon as the robot takes one again. A robot that says it is over its limit
// (HTTP 429 or its error code) is given a whole window before the next try.
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
#include <boost/asio/steady_timer.hpp>

#include "edge/alerts/alert.h"
#include "edge/alerts/alert_text.h"
#include "edge/alerts/channels/messages.h"
#include "edge/alerts/channels/rate_limit.h"
#include "edge/alerts/channels/transport.h"
#include "edge/alerts/daily_digest.h"
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
  std::chrono::milliseconds connect_timeout{5000};      // per attempt, unless the channel sets its own
  std::chrono::milliseconds timeout{15000};             // per attempt, unless the channel sets its own
  devices::RestartPolicy restart;                       // the thread's delays after an exception
  Wording wording;  // language of the messages; the site's zone for their times and quiet hours
  // The gateway's address ([alerts] ack_base_url): messages link to
  // <ack_base_url>/alerts/<id>; empty = no link.
  std::string ack_base_url;
  // The store the daily digests are read from (a read-only connection of
  // their own); empty: channels with digest_at send none.
  std::string store_path;
};

/// The callbacks into the alert service for a channel's own condition.
struct ChannelHealth {
  std::function<void(Alert)> raise;
  std::function<void(const Key&)> clear;
};

class Dispatcher {
 public:
  /// Reads each channel's secret_file and smtp_password_file (relative ones
  /// from $CREDENTIALS_DIRECTORY); one unreadable or readable by group or
  /// others is an error, as is a ca_file that cannot be read.
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

  /// Any thread; returns at once. Sends the daily digest of each channel
  /// whose digest_at has come today (local time) and that has not sent it.
  void check_digests();
  /// Digest checks finished so far.
  std::uint64_t digest_checks() const { return digest_checks_; }

  /// Deliveries finished (succeeded, given up, or filtered) so far.
  std::uint64_t settled() const { return settled_; }
  std::uint64_t succeeded() const { return succeeded_; }
  /// Messages sent successfully, a digest counting once.
  std::uint64_t messages() const { return messages_; }

 private:
  // One message's worth of alert events for one channel: a single event, or
  // the digest of those a rate limit held back.
  struct Delivery {
    std::size_t channel = 0;
    std::vector<DigestItem> items;
    std::shared_ptr<const DailyDigest> daily;  // set: the daily digest instead of items
    int attempt = 0;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };
  struct Channel {
    config::AlertChannel cfg;
    std::string secret;
    std::string smtp_password;
    Severity min_severity = Severity::info;
    int consecutive_failures = 0;
    bool failing = false;
    RateLimit rate;
    std::vector<std::shared_ptr<Delivery>> held;  // waiting for the rate limit
    std::unique_ptr<boost::asio::steady_timer> flush_timer;
    // The daily digest: the local day it last went (read from the store
    // once), whether one is on its way, and a day whose digest failed.
    std::optional<std::string> digest_day;
    bool digest_day_read = false, digest_pending = false;
    std::string digest_given_up;
  };
  Dispatcher(std::vector<Channel> channels, DispatchOptions options, inventory::Engine& engine,
             const Clock& clock, ChannelHealth health, devices::HealthSink* device_health);
  bool wanted(const Channel& c, const Alert& a, const std::string& event, std::string* why) const;
  bool quiet(const Channel& c) const;
  void attempt(std::shared_ptr<Delivery> d);
  void hold(std::size_t channel, std::shared_ptr<Delivery> d);
  void flush(std::size_t channel);
  Status send(Channel& c, const Delivery& d);
  Status send_smtp(const Channel& c, const Alert& a, const std::string& event);
  /// An e-mail to `c`'s server and recipients, without its data yet;
  /// `to_header` gets the recipients as the To: header lists them.
  static SmtpMessage smtp_envelope(const Channel& c, std::string* to_header);
  /// POSTs to the channel's receiver; a robot's refusal (its error code in
  /// a 200 reply, or 429) fails it and may fill the rate limit's window.
  Status post(Channel& c, const std::string& url, const std::string& body, const Headers& headers);
  // dispatcher_digest.cpp
  void run_digest_checks();
  Status send_daily(Channel& c, const DailyDigest& d);
  void daily_settled(Channel& c, const DailyDigest& d, bool ok);
  void log(const Delivery& d, bool ok, const std::string& reason);
  TransferOptions transfer_options(const config::AlertChannel& c) const;

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
  std::atomic<std::uint64_t> settled_{0}, succeeded_{0}, messages_{0}, digest_checks_{0};
  std::unique_ptr<inventory::Queries> digest_q_;  // opened by the first digest check
};

}  // namespace jxc::alerts::channels
