#pragma once
// Paces the requests that only read while requests that write are being
// answered, so that a flood of lookups cannot take the CPU the warehouse's
// movements need: at most `per_second` reads a second are let through then,
// in bursts of at most a twentieth of a second's worth; the others wait for
// their turn. Reads while nothing writes are not paced.
//
// The algorithm is the generic cell rate algorithm (a token bucket kept as
// one moment): each read claims the next free slot, one interval after the
// one claimed before it, and waits until then.
//
// Thread-safety: slot() may be called from any thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>

namespace jxc::http {

class ReadPacer {
 public:
  using Clock = std::chrono::steady_clock;

  /// `per_second` > 0.
  explicit ReadPacer(std::int64_t per_second);

  /// When a read that arrives at `now` may be answered: `now` while the
  /// reads before it have left room, else the moment its turn comes.
  Clock::time_point slot(Clock::time_point now);

  std::chrono::nanoseconds interval() const { return std::chrono::nanoseconds(interval_ns_); }

  /// A request that writes was answered at `now`.
  void write_answered(Clock::time_point now);
  /// Whether a request that writes was answered less than kLinger before
  /// `now`: writes come in runs, and between two of a run the reads are
  /// paced still.
  bool wrote_lately(Clock::time_point now) const;
  static constexpr std::chrono::milliseconds kLinger{100};

 private:
  std::int64_t interval_ns_;
  std::int64_t burst_ns_;  // how far before `now` a slot may lie: the burst let through at once
  // The first free slot, in nanoseconds of Clock's epoch.
  std::atomic<std::int64_t> next_{std::numeric_limits<std::int64_t>::min() / 2};
  std::atomic<std::int64_t> last_write_{std::numeric_limits<std::int64_t>::min() / 2};
};

}  // namespace jxc::http
