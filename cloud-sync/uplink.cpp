#include "cloud-sync/uplink.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include <mqtt/async_client.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cloud-sync/backoff.h"
#include "cloud-sync/envelope.h"
#include "cloud-sync/topics.h"
#include "edge/config/config.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"
#include "edge/metrics/registry.h"
#include "edge/store/sqlite.h"

namespace jxc::cloud_sync {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kPageSize = 256;               // outbox rows read at a time
// Larger messages are rejected unread; the same cap as the downlink handler
// (sync::DownlinkOptions), which a full master data snapshot fits in.
constexpr std::size_t kMaxDownlinkBytes = 8 * 1024 * 1024;
constexpr std::size_t kMaxQueuedMessages = 10'000;     // downlink waiting for the worker
constexpr auto kStatusMinInterval = milliseconds(1000);

// Paho hands back one void* per operation; it carries which connection the
// operation belonged to (so late callbacks of a dead connection are ignored)
// and, for publishes, the event's seq (0 for other messages).
void* pack(std::uint64_t generation, std::int64_t seq) {
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>((generation << 48) |
                                                             (static_cast<std::uint64_t>(seq) & 0xFFFF'FFFF'FFFFull)));
}
std::uint64_t generation_of(void* p) { return reinterpret_cast<std::uintptr_t>(p) >> 48; }
std::int64_t seq_of(void* p) {
  return static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(p) & 0xFFFF'FFFF'FFFFull);
}

// What Paho's threads and the engine's commit listener tell the worker.
struct Note {
  enum class Kind { connected, connect_failed, lost, puback, pub_failed, message } kind;
  std::uint64_t generation = 0;
  std::int64_t seq = 0;
  std::string text;  // reason, or the message's topic
  std::string payload, response_topic, correlation;
};

}  // namespace

// Everything the callbacks may touch lives here, shared with them, so a
// callback that outlives the Uplink (Paho's or the engine's) finds it alive.
struct Inbox {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Note> notes;
  std::size_t queued_messages = 0;
  bool stopping = false;
  bool outbox_grew = false;
  bool health_changed = false;
  std::atomic<std::int64_t> last_seq{0};
  std::atomic<std::uint64_t> generation{0};
  // The TLS layer's last complaint (Paho hands it to a callback, not to the
  // failed connect's token): added to the connect failure's reason.
  std::string tls_error;

  void push(Note n) {
    {
      std::lock_guard lk(mu);
      if (n.kind == Note::Kind::message) {
        if (queued_messages >= kMaxQueuedMessages) {
          spdlog::warn("uplink: downlink queue full, dropped a message on {}", n.text);
          return;
        }
        ++queued_messages;
      }
      notes.push_back(std::move(n));
    }
    cv.notify_one();
  }
};

// Why an operation failed, for a person: the MQTT 5 reason (e.g. "Bad user
// name or password"), the MQTT 3.1.1 CONNACK refusal, or the client's error.
static std::string describe_failure(const mqtt::token& tok) {
  int reason = static_cast<int>(tok.get_reason_code());
  int rc = tok.get_return_code();
  // Paho C hands an MQTT 5 CONNACK refusal back as the return code.
  if (reason < 0x80 && rc >= 0x80) reason = rc;
  if (reason >= 0x80) {
    std::string text = mqtt::exception::reason_code_str(reason);
    return (text.empty() ? "refused" : text) + " (reason code " + std::to_string(reason) + ")";
  }
  // MQTT 3.1.1 CONNACK return codes, as Paho passes them on.
  static const char* const kConnack[] = {nullptr, "unacceptable protocol version", "client identifier rejected",
                                         "server unavailable", "bad user name or password", "not authorized"};
  if (tok.get_type() == mqtt::token::Type::CONNECT && rc >= 1 && rc <= 5)
    return std::string(kConnack[rc]) + " (CONNACK return code " + std::to_string(rc) + ")";
  std::string text = rc != 0 ? mqtt::exception::error_str(rc) : std::string();
  if (!text.empty()) return text + " (return code " + std::to_string(rc) + ")";
  return rc != 0 ? "return code " + std::to_string(rc) : "reason code " + std::to_string(reason);
}

class Listener final : public mqtt::iaction_listener {
 public:
  Listener(std::shared_ptr<Inbox> inbox, Note::Kind ok, Note::Kind failed)
      : inbox_(std::move(inbox)), ok_(ok), failed_(failed) {}
  void on_success(const mqtt::token& tok) override {
    void* ctx = tok.get_user_context();
    inbox_->push(Note{ok_, generation_of(ctx), seq_of(ctx), {}, {}, {}, {}});
  }
  void on_failure(const mqtt::token& tok) override {
    void* ctx = tok.get_user_context();
    inbox_->push(Note{failed_, generation_of(ctx), seq_of(ctx), describe_failure(tok), {}, {}, {}});
  }

 private:
  std::shared_ptr<Inbox> inbox_;
  Note::Kind ok_, failed_;
};

// The uplink's series, looked up once: updating one is an atomic add.
struct UplinkMetrics {
  explicit UplinkMetrics(metrics::Registry& r)
      : connected(r.gauge("jxc_uplink_connected", "1 while the uplink is connected to the broker")),
        connect_attempts(r.counter("jxc_uplink_connect_attempts_total", "Connection attempts, first and retries")),
        connect_failures(r.counter("jxc_uplink_connect_failures_total", "Connection attempts that failed")),
        connects(r.counter("jxc_uplink_connects_total", "Connections established")),
        disconnects(r.counter("jxc_uplink_disconnects_total", "Established connections lost")),
        published(r.counter("jxc_uplink_published_total", "Events published (re-sends included)")),
        pubacks(r.counter("jxc_uplink_pubacks_total", "Events the broker acknowledged (PUBACK)")),
        acked_seq(r.gauge("jxc_uplink_acked_seq", "Highest seq the central system acknowledged")),
        last_seq(r.gauge("jxc_uplink_last_seq", "Highest seq in the outbox")),
        backlog(r.gauge("jxc_uplink_backlog_events", "Events the central system has not acknowledged")),
        oldest_age_s(r.gauge("jxc_uplink_backlog_oldest_age_seconds",
                             "Age of the oldest event the central system has not acknowledged")),
        backlog_alert(r.gauge("jxc_uplink_backlog_alert", "1 while the backlog is above mqtt.backlog_alert")),
        downlink_applied(r.counter("jxc_uplink_downlink_messages_total", "Downlink messages by outcome",
                                   {{"result", "applied"}})),
        downlink_duplicate(r.counter("jxc_uplink_downlink_messages_total", "Downlink messages by outcome",
                                     {{"result", "duplicate"}})),
        downlink_rejected(r.counter("jxc_uplink_downlink_messages_total", "Downlink messages by outcome",
                                    {{"result", "rejected"}})),
        master_data_requests(r.counter("jxc_uplink_master_data_requests_total",
                                       "Master data snapshots asked of the central system")) {}
  metrics::Gauge& connected;
  metrics::Counter &connect_attempts, &connect_failures, &connects, &disconnects, &published, &pubacks;
  metrics::Gauge &acked_seq, &last_seq, &backlog, &oldest_age_s, &backlog_alert;
  metrics::Counter &downlink_applied, &downlink_duplicate, &downlink_rejected, &master_data_requests;
};

// OpenSSL's error line ("error:0A000086:SSL routines:...:certificate verify
// failed:...") cut to its reason.
static std::string tls_reason(const std::string& line) {
  std::string out = line;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

class Uplink::Impl {
 public:
  Impl(UplinkSettings s, inventory::Engine& engine, devices::HealthSink& health,
       devices::HealthRegistry* registry, std::shared_ptr<sync::DownlinkHandler> handler)
      : s_(std::move(s)),
        engine_(engine),
        health_(health),
        registry_(registry),
        handler_(std::move(handler)),
        topics_(s_.mqtt.topic_root, s_.site_id, s_.gateway_id),
        source_{engine.epoch(), s_.gateway_id, s_.site_id},
        backoff_(s_.mqtt.reconnect_min_ms, s_.mqtt.reconnect_max_ms),
        inbox_(std::make_shared<Inbox>()),
        connect_listener_(inbox_, Note::Kind::connected, Note::Kind::connect_failed),
        publish_listener_(inbox_, Note::Kind::puback, Note::Kind::pub_failed),
        m_(s_.metrics ? *s_.metrics : own_metrics_) {
    // Registered here, while the factory runs: the engine's and the
    // registry's listener lists are to be complete before traffic starts.
    // The engine keeps its listeners for its whole life: hold only the inbox.
    engine_.add_commit_listener([inbox = inbox_](const inventory::CommitEffects& fx) {
      if (fx.last_seq <= 0) return;
      std::int64_t prev = inbox->last_seq.load();
      while (fx.last_seq > prev && !inbox->last_seq.compare_exchange_weak(prev, fx.last_seq)) {
      }
      {
        std::lock_guard lk(inbox->mu);
        inbox->outbox_grew = true;
      }
      inbox->cv.notify_one();
    });
    // Device health goes into the retained status message.
    if (registry_) {
      registry_->add_listener([inbox = inbox_](const devices::DeviceHealth&, devices::DeviceState) {
        {
          std::lock_guard lk(inbox->mu);
          inbox->health_changed = true;
        }
        inbox->cv.notify_one();
      });
    }
  }

  ~Impl() { stop(); }

  void start() {
    std::lock_guard lk(lifecycle_mu_);
    if (worker_.joinable()) return;
    {
      std::lock_guard ilk(inbox_->mu);
      inbox_->stopping = false;
    }
    report(devices::DeviceState::starting, "connecting to " + s_.mqtt.uri);
    worker_ = std::thread([this] { run(); });
  }

  void stop() {
    std::lock_guard lk(lifecycle_mu_);
    if (!worker_.joinable()) return;
    {
      std::lock_guard ilk(inbox_->mu);
      inbox_->stopping = true;
    }
    inbox_->cv.notify_one();
    worker_.join();
    report(devices::DeviceState::stopped, "stopped");
  }

  UplinkStatus status() const {
    std::lock_guard lk(status_mu_);
    return status_;
  }

  const std::string& id() const { return s_.device_id; }

 private:
  // ---- the worker ----

  void run() {
    auto q = inventory::Queries::open(s_.store_path);
    if (!q) {
      report(devices::DeviceState::offline, "cannot read the outbox: " + q.status().to_string());
      spdlog::error("uplink: cannot open the store for reading: {}", q.status().to_string());
      return;
    }
    queries_ = std::move(q).value();
    refresh_stats();
    if (Status made = make_client(); !made.is_ok()) {
      report(devices::DeviceState::offline, made.to_string());
      spdlog::error("uplink: {}", made.to_string());
      return;
    }
    next_connect_ = Clock::now();
    for (;;) {
      std::deque<Note> notes;
      bool grew = false, health = false;
      {
        std::unique_lock lk(inbox_->mu);
        auto ready = [&] {
          return inbox_->stopping || !inbox_->notes.empty() || inbox_->outbox_grew ||
                 inbox_->health_changed || (!connected_ && !connecting_ && Clock::now() >= next_connect_) ||
                 (connected_ && can_send());
        };
        auto deadline = Clock::now() + milliseconds(1000);
        if (!connected_ && !connecting_) deadline = std::min(deadline, next_connect_);
        inbox_->cv.wait_until(lk, deadline, ready);
        if (inbox_->stopping) break;
        notes.swap(inbox_->notes);
        inbox_->queued_messages = 0;
        grew = std::exchange(inbox_->outbox_grew, false);
        health = std::exchange(inbox_->health_changed, false);
      }
      for (auto& n : notes) handle(n);
      if (pubacks_unreported_ > 0) {
        // Once per batch of notes, not per PUBACK: the status lock and the
        // counter are shared with readers.
        std::uint64_t n = std::exchange(pubacks_unreported_, 0);
        count([n](UplinkStatus& s) { s.pubacks += n; });
        m_.pubacks.inc(n);
      }
      if (grew) update_backlog();
      if (health) status_dirty_ = true;
      if (Clock::now() - last_age_update_ >= milliseconds(1000)) {
        last_age_update_ = Clock::now();
        update_backlog_age();
      }
      if (!connected_ && !connecting_ && Clock::now() >= next_connect_) begin_connect();
      if (connected_) {
        pump();
        maybe_publish_status();
      }
    }
    shut_down();
  }

  Status make_client() {
    try {
      bool v5 = s_.mqtt.version == "5";
      std::string client_id = s_.mqtt.client_id.empty() ? s_.gateway_id : s_.mqtt.client_id;
      // No Paho persistence: the store is the persistence, and every
      // unacknowledged event is re-sent from it after a reconnect.
      // Paho counts messages it has not yet written as "buffered" (100 by
      // default): room for the whole window plus the status and responses.
      client_ = std::make_unique<mqtt::async_client>(
          s_.mqtt.uri, client_id,
          mqtt::create_options(v5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1,
                               static_cast<int>(s_.mqtt.inflight_window) + 64));
      auto inbox = inbox_;
      client_->set_connection_lost_handler([inbox](const std::string& cause) {
        inbox->push(Note{Note::Kind::lost, inbox->generation.load(), 0,
                         cause.empty() ? "connection lost" : cause, {}, {}, {}});
      });
      client_->set_disconnected_handler([inbox](const mqtt::properties&, mqtt::ReasonCode rc) {
        inbox->push(Note{Note::Kind::lost, inbox->generation.load(), 0,
                         "disconnected by the broker (reason code " + std::to_string(int(rc)) + ")",
                         {}, {}, {}});
      });
      client_->set_message_callback([inbox](mqtt::const_message_ptr m) {
        Note n{Note::Kind::message, 0, 0, m->get_topic(), m->get_payload_str(), {}, {}};
        const auto& props = m->get_properties();
        if (props.contains(mqtt::property::RESPONSE_TOPIC))
          n.response_topic = mqtt::get<std::string>(props, mqtt::property::RESPONSE_TOPIC);
        if (props.contains(mqtt::property::CORRELATION_DATA))
          n.correlation = mqtt::get<std::string>(props, mqtt::property::CORRELATION_DATA);
        inbox->push(std::move(n));
      });

      // Set field by field on the long-lived member rather than through a
      // builder: Paho keeps raw pointers to the will and the properties,
      // and copies of connect_options may keep pointing at the original.
      mqtt::connect_options& o = connect_options_;
      o.set_mqtt_version(v5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1);
      o.set_keep_alive_interval(std::chrono::seconds(s_.mqtt.keepalive_s));
      o.set_connect_timeout(std::chrono::seconds(s_.mqtt.connect_timeout_s));
      o.set_automatic_reconnect(false);
      o.set_max_inflight(static_cast<int>(s_.mqtt.inflight_window) + 16);
      o.set_will(mqtt::will_options(topics_.status(), status_json(false), 1, true));
      if (v5) {
        o.set_clean_start(s_.mqtt.clean_start);
        o.set_properties({mqtt::property(mqtt::property::SESSION_EXPIRY_INTERVAL,
                                         static_cast<int32_t>(static_cast<std::uint32_t>(s_.mqtt.session_expiry_s)))});
      } else {
        o.set_clean_session(s_.mqtt.clean_start);
      }
      if (!s_.mqtt.username.empty()) o.set_user_name(s_.mqtt.username);
      if (!s_.password.empty()) o.set_password(s_.password);
      const auto& tls = s_.mqtt.tls;
      if (uses_tls()) {
        mqtt::ssl_options ssl;
        if (!tls.ca_file.empty()) ssl.set_trust_store(tls.ca_file);
        if (!tls.cert_file.empty()) ssl.set_key_store(tls.cert_file);
        if (!s_.key_file.empty()) ssl.set_private_key(s_.key_file);
        ssl.set_enable_server_cert_auth(true);
        ssl.set_verify(tls.verify_hostname);
        ssl.set_error_handler([inbox = inbox_](const std::string& msg) {
          spdlog::warn("uplink: TLS: {}", msg);
          std::lock_guard lk(inbox->mu);
          inbox->tls_error = msg;
        });
        o.set_ssl(std::move(ssl));
      }
      return Status{};
    } catch (const mqtt::exception& e) {
      return error(Errc::config, std::string("MQTT client: ") + e.what());
    }
  }

  void begin_connect() {
    connecting_ = true;
    count([](UplinkStatus& s) { ++s.connect_attempts; });
    m_.connect_attempts.inc();
    std::uint64_t gen = inbox_->generation.fetch_add(1) + 1;
    try {
      client_->connect(connect_options_, pack(gen, 0), connect_listener_);  // copies the options
    } catch (const mqtt::exception& e) {
      inbox_->push(Note{Note::Kind::connect_failed, gen, 0, e.what(), {}, {}, {}});
    }
  }

  void handle(Note& n) {
    std::uint64_t current = inbox_->generation.load();
    switch (n.kind) {
      case Note::Kind::connected:
        if (n.generation == current) on_connected();
        break;
      case Note::Kind::connect_failed:
        if (n.generation == current) {
          connecting_ = false;
          std::string tls;
          {
            std::lock_guard lk(inbox_->mu);
            tls = std::exchange(inbox_->tls_error, {});
          }
          if (!tls.empty()) {
            n.text += "; TLS: " + tls_reason(tls);
          } else if (uses_tls() && n.text.find("(return code -1)") != std::string::npos) {
            // Paho says no more than "Failure" when the TLS handshake or the
            // host name check fails: say what to look at.
            n.text += ": the broker is unreachable, or the TLS handshake or certificate check failed (the "
                      "broker's certificate must chain to mqtt.tls.ca_file" +
                      std::string(s_.mqtt.tls.verify_hostname
                                      ? " and name the host '" + uri_host() + "'; tls.verify_hostname is on)"
                                      : ")");
          }
          m_.connect_failures.inc();
          retry_later("connect failed: " + n.text);
        }
        break;
      case Note::Kind::lost:
        if (n.generation == current && (connected_ || connecting_)) {
          connected_ = connecting_ = false;
          count([](UplinkStatus& s) { ++s.connection_losses; });
          m_.disconnects.inc();
          set_connected(false);
          retry_later("connection lost: " + n.text);
        }
        break;
      case Note::Kind::puback:
        if (n.seq > 0) ++pubacks_unreported_;
        if (n.generation == current && n.seq > 0) forget_inflight(n.seq);
        break;
      case Note::Kind::pub_failed:
        // Left to the reconnect that follows: everything unacknowledged is re-sent.
        if (n.seq > 0) spdlog::debug("uplink: publish of seq {} failed: {}", n.seq, n.text);
        break;
      case Note::Kind::message:
        on_message(n);
        break;
    }
  }

  bool uses_tls() const {
    return !s_.mqtt.tls.ca_file.empty() || !s_.mqtt.tls.cert_file.empty() || s_.mqtt.uri.starts_with("ssl://") ||
           s_.mqtt.uri.starts_with("mqtts://");
  }
  // "ssl://broker.example:8883" -> "broker.example"
  std::string uri_host() const {
    std::string_view u = s_.mqtt.uri;
    if (auto p = u.find("://"); p != std::string_view::npos) u.remove_prefix(p + 3);
    if (auto p = u.rfind(':'); p != std::string_view::npos && u.find(']') == std::string_view::npos) u = u.substr(0, p);
    return std::string(u);
  }

  void retry_later(const std::string& why) {
    std::int64_t delay = backoff_.next();
    next_connect_ = Clock::now() + milliseconds(delay);
    std::string detail = why + " (retry in " + std::to_string(delay) + " ms)";
    spdlog::warn("uplink: {}", detail);
    report(devices::DeviceState::offline, detail);
  }

  void on_connected() {
    connecting_ = false;
    connected_ = true;
    backoff_.reset();
    count([](UplinkStatus& s) { ++s.connects; });
    m_.connects.inc();
    set_connected(true);
    refresh_stats();
    // Everything the central system has not acknowledged goes again: the
    // broker may have lost what it had PUBACKed (a restart without
    // persistence), and the central system de-duplicates by seq.
    inflight_.clear();
    page_.clear();
    window_ = static_cast<std::size_t>(s_.mqtt.inflight_window);
    next_seq_ = acked_up_to_ + 1;
    try {
      client_->subscribe(topics_.ack(), 1);
      client_->subscribe(topics_.downlink_filter(), 1);
    } catch (const mqtt::exception& e) {
      spdlog::warn("uplink: subscribe failed: {}", e.what());
    }
    spdlog::info("uplink: connected to {}; sending from seq {} (last {})", s_.mqtt.uri, next_seq_,
                 last_seq());
    status_dirty_ = true;
    last_status_ = Clock::time_point{};
    maybe_publish_status();
    report_link();
    // A gateway that has never received master data asks for it at once
    // (unless it applies no downlink: the answer would only be refused).
    if (handler_) {
      if (auto v = master_data_version(); v && *v == 0) request_master_data("no master data yet");
    }
  }

  // ---- uplink ----

  std::int64_t last_seq() const { return inbox_->last_seq.load(); }

  bool can_send() const {
    return inflight_.size() < window_ &&
           (!page_.empty() || next_seq_ <= last_seq());
  }

  // The in-flight seqs, kept sorted in a vector: the window is small, so a
  // binary search and a short move beat a node allocation per event.
  void remember_inflight(std::int64_t seq) {
    auto it = std::lower_bound(inflight_.begin(), inflight_.end(), seq);
    if (it == inflight_.end() || *it != seq) inflight_.insert(it, seq);
  }
  void forget_inflight(std::int64_t seq) {
    auto it = std::lower_bound(inflight_.begin(), inflight_.end(), seq);
    if (it != inflight_.end() && *it == seq) inflight_.erase(it);
  }

  void pump() {
    // Counted once per call rather than per event (the status lock is
    // shared with readers).
    std::uint64_t sent = 0;
    struct Report {
      Impl& self;
      std::uint64_t& sent;
      ~Report() {
        if (sent == 0) return;
        std::uint64_t n = sent;
        self.count([n](UplinkStatus& s) { s.published += n; });
        self.m_.published.inc(n);
      }
    } report{*this, sent};
    while (connected_ && inflight_.size() < window_) {
      if (page_.empty()) {
        if (next_seq_ > last_seq()) return;
        auto rows = queries_->outbox_after(next_seq_ - 1, kPageSize);
        if (!rows) {
          spdlog::error("uplink: reading the outbox: {}", rows.status().to_string());
          return;
        }
        if (rows.value().empty()) {
          // Pruned or not yet visible: nothing to send up to last_seq.
          next_seq_ = last_seq() + 1;
          return;
        }
        for (auto& e : rows.value()) page_.push_back(std::move(e));
      }
      const inventory::OutboxEvent& e = page_.front();
      try {
        auto msg = mqtt::make_message(topics_.event(e.type), build_envelope(source_, e), 1, false);
        client_->publish(msg, pack(inbox_->generation.load(), e.seq), publish_listener_);
      } catch (const mqtt::exception& ex) {
        // Refused: either the link is gone (the loss callback follows and the
        // reconnect re-sends) or the client holds fewer messages in flight
        // than the window (the broker's receive maximum). The event stays
        // next in line and the window shrinks to what the client accepted.
        window_ = std::max<std::size_t>(1, inflight_.size());
        spdlog::warn("uplink: publish of seq {} refused ({}); in-flight window now {}", e.seq, ex.what(), window_);
        return;
      }
      next_seq_ = e.seq + 1;
      remember_inflight(e.seq);
      page_.pop_front();
      ++sent;
    }
  }

  // ---- downlink ----

  void on_message(const Note& n) {
    count([](UplinkStatus& s) { ++s.downlink_messages; });
    if (n.text == topics_.ack()) {
      on_ack(n.payload);
      return;
    }
    auto kind = topics_.downlink_kind(n.text);
    if (!kind) return;  // not ours (a broad subscription left in the session)
    if (n.payload.size() > kMaxDownlinkBytes) {
      reject(n.text, "oversize: " + std::to_string(n.payload.size()) + " bytes, at most " +
                         std::to_string(kMaxDownlinkBytes));
      return;
    }
    if (!handler_) {
      reject(n.text, "this gateway applies no downlink messages");
      return;
    }
    sync::DownlinkMessage m{*kind, n.payload, !n.response_topic.empty()};
    sync::DownlinkOutcome out = handler_->handle(m);
    if (out.result == sync::DownlinkOutcome::Result::rejected) {
      reject(n.text, out.reason.empty() ? "rejected" : out.reason);
    } else if (out.result == sync::DownlinkOutcome::Result::duplicate) {
      m_.downlink_duplicate.inc();
      spdlog::info("uplink: duplicate downlink on {} ignored", n.text);
    } else {
      m_.downlink_applied.inc();
    }
    if (out.response_json && !n.response_topic.empty()) {
      auto msg = mqtt::make_message(n.response_topic, *out.response_json, 1, false);
      if (!n.correlation.empty()) {
        mqtt::properties props;
        props.add(mqtt::property(mqtt::property::CORRELATION_DATA, n.correlation));
        msg->set_properties(props);
      }
      publish_other(msg);
    }
    if (out.action == sync::DownlinkOutcome::Action::replay) {
      std::int64_t from = std::max<std::int64_t>(1, out.replay_from_seq);
      spdlog::info("uplink: replay from seq {} requested", from);
      page_.clear();
      next_seq_ = std::min(next_seq_, from);
    } else if (out.action == sync::DownlinkOutcome::Action::resync_master_data) {
      request_master_data("resync command " + out.message_id);
    }
  }

  void on_ack(const std::string& payload) {
    auto j = nlohmann::json::parse(payload, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("epoch") || !j["epoch"].is_string() ||
        !j.contains("up_to_seq") || !j["up_to_seq"].is_number_integer()) {
      reject(topics_.ack(), "expected {\"epoch\": string, \"up_to_seq\": integer}");
      return;
    }
    std::string epoch = j["epoch"].get<std::string>();
    std::int64_t seq = j["up_to_seq"].get<std::int64_t>();
    if (epoch != source_.epoch) {
      reject(topics_.ack(), "acknowledgement for epoch " + epoch + ", this store is " + source_.epoch);
      return;
    }
    if (seq < 0 || seq > last_seq()) {
      reject(topics_.ack(), "acknowledgement up to seq " + std::to_string(seq) +
                                " but the last event is " + std::to_string(last_seq()));
      return;
    }
    if (seq <= acked_up_to_) return;
    if (Status st = engine_.ack_up_to(epoch, seq); !st.is_ok()) {
      spdlog::error("uplink: recording acknowledgement up to {}: {}", seq, st.to_string());
      return;
    }
    acked_up_to_ = seq;
    update_backlog();
  }

  // ---- master data ----

  Result<std::int64_t> master_data_version() {
    return queries_->db().query_int(
        "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key='master_data_version'),0)");
  }

  // Asks the central system for a full snapshot; it answers on
  // down/master/snapshot, which the downlink handler applies like any other.
  // Not remembered across a lost connection: the resync command is answered
  // once per message id, and a gateway without master data asks again on
  // every connect.
  void request_master_data(const std::string& why) {
    auto version = master_data_version();
    if (!version) {
      spdlog::error("uplink: reading the master data version: {}", version.status().to_string());
      return;
    }
    std::string id = next_request_id();
    nlohmann::json j = {{"request_id", id},
                        {"gateway_id", s_.gateway_id},
                        {"site_id", s_.site_id},
                        {"master_data_version", *version},
                        {"reason", why},
                        {"at", iso8601_utc(wall_now())}};
    spdlog::info("uplink: asking for a master data snapshot ({}; request {}, version {})", why, id, *version);
    count([](UplinkStatus& s) { ++s.master_data_requests; });
    m_.master_data_requests.inc();
    publish_other(mqtt::make_message(topics_.master_data_request(), j.dump(), 1, false));
  }

  std::string next_request_id() {
    // Unique across restarts: the store's epoch, the wall clock, a counter.
    return source_.epoch.substr(0, 8) + "-" + std::to_string(wall_now()) + "-" + std::to_string(++requests_);
  }

  void reject(const std::string& topic, const std::string& reason) {
    count([](UplinkStatus& s) { ++s.rejections; });
    m_.downlink_rejected.inc();
    spdlog::warn("uplink: rejected message on {}: {}", topic, reason);
    nlohmann::json j = {{"topic", topic},
                        {"reason", reason},
                        {"gateway_id", s_.gateway_id},
                        {"at", iso8601_utc(wall_now())}};
    publish_other(mqtt::make_message(topics_.rejected(), j.dump(), 1, false));
  }

  void publish_other(mqtt::message_ptr msg) {
    if (!connected_) return;
    try {
      client_->publish(msg, pack(inbox_->generation.load(), 0), publish_listener_);
    } catch (const mqtt::exception& e) {
      spdlog::debug("uplink: publish to {} refused: {}", msg->get_topic(), e.what());
    }
  }

  // ---- status, health, backlog ----

  static TimeMs wall_now() { return SystemClock::instance().now_ms(); }

  std::string status_json(bool online) const {
    nlohmann::json j = {{"online", online},
                        {"gateway_id", s_.gateway_id},
                        {"site_id", s_.site_id},
                        {"version", s_.version},
                        {"config_hash", s_.config_hash},
                        {"epoch", source_.epoch}};
    if (online) {
      j["at"] = iso8601_utc(wall_now());
      j["outbox_backlog"] = last_seq() - acked_up_to_;
      j["last_seq"] = last_seq();
      j["acked_up_to"] = acked_up_to_;
      if (registry_) {
        j["devices"] = registry_->summary();
        nlohmann::json list = nlohmann::json::array();
        for (const auto& d : registry_->snapshot())
          list.push_back({{"id", d.id}, {"kind", d.kind}, {"state", std::string(devices::to_string(d.state))},
                          {"detail", d.detail}});
        j["device_health"] = std::move(list);
      }
    }
    return j.dump();
  }

  void maybe_publish_status() {
    if (!status_dirty_ || Clock::now() - last_status_ < kStatusMinInterval) return;
    status_dirty_ = false;
    last_status_ = Clock::now();
    publish_other(mqtt::make_message(topics_.status(), status_json(true), 1, true));
  }

  void refresh_stats() {
    auto st = queries_->outbox_stats();
    if (!st) return;
    std::int64_t prev = inbox_->last_seq.load();
    while (st.value().last_seq > prev && !inbox_->last_seq.compare_exchange_weak(prev, st.value().last_seq)) {
    }
    acked_up_to_ = std::max(acked_up_to_, st.value().acked_up_to);
    update_backlog();
  }

  void update_backlog() {
    std::int64_t backlog = std::max<std::int64_t>(0, last_seq() - acked_up_to_);
    bool alert = backlog > s_.mqtt.backlog_alert;
    bool changed = false;
    m_.backlog.set(static_cast<double>(backlog));
    m_.last_seq.set(static_cast<double>(last_seq()));
    m_.acked_seq.set(static_cast<double>(acked_up_to_));
    m_.backlog_alert.set(alert ? 1 : 0);
    if (backlog == 0) oldest_unacked_at_ = 0;
    {
      std::lock_guard lk(status_mu_);
      status_.last_seq = last_seq();
      status_.acked_up_to = acked_up_to_;
      status_.backlog = backlog;
      changed = status_.backlog_alert != alert;
      status_.backlog_alert = alert;
    }
    if (changed) {
      if (alert)
        spdlog::warn("uplink: backlog of {} unacknowledged events is above {}", backlog, s_.mqtt.backlog_alert);
      else
        spdlog::info("uplink: backlog back to {} events", backlog);
      status_dirty_ = true;
      if (connected_) report_link();
    }
  }

  void report_link() {
    UplinkStatus st = status();
    if (st.backlog_alert) {
      report(devices::DeviceState::degraded,
             "connected; backlog " + std::to_string(st.backlog) + " unacknowledged events (alert above " +
                 std::to_string(s_.mqtt.backlog_alert) + ")");
    } else {
      report(devices::DeviceState::online, "connected to " + s_.mqtt.uri);
    }
  }

  void report(devices::DeviceState state, std::string detail) {
    health_.report(s_.device_id, "uplink", state, std::move(detail));
  }

  void set_connected(bool on) {
    m_.connected.set(on ? 1 : 0);
    std::lock_guard lk(status_mu_);
    status_.connected = on;
  }

  // The age of the oldest event the central system has not acknowledged. Its
  // time is read once per acknowledgement (one row by key), not per event.
  void update_backlog_age() {
    std::int64_t backlog = last_seq() - acked_up_to_;
    if (backlog <= 0) {
      m_.oldest_age_s.set(0);
      return;
    }
    if (oldest_unacked_at_ == 0 || oldest_seq_ != acked_up_to_ + 1) {
      auto st = queries_->db().cached("SELECT recorded_at FROM outbox WHERE seq=?1");
      if (!st) return;
      (*st)->bind_all(acked_up_to_ + 1);
      auto row = (*st)->step();
      if (!row || !*row) return;  // not yet visible to this reader
      oldest_unacked_at_ = (*st)->int64(0);
      oldest_seq_ = acked_up_to_ + 1;
      (*st)->reset();
    }
    m_.oldest_age_s.set(std::max<double>(0, static_cast<double>(wall_now() - oldest_unacked_at_) / 1000.0));
  }

  template <typename F>
  void count(F f) {
    std::lock_guard lk(status_mu_);
    f(status_);
  }

  void shut_down() {
    if (client_) {
      try {
        if (connected_) {
          // A clean disconnect does not fire the Will: say offline ourselves.
          auto tok = client_->publish(mqtt::make_message(topics_.status(), status_json(false), 1, true));
          tok->wait_for(std::chrono::seconds(2));
        }
        if (client_->is_connected() || connecting_) client_->disconnect()->wait_for(std::chrono::seconds(2));
      } catch (const mqtt::exception& e) {
        spdlog::debug("uplink: disconnect: {}", e.what());
      }
      try {
        // Paho refuses to change handlers in some states (e.g. after the
        // broker refused the credentials): nothing to undo then.
        client_->set_connection_lost_handler([](const std::string&) {});
        client_->set_disconnected_handler([](const mqtt::properties&, mqtt::ReasonCode) {});
        client_->set_message_callback([](mqtt::const_message_ptr) {});
      } catch (const mqtt::exception& e) {
        spdlog::debug("uplink: clearing callbacks: {}", e.what());
      }
      client_.reset();
    }
    connected_ = connecting_ = false;
    set_connected(false);
    UplinkStatus st = status();
    spdlog::info("uplink: stopped; {} events published, {} PUBACKs, {} connects, {} losses, acked up to {} of {}",
                 st.published, st.pubacks, st.connects, st.connection_losses, st.acked_up_to, st.last_seq);
  }

  UplinkSettings s_;
  inventory::Engine& engine_;
  devices::HealthSink& health_;
  devices::HealthRegistry* registry_;
  std::shared_ptr<sync::DownlinkHandler> handler_;
  Topics topics_;
  EnvelopeSource source_;
  Backoff backoff_;
  std::shared_ptr<Inbox> inbox_;
  Listener connect_listener_, publish_listener_;
  metrics::Registry own_metrics_;  // used when the settings name none
  UplinkMetrics m_;

  std::mutex lifecycle_mu_;
  std::thread worker_;

  mutable std::mutex status_mu_;
  UplinkStatus status_;

  // Worker-only state.
  std::unique_ptr<inventory::Queries> queries_;
  std::unique_ptr<mqtt::async_client> client_;
  mqtt::connect_options connect_options_;
  bool connected_ = false, connecting_ = false;
  Clock::time_point next_connect_{};
  std::int64_t next_seq_ = 1, acked_up_to_ = 0;
  std::vector<std::int64_t> inflight_;  // sorted
  std::uint64_t pubacks_unreported_ = 0;
  std::size_t window_ = 1;  // the configured window, or less once the client refused more
  std::deque<inventory::OutboxEvent> page_;
  bool status_dirty_ = true;
  Clock::time_point last_status_{};
  TimeMs oldest_unacked_at_ = 0;  // recorded_at of seq oldest_seq_ (0: unknown)
  std::int64_t oldest_seq_ = 0;
  Clock::time_point last_age_update_{};
  std::uint64_t requests_ = 0;
};

Uplink::Uplink(UplinkSettings settings, inventory::Engine& engine, devices::HealthSink& health,
               devices::HealthRegistry* registry, std::shared_ptr<sync::DownlinkHandler> handler)
    : impl_(std::make_shared<Impl>(std::move(settings), engine, health, registry, std::move(handler))) {}

Uplink::~Uplink() { impl_->stop(); }
const std::string& Uplink::id() const { return impl_->id(); }
void Uplink::start() { impl_->start(); }
void Uplink::stop() { impl_->stop(); }
UplinkStatus Uplink::status() const { return impl_->status(); }

// ---- from the configuration ----

namespace {

std::string credential_path(const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
  return dir && *dir ? std::string(dir) + "/" + path : path;
}

// FNV-1a: a stable fingerprint of the configuration text for the status message.
std::string fingerprint(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

Result<UplinkSettings> settings_from_config(const config::Config& config, const std::string& store_path) {
  UplinkSettings s;
  s.mqtt = config.mqtt;
  s.gateway_id = config.gateway.id;
  s.site_id = config.gateway.site;
  s.store_path = store_path;
  s.version = JXC_VERSION;
  std::string text = "defaults";
  if (!config.source.empty()) {
    std::ifstream in(config.source);
    std::stringstream ss;
    ss << in.rdbuf();
    if (in) text = ss.str();
  }
  s.config_hash = fingerprint(text);
  if (!config.mqtt.password_file.empty()) {
    std::string path = credential_path(config.mqtt.password_file);
    std::ifstream in(path);
    if (!in) return error(Errc::config, "mqtt.password_file: cannot read " + path);
    std::getline(in, s.password);
    if (!s.password.empty() && s.password.back() == '\r') s.password.pop_back();
  }
  s.key_file = credential_path(config.mqtt.tls.key_file);
  for (const std::string& f : {config.mqtt.tls.ca_file, config.mqtt.tls.cert_file, s.key_file}) {
    if (!f.empty() && !std::ifstream(f)) return error(Errc::config, "mqtt.tls: cannot read " + f);
  }
  return s;
}

devices::DeviceFactory uplink_factory(HandlerMaker make_handler) {
  return [make_handler](devices::DeviceContext& ctx)
             -> Result<std::vector<std::unique_ptr<devices::Device>>> {
    std::vector<std::unique_ptr<devices::Device>> out;
    if (!ctx.config.mqtt.enabled()) return out;
    JXC_ASSIGN(auto settings, settings_from_config(ctx.config, ctx.store_path));
    settings.metrics = ctx.metrics;
    std::shared_ptr<sync::DownlinkHandler> handler = make_handler ? make_handler(ctx) : nullptr;
    auto uplink = std::make_unique<Uplink>(std::move(settings), ctx.engine, ctx.health, &ctx.health,
                                           std::move(handler));
    out.push_back(std::move(uplink));
    return out;
  };
}

}  // namespace jxc::cloud_sync
