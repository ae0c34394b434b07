#include "edge/alerts/channels/dispatcher.h"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/channels/messages.h"
#include "edge/alerts/channels/transport.h"
#include "edge/config/redact.h"
#include "edge/config/secret_file.h"

namespace jxc::alerts::channels {

namespace {

constexpr const char* kDeviceId = "alerts-dispatcher";
constexpr const char* kHealthKind = "alerts";

/// Where exceptions are reported when nobody listens: the log alone.
class NoHealth final : public devices::HealthSink {
 public:
  void report(std::string, std::string, devices::DeviceState, std::string) override {}
};

devices::HealthSink& or_none(devices::HealthSink* h) {
  static NoHealth none;
  return h ? *h : none;
}

}  // namespace

struct Dispatcher::Delivery {
  std::size_t channel = 0;
  Alert alert;
  std::string event;
  int attempt = 0;
  std::unique_ptr<boost::asio::steady_timer> timer;
};

Result<std::unique_ptr<Dispatcher>> Dispatcher::create(std::vector<config::AlertChannel> cfgs,
                                                       DispatchOptions options,
                                                       inventory::Engine& engine, const Clock& clock,
                                                       ChannelHealth health,
                                                       devices::HealthSink* device_health) {
  std::vector<Channel> channels;
  for (std::size_t i = 0; i < cfgs.size(); ++i) {
    config::AlertChannel& cfg = cfgs[i];
    Channel c;
    if (!cfg.secret_file.empty()) {
      // Resolved and checked as check-config does (edge/config/secret_file.h).
      auto secret = config::read_secret_file("alerts.channels[" + std::to_string(i) + "].secret_file (channel " +
                                                 cfg.name + ")",
                                             cfg.secret_file);
      if (!secret) return secret.status();
      c.secret = std::move(secret).value();
    }
    if (cfg.kind != "smtp") {
      if (auto u = parse_url(cfg.url); !u)
        return error(Errc::config, "alert channel " + cfg.name + ": " + u.status().reason());
    }
    parse_severity(cfg.min_severity, &c.min_severity);
    c.cfg = std::move(cfg);
    channels.push_back(std::move(c));
  }
  return std::unique_ptr<Dispatcher>(
      new Dispatcher(std::move(channels), std::move(options), engine, clock, std::move(health), device_health));
}

Dispatcher::Dispatcher(std::vector<Channel> channels, DispatchOptions options,
                       inventory::Engine& engine, const Clock& clock, ChannelHealth health,
                       devices::HealthSink* device_health)
    : channels_(std::move(channels)),
      opts_(std::move(options)),
      engine_(engine),
      clock_(clock),
      health_(std::move(health)),
      restarter_(or_none(device_health), kDeviceId, kHealthKind, opts_.restart),
      device_health_(or_none(device_health)) {}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::start() {
  if (thread_.joinable()) return;
  work_.emplace(io_.get_executor());
  restarter_.rearm();
  thread_ = std::thread([this] {
    restarter_.run([this] { io_.run(); },
                   [this] {
                     device_health_.report(kDeviceId, kHealthKind, devices::DeviceState::online,
                                           "delivering again after an exception");
                   });
  });
}

void Dispatcher::stop() {
  if (!thread_.joinable()) return;
  work_.reset();
  io_.stop();  // pending retries are abandoned; they are in the delivery log
  restarter_.stop();
  thread_.join();
}

void Dispatcher::notify(const Alert& a, const std::string& event) {
  boost::asio::post(io_, [this, a, event] {
    for (std::size_t i = 0; i < channels_.size(); ++i) {
      std::string why;
      if (!wanted(channels_[i], a, event, &why)) {
        ++settled_;
        continue;
      }
      auto d = std::make_shared<Delivery>();
      d->channel = i;
      d->alert = a;
      d->event = event;
      attempt(std::move(d));
    }
  });
}

bool Dispatcher::quiet(const Channel& c) const {
  if (c.cfg.quiet_from.empty()) return false;
  auto minutes = [](const std::string& hhmm) {
    return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
  };
  const int now = local_minute_of_day(clock_.now_ms(), opts_.wording.zone);
  const int from = minutes(c.cfg.quiet_from), to = minutes(c.cfg.quiet_to);
  return from <= to ? (now >= from && now < to) : (now >= from || now < to);  // may span midnight
}

bool Dispatcher::wanted(const Channel& c, const Alert& a, const std::string& event,
                        std::string* why) const {
  if (event != "raised" && event != "cleared" && event != "escalated") return false;
  // A failing channel is not told about its own failure.
  if (a.key.kind == Kind::channel_failing && a.key.subject == c.cfg.name) return false;
  if (!c.cfg.kinds.empty() &&
      std::find(c.cfg.kinds.begin(), c.cfg.kinds.end(), std::string(to_string(a.key.kind))) ==
          c.cfg.kinds.end()) {
    *why = "kind filtered";
    return false;
  }
  if (a.severity < c.min_severity) {
    *why = "below min severity";
    return false;
  }
  // Quiet hours hold back everything but critical alerts.
  if (a.severity != Severity::critical && quiet(c)) {
    *why = "quiet hours";
    return false;
  }
  return true;
}

Status Dispatcher::send(const Channel& c, const Alert& a, const std::string& event) {
  const std::string& gw = opts_.gateway_id;
  if (c.cfg.kind == "smtp") {
    SmtpMessage m;
    m.host = c.cfg.smtp_host;
    m.port = static_cast<int>(c.cfg.smtp_port);
    m.from = c.cfg.smtp_from;
    m.to = c.cfg.smtp_to;
    std::string to_header;
    for (const auto& t : m.to) to_header += (to_header.empty() ? "" : ", ") + t;
    m.data = email(a, event, gw, m.from, to_header, clock_.now_ms(), opts_.wording);
    return smtp_send(m, opts_.timeout);
  }
  std::string body, url = c.cfg.url;
  Headers headers;
  if (c.cfg.kind == "webhook") {
    body = webhook_body(a, event, gw);
    if (!c.secret.empty()) {
      const std::string ts = std::to_string(clock_.now_ms());
      headers.emplace_back("X-Jxc-Timestamp", ts);
      headers.emplace_back("X-Jxc-Signature", webhook_signature(c.secret, ts, body));
    }
  } else if (c.cfg.kind == "dingtalk") {
    body = dingtalk_body(a, event, gw, opts_.wording);
    if (!c.secret.empty()) url = dingtalk_signed_url(url, c.secret, clock_.now_ms());
  } else {
    body = wecom_body(a, event, gw, opts_.wording);
  }
  JXC_ASSIGN(Url u, parse_url(url));
  JXC_ASSIGN(HttpResponse res, http_post(u, body, headers, opts_.timeout));
  if (res.status < 200 || res.status > 299)
    return error(Errc::io, "HTTP " + std::to_string(res.status) + ": " + res.body.substr(0, 200));
  // The robots answer 200 with {"errcode": n, "errmsg": ...}; non-zero is a refusal.
  if (c.cfg.kind != "webhook") {
    auto j = nlohmann::json::parse(res.body, nullptr, false);
    if (j.is_object() && j.contains("errcode") && j["errcode"].is_number_integer() &&
        j["errcode"].get<int>() != 0)
      return error(Errc::io, "robot refused: " + res.body.substr(0, 200));
  }
  return Status::ok();
}

void Dispatcher::log(const Delivery& d, bool ok, const std::string& detail) {
  const std::string channel = channels_[d.channel].cfg.name;
  engine_.submit_async<int>(
      [id = d.alert.id, channel, event = d.event, attempt = d.attempt, ok,
       detail](inventory::Tx& tx) -> Result<int> {
        JXC_TRY(store_delivery(tx, id, channel, event, attempt, ok, detail));
        return 0;
      },
      [](Result<int> r) {
        if (!r) spdlog::warn("alerts: cannot log a delivery: {}", r.status().to_string());
      });
}

void Dispatcher::attempt(std::shared_ptr<Delivery> d) {
  Channel& c = channels_[d->channel];
  ++d->attempt;
  Status s = send(c, d->alert, d->event);
  // A robot's answer may quote its URL: nothing with a token goes to the
  // log or the delivery record.
  if (!s.is_ok()) s = error(s.code(), config::redact_urls(s.reason()));
  log(*d, s.is_ok(), s.is_ok() ? "" : s.reason());
  if (s) {
    ++succeeded_;
    ++settled_;
    c.consecutive_failures = 0;
    if (c.failing) {
      c.failing = false;
      if (health_.clear) health_.clear(Key{Kind::channel_failing, "", "", "", c.cfg.name});
    }
    return;
  }
  spdlog::warn("alerts: channel {} attempt {}: {}", c.cfg.name, d->attempt, s.reason());
  if (++c.consecutive_failures >= opts_.failures_alert && !c.failing) {
    c.failing = true;
    if (health_.raise) {
      Alert a;
      a.key = Key{Kind::channel_failing, "", "", "", c.cfg.name};
      a.severity = default_severity(Kind::channel_failing);
      a.qty = c.consecutive_failures;
      a.threshold = opts_.failures_alert;
      a.detail = c.cfg.kind + " channel " + c.cfg.name + " failed " +
                 std::to_string(c.consecutive_failures) + " deliveries in a row: " + s.reason();
      a.facts.source = c.cfg.kind;
      a.facts.reason = s.reason();
      a.raised_at = clock_.now_ms();
      health_.raise(std::move(a));
    }
  }
  if (d->attempt >= opts_.retry_max) {
    ++settled_;
    return;
  }
  auto backoff = opts_.retry_initial * (1 << std::min(d->attempt - 1, 16));
  d->timer = std::make_unique<boost::asio::steady_timer>(io_, backoff);
  d->timer->async_wait([this, d](boost::system::error_code ec) {
    if (!ec) attempt(d);
  });
}

}  // namespace jxc::alerts::channels
