#pragma once
// The outbox: events for the central system, written in the same transaction
// as the change they describe, read in seq order by the uplink, acknowledged
// by the central system and deleted once acknowledged and past retention.
//
// Its whole face is Outbox: writes run on the engine's writer (Tx&, or
// through the Engine, waiting for the commit); reads run on a read connection
// (Queries&), each call one consistent snapshot.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edge/common/clock.h"
#include "edge/common/status.h"
#include "edge/inventory/types.h"

namespace jxc::inventory {

class Engine;
class Queries;
class Tx;

struct OutboxStats {
  std::string epoch;             // the store's identity
  std::int64_t last_seq = 0;     // the newest seq ever written (pruned ones included)
  std::int64_t acked_up_to = 0;  // the central system's acknowledgement for this epoch
  std::int64_t stored = 0;       // events still in the store
  std::int64_t first_seq = 0;    // the oldest event still in the store (0: none)
};

class Outbox {
 public:
  // ---- on the writer ----
  /// Appends an event and returns its sequence number (gapless per store,
  /// never reused after pruning).
  static Result<std::int64_t> append(Tx& tx, const std::string& type, TimeMs occurred_at,
                                     const std::string& payload_json);
  /// Records the central system's acknowledgement of every event up to
  /// `seq`. Refused (Errc::invalid_argument) for another store's epoch or a
  /// seq beyond the newest event; never moves backwards.
  static Status acknowledge_up_to(Tx& tx, const std::string& epoch, std::int64_t seq);
  /// Deletes acknowledged events recorded before `older_than`; returns how many.
  static Result<std::int64_t> prune(Tx& tx, TimeMs older_than);

  /// The two above as requests of their own, answered after the commit.
  static Status acknowledge_up_to(Engine& engine, const std::string& epoch, std::int64_t seq);
  static Result<std::int64_t> prune(Engine& engine, TimeMs older_than);

  // ---- readers ----
  /// Up to `max` events with a seq above `after_seq`, in seq order.
  static Result<std::vector<OutboxEvent>> peek_after(Queries& q, std::int64_t after_seq, std::size_t max);
  static Result<OutboxStats> stats(Queries& q);
  /// When event `seq` was recorded; nullopt when it is not (or no longer) stored.
  static Result<std::optional<TimeMs>> recorded_at(Queries& q, std::int64_t seq);
};

}  // namespace jxc::inventory
