#pragma once
// What the central system sends down, as the core sees it: the MQTT client in
// cloud-sync/ receives a message, hands it here, and publishes what comes back
// (a rejection with its reason, a command's response). Everything in this
// folder is transport-free; Paho is never included in edge/.
//
// Downlink topics, under {root}/{site}/{gateway}/down/ (the "kind" below is
// the rest of the topic):
//   master/snapshot   full master data (items, locations, thresholds)
//   master/delta      versioned changes to master data
//   asn               an expected receipt (ASN / purchase order) with lines
//   picklist          a pick list (sales order to issue)
//   count             a stock count request
//   cmd               a command, MQTT 5 request/response (response topic +
//                     correlation data): replay, stock, ping, resync, ack-alert
// Rejections are published to {root}/{site}/{gateway}/rejected.

#include <cstdint>
#include <optional>
#include <string>

namespace jxc::sync {

struct DownlinkMessage {
  std::string kind;     // topic tail after .../down/, e.g. "master/delta"
  std::string payload;  // raw bytes as received (JSON expected)
  bool has_response_topic = false;  // MQTT 5 request/response: a response is wanted
};

struct DownlinkOutcome {
  enum class Result {
    applied,    // validated and committed (or a command answered)
    duplicate,  // this message was applied before; nothing changed
    rejected,   // invalid; nothing changed; `reason` says why
  };
  Result result = Result::rejected;
  std::string reason;
  /// The payload's message_id when it could be read (for logs and the
  /// rejection message); empty otherwise.
  std::string message_id;
  /// The JSON body of the answer to publish to the request's
  /// response topic with its correlation data.
  std::optional<std::string> response_json;
  /// Work only the transport can do, asked for by a command.
  enum class Action { none, replay, resync_master_data };
  Action action = Action::none;
  std::int64_t replay_from_seq = 0;  // for Action::replay: re-send events from this seq on
};

/// Validates and applies one downlink message. Implementations are called on
/// the client's thread, may block for one engine commit, and never throw.
class DownlinkHandler {
 public:
  virtual ~DownlinkHandler() = default;
  virtual DownlinkOutcome handle(const DownlinkMessage& message) = 0;
};

}  // namespace jxc::sync
