#include "cloud-sync/paho_link.h"

#include <atomic>
#include <mutex>
#include <string_view>
#include <utility>

#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>

namespace jxc::cloud_sync {
namespace {

static_assert(sizeof(void*) >= sizeof(std::uint64_t), "the link's context travels as Paho's user context");

void* to_user_context(std::uint64_t context) { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(context)); }
std::uint64_t from_user_context(void* p) { return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p)); }

// Why an operation failed, for a person: the MQTT 5 reason (e.g. "Bad user
// name or password"), the MQTT 3.1.1 CONNACK refusal, or the client's error.
LinkOutcome failure_of(const mqtt::token& tok) {
  int reason = static_cast<int>(tok.get_reason_code());
  int rc = tok.get_return_code();
  // Paho C hands an MQTT 5 CONNACK refusal back as the return code.
  if (reason < 0x80 && rc >= 0x80) reason = rc;
  if (reason >= 0x80) {
    std::string text = mqtt::exception::reason_code_str(reason);
    return {false, reason, (text.empty() ? "refused" : text) + " (reason code " + std::to_string(reason) + ")"};
  }
  // MQTT 3.1.1 CONNACK return codes, as Paho passes them on.
  static const char* const kConnack[] = {nullptr, "unacceptable protocol version", "client identifier rejected",
                                         "server unavailable", "bad user name or password", "not authorized"};
  if (tok.get_type() == mqtt::token::Type::CONNECT && rc >= 1 && rc <= 5)
    return {false, rc, std::string(kConnack[rc]) + " (CONNACK return code " + std::to_string(rc) + ")"};
  std::string text = rc != 0 ? mqtt::exception::error_str(rc) : std::string();
  if (!text.empty()) return {false, reason, text + " (return code " + std::to_string(rc) + ")"};
  return {false, reason, rc != 0 ? "return code " + std::to_string(rc) : "reason code " + std::to_string(reason)};
}

// OpenSSL's error line ("error:0A000086:SSL routines:...:certificate verify
// failed:...") without its line end.
std::string tls_reason(const std::string& line) {
  std::string out = line;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// "ssl://broker.example:8883" -> "broker.example"
std::string uri_host(std::string_view u) {
  if (auto p = u.find("://"); p != std::string_view::npos) u.remove_prefix(p + 3);
  if (auto p = u.rfind(':'); p != std::string_view::npos && u.find(']') == std::string_view::npos) u = u.substr(0, p);
  return std::string(u);
}

bool uses_tls(const config::Mqtt& m) {
  return !m.tls.ca_file.empty() || !m.tls.cert_file.empty() || m.uri.starts_with("ssl://") ||
         m.uri.starts_with("mqtts://");
}

mqtt::message_ptr to_paho(OutgoingMessage m) {
  auto msg = mqtt::make_message(std::move(m.topic), std::move(m.payload), m.qos, m.retain);
  if (!m.correlation.empty()) {
    mqtt::properties props;
    props.add(mqtt::property(mqtt::property::CORRELATION_DATA, m.correlation));
    msg->set_properties(props);
  }
  return msg;
}

class PahoLink;

// Paho reports the end of an operation to a listener.
class Listener final : public mqtt::iaction_listener {
 public:
  Listener(PahoLink& link, bool connect) : link_(link), connect_(connect) {}
  void on_success(const mqtt::token& tok) override;
  void on_failure(const mqtt::token& tok) override;

 private:
  PahoLink& link_;
  bool connect_;
};

class PahoLink final : public MqttLink {
 public:
  explicit PahoLink(PahoLinkSettings s) : s_(std::move(s)) {}
  ~PahoLink() override { close(); }

  Status open() {
    try {
      bool v5 = s_.mqtt.version == "5";
      // Paho counts messages it has not yet written as "buffered" (100 by
      // default): room for the whole window plus the status and responses.
      client_ = std::make_unique<mqtt::async_client>(
          s_.mqtt.uri, s_.client_id,
          mqtt::create_options(v5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1,
                               static_cast<int>(s_.mqtt.inflight_window) + 64));
      client_->set_connection_lost_handler([this](const std::string& cause) {
        if (cb_.lost) cb_.lost(connection_.load(), cause.empty() ? "connection lost" : cause);
      });
      client_->set_disconnected_handler([this](const mqtt::properties&, mqtt::ReasonCode rc) {
        if (cb_.lost)
          cb_.lost(connection_.load(), "disconnected by the broker (reason code " + std::to_string(int(rc)) + ")");
      });
      client_->set_message_callback([this](mqtt::const_message_ptr m) {
        if (!cb_.message) return;
        // Checked before the payload is copied: an oversize one goes no further.
        if (const std::size_t size = m->get_payload_ref().size();
            s_.max_incoming_bytes != 0 && size > s_.max_incoming_bytes) {
          IncomingMessage dropped;
          dropped.topic = m->get_topic();
          dropped.oversize_bytes = size;
          cb_.message(std::move(dropped));
          return;
        }
        IncomingMessage in{m->get_topic(), m->get_payload_str(), {}, {}, 0};
        const auto& props = m->get_properties();
        if (props.contains(mqtt::property::RESPONSE_TOPIC))
          in.response_topic = mqtt::get<std::string>(props, mqtt::property::RESPONSE_TOPIC);
        if (props.contains(mqtt::property::CORRELATION_DATA))
          in.correlation = mqtt::get<std::string>(props, mqtt::property::CORRELATION_DATA);
        cb_.message(std::move(in));
      });

      // Set field by field on the long-lived member rather than through a
      // builder: Paho keeps raw pointers to the will and the properties,
      // and copies of connect_options may keep pointing at the original.
      mqtt::connect_options& o = options_;
      o.set_mqtt_version(v5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1);
      o.set_keep_alive_interval(std::chrono::seconds(s_.mqtt.keepalive_s));
      o.set_connect_timeout(std::chrono::seconds(s_.mqtt.connect_timeout_s));
      o.set_automatic_reconnect(false);
      o.set_max_inflight(static_cast<int>(s_.mqtt.inflight_window) + 16);
      o.set_will(mqtt::will_options(s_.will.topic, s_.will.payload, s_.will.qos, s_.will.retain));
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
      if (uses_tls(s_.mqtt)) {
        mqtt::ssl_options ssl;
        if (!tls.ca_file.empty()) ssl.set_trust_store(tls.ca_file);
        if (!tls.cert_file.empty()) ssl.set_key_store(tls.cert_file);
        if (!s_.key_file.empty()) ssl.set_private_key(s_.key_file);
        ssl.set_enable_server_cert_auth(true);
        ssl.set_verify(tls.verify_hostname);
        ssl.set_error_handler([this](const std::string& msg) {
          spdlog::warn("uplink: TLS: {}", msg);
          std::lock_guard lk(tls_mu_);
          tls_error_ = msg;
        });
        o.set_ssl(std::move(ssl));
      }
      return Status{};
    } catch (const mqtt::exception& e) {
      return error(Errc::config, std::string("MQTT client: ") + e.what());
    }
  }

  void set_callbacks(Callbacks callbacks) override { cb_ = std::move(callbacks); }

  Status connect(std::uint64_t context) override {
    connecting_ = true;
    connection_ = context;
    try {
      client_->connect(options_, to_user_context(context), connect_listener_);  // copies the options
      return Status{};
    } catch (const mqtt::exception& e) {
      connecting_ = false;
      return error(Errc::unavailable, e.what());
    }
  }

  Status publish(OutgoingMessage message, std::uint64_t context) override {
    try {
      client_->publish(to_paho(std::move(message)), to_user_context(context), publish_listener_);
      return Status{};
    } catch (const mqtt::exception& e) {
      return error(Errc::unavailable, e.what());
    }
  }

  Status subscribe(const std::string& filter, int qos) override {
    try {
      client_->subscribe(filter, qos);
      return Status{};
    } catch (const mqtt::exception& e) {
      return error(Errc::unavailable, e.what());
    }
  }

  void disconnect(const std::optional<OutgoingMessage>& farewell, std::chrono::milliseconds timeout) override {
    if (!client_) return;
    try {
      if (farewell && client_->is_connected()) client_->publish(to_paho(*farewell))->wait_for(timeout);
      if (client_->is_connected() || connecting_) client_->disconnect()->wait_for(timeout);
    } catch (const mqtt::exception& e) {
      spdlog::debug("uplink: disconnect: {}", e.what());
    }
    close();
  }

  // The end of a connect, from Paho's threads: the TLS layer's complaint
  // (handed to a callback of its own, not to the failed connect's token) is
  // added to the reason.
  void connect_done(const mqtt::token& tok, bool ok) {
    connecting_ = false;
    std::uint64_t context = from_user_context(tok.get_user_context());
    if (ok) {
      if (cb_.connected) cb_.connected(context);
      return;
    }
    LinkOutcome out = failure_of(tok);
    std::string tls;
    {
      std::lock_guard lk(tls_mu_);
      tls = std::exchange(tls_error_, {});
    }
    if (!tls.empty()) {
      out.reason += "; TLS: " + tls_reason(tls);
    } else if (uses_tls(s_.mqtt) && out.reason.find("(return code -1)") != std::string::npos) {
      // Paho says no more than "Failure" when the TLS handshake or the
      // host name check fails: say what to look at.
      out.reason += ": the broker is unreachable, or the TLS handshake or certificate check failed (the "
                    "broker's certificate must chain to mqtt.tls.ca_file" +
                    std::string(s_.mqtt.tls.verify_hostname
                                    ? " and name the host '" + uri_host(s_.mqtt.uri) + "'; tls.verify_hostname is on)"
                                    : ")");
    }
    if (cb_.connect_failed) cb_.connect_failed(context, out);
  }

  void publish_done(const mqtt::token& tok, bool ok) {
    if (!cb_.publish_complete) return;
    std::uint64_t context = from_user_context(tok.get_user_context());
    if (ok) {
      cb_.publish_complete(context, LinkOutcome{true, static_cast<int>(tok.get_reason_code()), {}});
    } else {
      cb_.publish_complete(context, failure_of(tok));
    }
  }

 private:
  // Destroying the client ends its callbacks; Paho refuses to change
  // handlers in some states (e.g. after the broker refused the
  // credentials), so they are cleared only where it lets us.
  void close() {
    if (!client_) return;
    try {
      client_->set_connection_lost_handler([](const std::string&) {});
      client_->set_disconnected_handler([](const mqtt::properties&, mqtt::ReasonCode) {});
      client_->set_message_callback([](mqtt::const_message_ptr) {});
    } catch (const mqtt::exception& e) {
      spdlog::debug("uplink: clearing callbacks: {}", e.what());
    }
    client_.reset();
    connecting_ = false;
  }

  PahoLinkSettings s_;
  Callbacks cb_;
  Listener connect_listener_{*this, true}, publish_listener_{*this, false};
  mqtt::connect_options options_;
  std::atomic<std::uint64_t> connection_{0};  // the context of the latest connect
  std::atomic<bool> connecting_{false};
  std::mutex tls_mu_;
  std::string tls_error_;
  std::unique_ptr<mqtt::async_client> client_;  // last: destroyed first
};

void Listener::on_success(const mqtt::token& tok) {
  if (connect_) link_.connect_done(tok, true);
  else link_.publish_done(tok, true);
}
void Listener::on_failure(const mqtt::token& tok) {
  if (connect_) link_.connect_done(tok, false);
  else link_.publish_done(tok, false);
}

}  // namespace

Result<std::unique_ptr<MqttLink>> open_paho_link(PahoLinkSettings settings) {
  auto link = std::make_unique<PahoLink>(std::move(settings));
  JXC_TRY(link->open());
  return std::unique_ptr<MqttLink>(std::move(link));
}

}  // namespace jxc::cloud_sync
