#pragma once
// The uplink's drain as a state machine: when to connect, which outbox event
// goes out next, which are in flight, and how far the central system has
// acknowledged. Pure: no I/O, no threads, no clock reads (time is passed in).
//
// The uplink tells it what happened (the store's outbox grew, a connection
// came up or went down, a PUBACK, the central system's acknowledgement or
// replay request, the rows it read) and does what next() says: connect, read
// outbox rows after a seq, or publish an event.
//
// Delivery is at least once: on every new connection everything the central
// system has not acknowledged is sent again (the broker may have lost what
// it had PUBACKed, and the central system de-duplicates by seq), at most
// `window` events in flight at a time.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "edge/devices/backoff.h"
#include "edge/inventory/types.h"

namespace jxc::cloud_sync {

using SteadyTime = std::chrono::steady_clock::time_point;

/// What an operation on the link carries back in its callback: the
/// connection attempt it belongs to (a late callback of an earlier connection
/// is ignored) and, for an event, its seq (0 for other messages). Packed into
/// the link's 64-bit context.
struct OpTag {
  std::uint64_t generation = 0;  // below 2^16
  std::int64_t seq = 0;          // below 2^48

  std::uint64_t pack() const {
    return (generation << 48) | (static_cast<std::uint64_t>(seq) & 0xFFFF'FFFF'FFFFull);
  }
  static OpTag unpack(std::uint64_t context) {
    return {context >> 48, static_cast<std::int64_t>(context & 0xFFFF'FFFF'FFFFull)};
  }
};

struct DrainOptions {
  std::string epoch;            // this store's; acknowledgements for another are refused
  std::size_t window = 32;      // events in flight at most
  std::size_t page_size = 256;  // outbox rows read at a time
  std::int64_t reconnect_min_ms = 500, reconnect_max_ms = 30'000;
  std::uint64_t backoff_seed = 0x6a78'6364'7261'696eull;
  /// Refusals of one event after which it is a poison event (still re-sent,
  /// never skipped: the central system acknowledges only a gapless stream).
  int poison_after = 5;
};

/// The broker refused an event (a PUBACK with a failure reason code: not
/// authorized, quota exceeded, packet too large, ...).
struct Refusal {
  std::int64_t seq = 0;  // the first event the broker refuses
  int refusals = 0;      // how often in a row it was refused
  std::int64_t retry_in_ms = 0;
  bool poison = false;   // refused at least poison_after times
};

/// What the uplink is to do next.
struct Step {
  enum class Do { wait, connect, read, publish };
  Do what = Do::wait;
  std::int64_t after_seq = 0;  // read: the rows after this seq ...
  std::size_t max_rows = 0;    // ... at most this many
  /// publish: this event, tagged OpTag{generation, event->seq}. Valid until
  /// the drain is next told something.
  const inventory::OutboxEvent* event = nullptr;
  std::uint64_t generation = 0;
};

/// The central system's acknowledgement, judged.
struct AckCheck {
  enum class Verdict { advance, duplicate, refused };
  Verdict verdict = Verdict::refused;
  std::string reason;  // refused: why, for the rejection notice
};

class Drain {
 public:
  explicit Drain(DrainOptions options);

  // ---- the store ----
  /// The outbox as the store reports it (at start and on every connect).
  /// Neither mark ever moves back.
  void restore(std::int64_t last_seq, std::int64_t acked_up_to);
  /// A commit wrote events up to `last_seq`.
  void outbox_grew(std::int64_t last_seq);
  /// The rows a `read` step asked for, in seq order. None: the events up to
  /// the last seq were pruned (or are not visible yet); nothing is sent for
  /// them.
  void rows_read(std::vector<inventory::OutboxEvent> rows);

  // ---- the link ----
  /// A `connect` step is being carried out: returns the new attempt's
  /// generation, to tag it with.
  std::uint64_t connecting();
  /// Whether `generation` is the latest connection attempt.
  bool current(std::uint64_t generation) const { return generation == generation_; }
  /// The attempt `generation` connected. Rewinds to the first event the
  /// central system has not acknowledged and reopens the whole window.
  /// False (and nothing changes) for an earlier attempt.
  bool connected(std::uint64_t generation);
  /// The attempt `generation` failed, or the connection it made was lost:
  /// the delay in ms before the next attempt; nullopt (nothing changes) when
  /// `generation` is not current or not connected/connecting.
  std::optional<std::int64_t> connect_failed(std::uint64_t generation, SteadyTime now);
  std::optional<std::int64_t> lost(std::uint64_t generation, SteadyTime now);
  /// The uplink closed the link itself (stopping): not connected, and a
  /// connect is due at once when it runs again. Later callbacks of the closed
  /// link change nothing.
  void link_closed();
  /// The broker's PUBACK of an event: it leaves the window (when it belongs
  /// to the current connection; a PUBACK from an earlier one changes
  /// nothing). True when it freed a place.
  bool puback(OpTag tag);
  /// The broker refused the event of `tag` (a PUBACK with a failure reason
  /// code). Publishing pauses for a back-off (the link stays up), then goes
  /// on from the refused event; the events after it that are already out
  /// are sent again too, and the central system de-duplicates them. Nullopt
  /// (nothing changes) for a refusal of an earlier connection or of an event
  /// the central system has acknowledged.
  std::optional<Refusal> publish_failed(OpTag tag, SteadyTime now);

  // ---- the central system ----
  /// Judges an acknowledgement: another epoch or a seq beyond the last event
  /// is refused; one at or below the acknowledged mark is a duplicate.
  AckCheck check_ack(const std::string& epoch, std::int64_t up_to_seq) const;
  /// The store recorded the acknowledgement up to `seq`.
  void acknowledged(std::int64_t seq);
  /// Send again from `seq` (at least 1), also below the acknowledged mark:
  /// the central system asked for it. The acknowledged mark stays.
  void replay_from(std::int64_t seq);

  // ---- what to do ----
  Step next(SteadyTime now) const;
  /// The event of the last `publish` step went out.
  void published(std::int64_t seq);
  /// The link refused the event of the last `publish` step: it stays next in
  /// line, and the window shrinks to what the link holds (at least 1).
  void publish_refused();
  /// When a connect is due (nullopt while connected or connecting).
  std::optional<SteadyTime> connect_at() const;
  /// When publishing goes on after a refusal (nullopt: not paused).
  std::optional<SteadyTime> resume_at() const;

  // ---- state ----
  bool is_connected() const { return connected_; }
  bool is_connecting() const { return connecting_; }
  std::uint64_t generation() const { return generation_; }
  std::int64_t last_seq() const { return last_seq_; }
  std::int64_t acked_up_to() const { return acked_up_to_; }
  std::int64_t backlog() const { return last_seq_ > acked_up_to_ ? last_seq_ - acked_up_to_ : 0; }
  std::int64_t next_seq() const { return next_seq_; }
  std::size_t in_flight() const { return inflight_.size(); }
  std::size_t window() const { return window_; }
  /// The first event the broker refuses (0: none), and how often in a row.
  std::int64_t refused_seq() const { return refused_seq_; }
  int refusals() const { return refusals_; }
  bool poisoned() const { return refused_seq_ != 0 && refusals_ >= options_.poison_after; }

 private:
  std::int64_t retry_later(SteadyTime now);
  void forget_inflight(std::int64_t seq);
  void refusal_over();

  DrainOptions options_;
  devices::Backoff backoff_;
  bool connected_ = false, connecting_ = false;
  std::uint64_t generation_ = 0;
  SteadyTime next_connect_{};
  std::int64_t last_seq_ = 0, acked_up_to_ = 0, next_seq_ = 1;
  // The in-flight seqs, kept sorted in a vector: the window is small, so a
  // binary search and a short move beat a node allocation per event.
  std::vector<std::int64_t> inflight_;
  std::size_t window_;  // the configured window, or less once the link refused more
  std::deque<inventory::OutboxEvent> page_;
  // The broker's refusals: the lowest refused event not yet accepted, how
  // often in a row, and the pause before publishing again.
  devices::Backoff refusal_backoff_;
  std::int64_t refused_seq_ = 0;
  int refusals_ = 0;
  SteadyTime resume_at_{};
};

}  // namespace jxc::cloud_sync
