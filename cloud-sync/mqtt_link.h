#pragma once
// One MQTT connection as the uplink uses it: connect, publish, subscribe,
// disconnect, and callbacks for what came of them. paho_link.h connects to a
// real broker; tests put a fake in its place.
//
// Every connect and publish carries a 64-bit context of the caller's
// choosing (the uplink packs an OpTag into it) that comes back in its
// callback, so that a late callback can be matched to its connection and
// message. `lost` carries the context of the connect that made the
// connection.
//
// Threading: the callbacks run on the link's own threads, possibly after
// the call that started the operation has returned; they must be quick and
// must not call into the link.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "edge/common/status.h"

namespace jxc::cloud_sync {

struct OutgoingMessage {
  std::string topic, payload;
  int qos = 1;
  bool retain = false;
  std::string correlation;  // MQTT 5 correlation data of a response ("" = none)
};

struct IncomingMessage {
  std::string topic, payload;
  std::string response_topic, correlation;  // MQTT 5 properties ("" = none)
  /// The size of a payload over the link's limit, which was not copied
  /// (payload stays empty); 0 for a message delivered whole.
  std::size_t oversize_bytes = 0;
};

/// How a connect or publish ended.
struct LinkOutcome {
  bool ok = true;
  /// The MQTT 5 reason code (0: success, 0x80 and above: failure), or the
  /// MQTT 3.1.1 CONNACK return code of a refused connect.
  int reason_code = 0;
  std::string reason;  // a failure for a person ("Bad user name or password (reason code 134)")
};

class MqttLink {
 public:
  struct Callbacks {
    std::function<void(std::uint64_t context)> connected;
    std::function<void(std::uint64_t context, const LinkOutcome&)> connect_failed;
    /// The connection went down (broker gone, keep-alive expired, DISCONNECT).
    std::function<void(std::uint64_t context, const std::string& reason)> lost;
    std::function<void(IncomingMessage)> message;
    /// The broker's answer to a QoS 1 publish (PUBACK), or its failure.
    std::function<void(std::uint64_t context, const LinkOutcome&)> publish_complete;
  };

  virtual ~MqttLink() = default;

  /// Set once, before the first connect.
  virtual void set_callbacks(Callbacks callbacks) = 0;
  /// Starts connecting; `connected` or `connect_failed` follows. An error
  /// means it did not start (and no callback follows).
  virtual Status connect(std::uint64_t context) = 0;
  /// Starts a publish; `publish_complete` follows. An error means it did not
  /// start: not connected, or the link holds as many messages in flight as
  /// it can. The link takes the message: an event's envelope is moved, not
  /// copied, into the client library's own message.
  virtual Status publish(OutgoingMessage message, std::uint64_t context) = 0;
  virtual Status subscribe(const std::string& filter, int qos) = 0;
  /// Publishes `farewell` when connected (a clean disconnect does not fire
  /// the Will) and disconnects, waiting at most `timeout` for each. No
  /// callback follows.
  virtual void disconnect(const std::optional<OutgoingMessage>& farewell, std::chrono::milliseconds timeout) = 0;
};

}  // namespace jxc::cloud_sync
