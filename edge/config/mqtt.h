#pragma once
// [mqtt]: the uplink to the central system. No `uri` means no uplink at all:
// the gateway works alone, exactly as without this section. Parsed by
// cloud-sync/mqtt_section.cpp; used by cloud-sync/.

#include <cstdint>
#include <string>

namespace jxc::config {

struct Mqtt {
  std::string uri;            // "" = no uplink; tcp://host:1883, ssl://host:8883
  std::string client_id;      // "" = the gateway id
  std::string version = "5";  // "5" or "3.1.1"
  std::string topic_root = "jxc";
  std::int64_t keepalive_s = 30;
  std::int64_t session_expiry_s = 7 * 24 * 3600;  // MQTT 5 only
  bool clean_start = false;   // false keeps the session (and QoS 1 subscriptions) across reconnects
  std::int64_t inflight_window = 64;
  std::int64_t connect_timeout_s = 30;
  std::int64_t reconnect_min_ms = 500;
  std::int64_t reconnect_max_ms = 60'000;
  std::int64_t backlog_alert = 100'000;  // unacknowledged events above this: uplink degraded
  std::string username;
  std::string password_file;  // relative: under $CREDENTIALS_DIRECTORY when set
  struct Tls {
    std::string ca_file;      // "" = no TLS options (a tcp:// uri)
    std::string cert_file;
    std::string key_file;     // relative: under $CREDENTIALS_DIRECTORY when set
    bool verify_hostname = true;
    bool operator==(const Tls&) const = default;
  } tls;

  bool enabled() const { return !uri.empty(); }
  bool operator==(const Mqtt&) const = default;
};

}  // namespace jxc::config
