#include "edge/alerts/channels/dispatcher.h"

#include <algorithm>
#include <fstream>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/channels/message_limits.h"
#include "edge/alerts/channels/messages.h"
#include "edge/alerts/channels/transport.h"
#include "edge/config/redact.h"
#include "edge/config/secret_file.h"
#include "edge/inventory/queries.h"

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

// Robots' error codes people need to tell apart, in the words of their
// documentation; `rate_limited` for those that mean "slow down".
struct RobotError {
  const char* kind;
  long code;
  const char* meaning;
  bool rate_limited;
};
constexpr RobotError kRobotErrors[] = {
    {"dingtalk", 310000, "signature, keyword or IP address refused", false},
    {"dingtalk", 300001, "invalid access token", false},
    {"dingtalk", 130101, "sending too fast", true},
    {"wecom", 93000, "invalid webhook URL", false},
    {"wecom", 45009, "over the robot's rate limit", true},
    {"wecom", 40008, "invalid message type", false},
    {"wecom", 40058, "message over the robot's size limit", false},
    {"feishu", 19021, "bad signature or timestamp", false},
    {"feishu", 19022, "IP address not allowed", false},
    {"feishu", 19024, "keyword not found", false},
    {"feishu", 9499, "too many requests", true},
    {"feishu", 11232, "over the robot's rate limit", true},
};

struct RobotReply {
  long code = 0;
  std::string message;
};
// DingTalk and WeCom answer {"errcode": n, "errmsg": ..}, Feishu {"code": n,
// "msg": ..} (older hooks {"StatusCode": n, "StatusMessage": ..}).
RobotReply robot_reply(const std::string& body) {
  RobotReply r;
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return r;
  for (auto [code, msg] : {std::pair{"errcode", "errmsg"}, {"code", "msg"}, {"StatusCode", "StatusMessage"}}) {
    if (!j.contains(code) || !j[code].is_number_integer()) continue;
    r.code = j[code].get<long>();
    if (j.contains(msg) && j[msg].is_string()) r.message = j[msg].get<std::string>();
    break;
  }
  return r;
}

}  // namespace

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
    const std::string at = "alerts.channels[" + std::to_string(i) + "]";
    if (!cfg.smtp_password_file.empty()) {
      auto password = config::read_secret_file(at + ".smtp_password_file (channel " + cfg.name + ")",
                                               cfg.smtp_password_file);
      if (!password) return password.status();
      c.smtp_password = std::move(password).value();
    }
    if (!cfg.ca_file.empty() && !std::ifstream(cfg.ca_file).good())
      return error(Errc::config, at + ".ca_file (channel " + cfg.name + "): cannot read \"" + cfg.ca_file + "\"");
    if (cfg.kind == "smtp" && !cfg.smtp_user.empty() && config::smtp_tls_of(cfg) == "none")
      return error(Errc::config, at + ".smtp_tls (channel " + cfg.name + "): a password is sent only over TLS");
    c.rate = RateLimit(robot_rate_rules(cfg.kind));
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

Dispatcher::~Dispatcher() {
  stop();
  // Timers belong to io_, which goes before the channels do.
  for (Channel& c : channels_) {
    c.held.clear();
    c.flush_timer.reset();
  }
}

TransferOptions Dispatcher::transfer_options(const config::AlertChannel& c) const {
  TransferOptions o;
  o.connect_timeout = c.connect_timeout_seconds > 0 ? std::chrono::seconds(c.connect_timeout_seconds)
                                                    : std::chrono::milliseconds(opts_.connect_timeout);
  o.timeout = c.timeout_seconds > 0 ? std::chrono::seconds(c.timeout_seconds) : std::chrono::milliseconds(opts_.timeout);
  o.ca_file = c.ca_file;
  return o;
}

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
      d->items.push_back(DigestItem{a, event});
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

SmtpMessage Dispatcher::smtp_envelope(const Channel& c, std::string* to_header) {
  SmtpMessage m;
  m.host = c.cfg.smtp_host;
  m.port = static_cast<int>(c.cfg.smtp_port);
  const std::string tls = config::smtp_tls_of(c.cfg);
  m.tls = tls == "implicit" ? SmtpTls::implicit : tls == "starttls" ? SmtpTls::starttls : SmtpTls::none;
  m.user = c.cfg.smtp_user;
  m.password = c.smtp_password;
  m.from = c.cfg.smtp_from;
  m.to = c.cfg.smtp_to;
  to_header->clear();
  for (const auto& t : m.to) *to_header += (to_header->empty() ? "" : ", ") + t;
  return m;
}

Status Dispatcher::send_smtp(const Channel& c, const Alert& a, const std::string& event) {
  std::string to_header;
  SmtpMessage m = smtp_envelope(c, &to_header);
  m.data = email(a, event, opts_.gateway_id, m.from, to_header, clock_.now_ms(), opts_.wording, opts_.ack_base_url);
  return smtp_send(m, transfer_options(c.cfg));
}

Status Dispatcher::send(Channel& c, const Delivery& d) {
  if (d.daily) return send_daily(c, *d.daily);
  const std::string& gw = opts_.gateway_id;
  const bool digest = d.items.size() > 1;
  if (c.cfg.kind == "smtp") {
    for (const auto& item : d.items) JXC_TRY(send_smtp(c, item.alert, item.event));
    return Status::ok();
  }
  const Alert& a = d.items.front().alert;
  const std::string& event = d.items.front().event;
  Severity top = a.severity;
  for (const auto& item : d.items) top = std::max(top, item.alert.severity);
  const std::string heading = digest ? digest_title(d.items.size(), gw, opts_.wording) : title(a, event, gw, opts_.wording);
  const std::string& link = opts_.ack_base_url;
  // Within the robot's limit (message_limits.h), a long detail as well as a long digest.
  const std::size_t limit = text_limit(c.cfg.kind);
  // One alert over the limit has its detail (the one free text) shortened
  // first, so that its fields and its link stay.
  auto fitted = [&](auto render) {
    std::string t = render(a);
    if (limit > 0 && t.size() > limit) {
      Alert shorter = a;
      shorter.detail = shortened(a.detail, t.size() - limit);
      t = render(shorter);
    }
    return fit_text(t, limit, opts_.wording.language);
  };
  const std::string text =
      digest ? fit_text(digest_markdown(d.items, gw, limit == 0 ? 12000 : limit, opts_.wording, link), limit,
                        opts_.wording.language)
             : fitted([&](const Alert& x) { return markdown(x, event, gw, opts_.wording, link); });
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
    body = dingtalk_markdown_body(heading, text);
    if (!c.secret.empty()) url = dingtalk_signed_url(url, c.secret, clock_.now_ms());
  } else if (c.cfg.kind == "feishu") {
    // The card's header holds the title; its text goes without the heading line.
    const std::string card_text =
        digest ? text.substr(text.find('\n') + 1) : fitted([&](const Alert& x) { return lark_md(x, opts_.wording, link); });
    body = feishu_body(heading, card_text, top, c.secret, clock_.now_ms());
  } else {
    body = wecom_markdown_body(text);
  }
  return post(c, url, body, headers);
}

Status Dispatcher::post(Channel& c, const std::string& url, const std::string& body, const Headers& headers) {
  JXC_ASSIGN(Url u, parse_url(url));
  JXC_ASSIGN(HttpResponse res, http_post(u, body, headers, transfer_options(c.cfg)));
  if (res.status == 429) c.rate.saturate(clock_.now_ms());
  if (res.status < 200 || res.status > 299)
    return error(Errc::io, "HTTP " + std::to_string(res.status) + ": " + res.body.substr(0, 200));
  if (c.cfg.kind == "webhook") return Status::ok();
  // The robots answer 200 with their own code; non-zero is a refusal.
  const RobotReply r = robot_reply(res.body);
  if (r.code == 0) return Status::ok();
  std::string meaning;
  for (const RobotError& e : kRobotErrors) {
    if (c.cfg.kind != e.kind || r.code != e.code) continue;
    meaning = std::string(" (") + e.meaning + ")";
    if (e.rate_limited) c.rate.saturate(clock_.now_ms());
  }
  return error(Errc::io, "robot error " + std::to_string(r.code) + meaning + ": " + r.message.substr(0, 200));
}

void Dispatcher::log(const Delivery& d, bool ok, const std::string& reason) {
  const std::string channel = channels_[d.channel].cfg.name;
  std::string detail = reason;
  if (d.items.size() > 1)
    detail = "digest of " + std::to_string(d.items.size()) + " alerts" + (ok ? "" : ": " + reason);
  std::vector<std::pair<std::int64_t, std::string>> events;
  for (const auto& item : d.items) events.emplace_back(item.alert.id, item.event);
  if (d.daily) {  // no alert of its own: alert id 0
    events.emplace_back(0, "digest");
    detail = "daily digest of " + d.daily->day + (ok ? "" : ": " + reason);
  }
  engine_.submit_async<int>(
      [events, channel, attempt = d.attempt, ok, detail](inventory::Tx& tx) -> Result<int> {
        for (const auto& [id, event] : events) JXC_TRY(store_delivery(tx, id, channel, event, attempt, ok, detail));
        return 0;
      },
      [](Result<int> r) {
        if (!r) spdlog::warn("alerts: cannot log a delivery: {}", r.status().to_string());
      });
}

void Dispatcher::hold(std::size_t channel, std::shared_ptr<Delivery> d) {
  Channel& c = channels_[channel];
  c.held.push_back(std::move(d));
  if (!c.flush_timer) c.flush_timer = std::make_unique<boost::asio::steady_timer>(io_);
  if (c.held.size() > 1) return;  // the timer is set already
  // Checked again at least every second against the clock, which may be
  // set rather than run.
  const TimeMs now = clock_.now_ms();
  const auto wait = std::chrono::milliseconds(std::clamp<TimeMs>(c.rate.next_free(now) - now, 1, 1000));
  c.flush_timer->expires_after(wait);
  c.flush_timer->async_wait([this, channel](boost::system::error_code ec) {
    if (!ec) flush(channel);
  });
}

void Dispatcher::flush(std::size_t channel) {
  Channel& c = channels_[channel];
  std::vector<std::shared_ptr<Delivery>> held;
  held.swap(c.held);
  if (held.empty()) return;
  // Daily digests go on their own; the alerts that waited as one message.
  std::vector<std::shared_ptr<Delivery>> alerts;
  for (auto& h : held) {
    if (h->daily) attempt(h);  // held again if the robot's window is full
    else alerts.push_back(std::move(h));
  }
  if (alerts.empty()) return;
  std::shared_ptr<Delivery> d = alerts.front();
  if (alerts.size() > 1) {  // one digest, tried afresh
    d = std::make_shared<Delivery>();
    d->channel = channel;
    for (auto& h : alerts)
      for (auto& item : h->items) d->items.push_back(std::move(item));
  }
  attempt(std::move(d));  // held again if the robot's window is still full
}

void Dispatcher::attempt(std::shared_ptr<Delivery> d) {
  Channel& c = channels_[d->channel];
  if (c.rate.limited()) {
    const TimeMs now = clock_.now_ms();
    if (!c.held.empty() || c.rate.next_free(now) > now) {
      const std::size_t channel = d->channel;
      return hold(channel, std::move(d));
    }
    c.rate.take(now);
  }
  ++d->attempt;
  Status s = send(c, *d);
  // A robot's answer may quote its URL: nothing with a token goes to the
  // log or the delivery record.
  if (!s.is_ok()) s = error(s.code(), config::redact_urls(s.reason()));
  log(*d, s.is_ok(), s.is_ok() ? "" : s.reason());
  if (d->daily && (s || d->attempt >= opts_.retry_max)) daily_settled(c, *d->daily, s.is_ok());
  if (s) {
    succeeded_ += d->items.size();
    settled_ += d->items.size();
    ++messages_;
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
    settled_ += d->items.size();
    return;
  }
  auto backoff = opts_.retry_initial * (1 << std::min(d->attempt - 1, 16));
  d->timer = std::make_unique<boost::asio::steady_timer>(io_, backoff);
  d->timer->async_wait([this, d](boost::system::error_code ec) {
    if (!ec) attempt(d);
  });
}

}  // namespace jxc::alerts::channels
