#pragma once
// Postings a device could not hand to the store for a passing reason, tried
// again with back-off until the store takes them or refuses them for good.
// A locked store (another process holding the write lock past the busy
// timeout: Errc::unavailable) or a failing one (a full disk, an I/O error:
// Errc::storage) passes; any other answer is final. Every posting handed to
// the queue carries an idempotency key, so an attempt whose commit succeeded
// but whose answer was lost is answered with the first result when tried
// again, never booked twice.
//
// Attempts run one at a time, in the order added, on the queue's own thread,
// so that a device's thread never waits for a store that is away. The queue
// holds at most `capacity` postings; add() refuses more and the caller
// reports the posting as failed. The queue reports itself as a device of
// kind "store-retries" (HealthSink): online while empty, degraded while
// postings wait for a lock, offline once the oldest has waited
// `offline_after` or at once when the store itself fails (Errc::storage: a
// full disk, an I/O error), so that the store_unavailable alert tells a
// person (edge/alerts).
//
// Thread-safety: every method may be called from any thread; attempts run
// on the queue's thread and must not call back into the queue.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "edge/common/status.h"
#include "edge/devices/backoff.h"
#include "edge/devices/health.h"

namespace jxc::devices {

struct RetryOptions {
  std::size_t capacity = 1000;
  std::chrono::milliseconds min{250}, max{15000};  // delays between tries (backoff.h)
  std::chrono::milliseconds offline_after{60000};
};

class RetryQueue {
 public:
  /// One try, blocking on the store. Ok when the posting is done (booked, or
  /// refused for good and reported by the attempt itself); a transient
  /// answer keeps it for the next try.
  using Attempt = std::function<Status()>;
  /// Errc::storage and Errc::unavailable: the store may take it later.
  static bool transient(const Status& s);

  /// `health` may be null (nothing reported).
  RetryQueue(HealthSink* health, std::string id, RetryOptions opts = {});
  ~RetryQueue();  // stop()
  RetryQueue(const RetryQueue&) = delete;
  RetryQueue& operator=(const RetryQueue&) = delete;

  /// Queues a posting behind those waiting; `what` names it in logs and
  /// health. False (nothing queued) when the queue is full or stopped.
  bool add(std::string what, Attempt attempt);
  /// Postings waiting, including one being tried.
  std::size_t pending() const;

  /// Tries the first waiting posting once more at once; when the store still
  /// does not take it, every posting left is logged as not booked and
  /// dropped. Joins the thread. Idempotent.
  void stop();

  struct Stats {
    std::uint64_t added = 0, done = 0, attempts = 0;
    std::uint64_t refused_full = 0;  // add() found the queue full
    std::uint64_t dropped = 0;       // still waiting at stop()
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string what;
    Attempt attempt;
    std::chrono::steady_clock::time_point since;
  };
  void loop();
  /// Runs the attempt, turning an exception into a final failure.
  static Status attempt(const Entry& e);
  void report(std::unique_lock<std::mutex>& lock, const Status& last, std::chrono::milliseconds next_in);

  HealthSink* health_;
  const std::string id_;
  const RetryOptions opts_;
  Backoff backoff_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Entry> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace jxc::devices
