#pragma once
// The downlink payloads as typed values. Parsing checks the whole message —
// size, JSON syntax, nesting, every field's presence, type and range, and
// fields that must not be there — before anything touches the store; what
// only the store can judge (does this SKU exist, is the version next) is
// checked inside the transaction that applies it. The JSON Schemas in
// docs/contract/schemas/ describe the same shapes.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/types.h"

namespace jxc::sync {

struct MasterData {
  std::vector<inventory::Item> items;
  std::vector<inventory::Location> locations;
  std::vector<inventory::Threshold> thresholds;
};

/// Everything the central system holds for this gateway: what it does not
/// list is retired (items, locations) or removed (thresholds).
struct MasterSnapshot {
  std::int64_t version = 0;
  MasterData data;
};

/// Changes from version-1 to version.
struct MasterDelta {
  std::int64_t version = 0;
  MasterData upsert;
  std::vector<std::string> retire_items, retire_locations;
  std::vector<std::pair<std::string, std::string>> remove_thresholds;  // sku, location
};

/// A command on down/cmd. ping and stock read; the others change the store
/// once per message id. From ack_alert on, each is a decision a person at the
/// central system took, named in `by` (central_decisions.h applies them).
struct Command {
  enum class Name {
    ping,
    stock,
    replay,
    resync,
    ack_alert,
    cancel_order,        // an open expected receipt or pick list
    release_document,    // post a document held for review
    cancel_document,     // cancel a document held for review
    approve_count,       // a submitted count
    reopen_count,        // a submitted count goes back to counting
    accept_suggestion,   // an open replenishment suggestion
    dismiss_suggestion,
  };
  Name name = Name::ping;
  std::string sku, location;  // stock
  std::int64_t from_seq = 0;  // replay
  std::string epoch;          // replay: the store the seqs belong to (optional)
  std::int64_t alert_id = 0;  // ack_alert: the alert's id as its events carry it ("42")
  std::string number;         // the order's, document's or count's number
  std::int64_t suggestion_id = 0;  // as replenishment.suggested carries it ("7")
  bool force = false;         // approve_count: with bins uncounted or recounts pending
  std::string by;             // a decision: the person at the central system who takes it
};

/// The command's name on the wire ("ack-alert").
const char* command_name(Command::Name n);
/// A decision of a person (ack_alert and everything after it), carried out
/// once per message id and recorded in the audit trail.
bool is_decision(Command::Name n);

using DownlinkBody =
    std::variant<MasterSnapshot, MasterDelta, inventory::Order, inventory::CountOpen, Command>;

struct ParsedDownlink {
  std::string message_id;
  DownlinkBody body;
};

/// Result of parsing: the message, or every problem found. `message_id` is
/// filled whenever it could be read, so that a rejection can name it.
struct ParseOutcome {
  std::string message_id;
  std::vector<std::string> problems;
  ParsedDownlink message;
  bool ok() const { return problems.empty(); }
};

inline constexpr std::size_t kMaxNesting = 32;

ParseOutcome parse_downlink(const std::string& kind, const std::string& payload,
                            std::size_t max_bytes);

/// The kinds this gateway accepts, as in DownlinkMessage::kind.
const std::vector<std::string>& downlink_kinds();

}  // namespace jxc::sync
