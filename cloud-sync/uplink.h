#pragma once
// The uplink to the central system: one MQTT connection that drains the
// store's outbox (events in seq order, QoS 1, a bounded in-flight window),
// records the central system's acknowledgements, keeps a retained status
// with a Will, hands downlink messages to a sync::DownlinkHandler, asks the
// central system for a master data snapshot (req/master) when it has none
// or a resync command says so, and counts everything it does in the
// gateway's metrics registry (jxc_uplink_*).
//
// Parts: the connection is an MqttLink (mqtt_link.h; paho_link.h for a real
// broker), what to send when is the Drain (drain.h), and the messages it
// publishes about itself are built in status.h and master_data_request.h.
//
// Threading: one worker thread of its own does everything (connects,
// publishes, calls the engine and the handler). The link's callback threads
// only queue what happened and wake the worker, so nothing ever sleeps or
// blocks there; reconnect back-off is the worker's timed wait. The engine's
// commit listener only wakes the worker. An exception on the worker (the
// downlink handler, a bug) is logged and reported offline with its reason;
// the worker closes the link and starts over after the reconnect back-off.
//
// Memory is flat whatever the backlog: the worker reads the outbox a page at
// a time and holds at most the in-flight window plus one page.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "edge/config/mqtt.h"
#include "edge/devices/device.h"
#include "edge/sync/downlink.h"

namespace jxc::metrics {
class Registry;
}

namespace jxc::cloud_sync {

struct UplinkSettings {
  config::Mqtt mqtt;
  std::string gateway_id, site_id;
  std::string store_path;
  std::string version;      // the gateway's version, in the status message
  std::string config_hash;  // identifies the configuration, in the status message
  std::string password;     // already read from mqtt.password_file ("" = none)
  std::string key_file;     // mqtt.tls.key_file resolved against $CREDENTIALS_DIRECTORY
  std::string device_id = "uplink";
  /// Downlink messages larger than this are refused unread (counted, logged
  /// and answered on .../rejected with their size); the same cap as the
  /// downlink handler's (sync::DownlinkOptions), which a full master data
  /// snapshot fits in.
  std::size_t max_downlink_bytes = 8 * 1024 * 1024;
  /// Downlink bytes waiting for the worker at most (besides at most 10,000
  /// messages); more arriving meanwhile are dropped, counted and logged. The
  /// central system sends again what it does not see answered.
  std::size_t max_queued_downlink_bytes = 64 * 1024 * 1024;
  /// Where the uplink's counters and gauges go (jxc_uplink_*); null: a
  /// registry of its own, read only by status(). Must outlive the Uplink.
  metrics::Registry* metrics = nullptr;
};

/// What other parts may ask of the uplink (any thread): the values of its
/// series in the metrics registry (jxc_uplink_*). Counters count from the
/// registry's start, across Uplinks that share it.
struct UplinkStatus {
  bool connected = false;
  std::int64_t last_seq = 0;     // highest event in the store
  std::int64_t acked_up_to = 0;  // the central system's acknowledgement
  std::int64_t backlog = 0;      // last_seq - acked_up_to
  bool backlog_alert = false;    // backlog above mqtt.backlog_alert
  std::uint64_t published = 0, pubacks = 0, connects = 0, connection_losses = 0,
                downlink_messages = 0,  // every message received: acknowledgements and downlink
                rejections = 0, connect_attempts = 0, master_data_requests = 0;
  std::uint64_t publish_refusals = 0;  // events the broker refused (PUBACK with a failure reason)
  std::uint64_t acks_refused = 0;      // acknowledgements of another epoch, beyond the last seq, or malformed
  std::int64_t poison_seq = 0;         // the event the broker keeps refusing (0: none)
  std::uint64_t downlink_oversize = 0, downlink_queue_full = 0;  // downlink messages dropped unread
};

class Uplink final : public devices::Device {
 public:
  /// `handler` may be null: every downlink message is then rejected.
  Uplink(UplinkSettings settings, inventory::Engine& engine, devices::HealthSink& health,
         devices::HealthRegistry* registry, std::shared_ptr<sync::DownlinkHandler> handler);
  ~Uplink() override;

  const std::string& id() const override;
  void start() override;
  void stop() override;

  UplinkStatus status() const;

  class Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

/// Builds UplinkSettings from the configuration: reads the password file and
/// resolves secrets against $CREDENTIALS_DIRECTORY. A secret that cannot be
/// read is an error (start-up stops with its reason).
Result<UplinkSettings> settings_from_config(const config::Config& config, const std::string& store_path);

/// The warning a password sent in cleartext deserves (a password with a
/// tcp:// or mqtt:// broker that is not on this host), or nullopt.
std::optional<std::string> cleartext_password_warning(const config::Mqtt& mqtt);

/// The daemon's factory: no device unless [mqtt] has a uri. `make_handler`
/// builds the downlink handler (null maker or null result: downlink rejected).
using HandlerMaker = std::function<std::shared_ptr<sync::DownlinkHandler>(devices::DeviceContext&)>;
devices::DeviceFactory uplink_factory(HandlerMaker make_handler = {});

}  // namespace jxc::cloud_sync
