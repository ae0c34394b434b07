#pragma once
// The MqttLink to a real broker, over Eclipse Paho (C++). Paho's headers and
// types stay in paho_link.cpp.
//
// No Paho persistence: the store is the persistence, and the uplink sends
// every unacknowledged event again after a reconnect.

#include <memory>
#include <string>

#include "cloud-sync/mqtt_link.h"
#include "edge/common/status.h"
#include "edge/config/mqtt.h"

namespace jxc::cloud_sync {

struct PahoLinkSettings {
  config::Mqtt mqtt;
  std::string client_id;  // the MQTT client id (mqtt.client_id or the gateway id)
  std::string password;   // "" = none
  std::string key_file;   // mqtt.tls.key_file, resolved
  OutgoingMessage will;   // published by the broker when the connection dies
  /// Larger incoming payloads are not copied out of Paho's message: the
  /// callback gets the topic and the size alone. 0: no limit.
  std::size_t max_incoming_bytes = 0;
};

/// The client for `settings`; Errc::config when Paho refuses them (a bad uri).
Result<std::unique_ptr<MqttLink>> open_paho_link(PahoLinkSettings settings);

}  // namespace jxc::cloud_sync
