#pragma once
// Where the event streams (GET /api/v1/events) learn that something
// happened: the engine's commit listener reports the newest outbox seq and
// the count progress of each batch, the device health registry reports state
// changes. Health changes and count progress ("live changes": not in the
// outbox, never stored) are kept in a bounded ring with ids of their own.
// Each open stream subscribes with a Waker, woken after every change; the
// stream itself reads what it missed (outbox events from the store, live
// changes from the ring) on its connection's thread, so the writer and the
// drivers never wait for a client.
//
// Live change ids start at the wall-clock millisecond the hub was made,
// so ids of an earlier run of the gateway are below every id this run keeps
// and a stream resumed across a restart is told to reload.
//
// Thread-safety: every method may be called from any thread.

#include <cstdint>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <variant>
#include <vector>

#include "edge/common/clock.h"
#include "edge/devices/health.h"
#include "edge/inventory/count_progress.h"

namespace jxc::http {

struct HealthChange {
  devices::DeviceHealth now;
  devices::DeviceState before = devices::DeviceState::starting;
};

struct LiveChange {
  using Variant = std::variant<HealthChange, inventory::CountProgress>;
  std::int64_t id = 0;
  Variant what;
};

class EventHub : public std::enable_shared_from_this<EventHub> {
 public:
  class Waker {
   public:
    virtual ~Waker() = default;
    /// Something may be new, or the hub is closing. Called with the hub's
    /// lock held: only queue work.
    virtual void wake() = 0;
  };

  /// A stream's place among the subscribers; leaving ends it.
  class Subscription {
   public:
    Subscription(std::shared_ptr<EventHub> hub, std::uint64_t id) : hub_(std::move(hub)), id_(id) {}
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

   private:
    std::shared_ptr<EventHub> hub_;
    std::uint64_t id_;
  };

  static std::shared_ptr<EventHub> make(const Clock& clock, std::int64_t max_subscribers,
                                        std::int64_t outbox_last_seq, std::size_t live_kept = 256);

  // ---- sources ----
  /// The newest outbox seq committed (the engine's commit listener).
  void outbox_committed(std::int64_t last_seq);
  void health_changed(const devices::DeviceHealth& now, devices::DeviceState before);
  /// A count's progress, committed (the engine's commit listener).
  void count_progress(const inventory::CountProgress& progress);

  // ---- streams ----
  /// nullptr when max_subscribers streams are open or the hub is closed.
  std::unique_ptr<Subscription> subscribe(std::weak_ptr<Waker> waker);
  /// Ends every stream: each is woken and finds closed() true. Later
  /// subscriptions are refused.
  void close();
  bool closed() const;
  std::int64_t subscribers() const;
  /// Waits until every stream has ended or `wait` has passed; true when all have.
  bool wait_for_no_subscribers(std::chrono::milliseconds wait);

  std::int64_t outbox_last_seq() const;
  /// The newest live change's id (the hub's first id when none yet).
  std::int64_t live_last_id() const;
  /// The live changes after `after`; nullopt when `after` is older than
  /// the ring keeps, or newer than any change (another run, a forged id).
  std::optional<std::vector<LiveChange>> live_after(std::int64_t after) const;

 private:
  EventHub(const Clock& clock, std::int64_t max_subscribers, std::int64_t outbox_last_seq, std::size_t live_kept);
  void leave(std::uint64_t id);
  void wake_all_locked();
  void add_live_locked(LiveChange::Variant what);

  const std::int64_t max_subscribers_;
  const std::size_t live_kept_;
  mutable std::mutex mu_;
  std::condition_variable left_;
  bool closed_ = false;
  std::int64_t outbox_last_ = 0;
  std::int64_t live_first_ = 0;  // the id before the oldest kept change
  std::int64_t live_last_ = 0;
  std::deque<LiveChange> live_;
  std::uint64_t next_subscriber_ = 1;
  std::map<std::uint64_t, std::weak_ptr<Waker>> subscribers_;
};

}  // namespace jxc::http
