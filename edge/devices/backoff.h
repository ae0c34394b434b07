#pragma once
// Reconnect and restart delays: exponential from `min` to `max`, each with
// "equal jitter" (half fixed, half random) so that a fleet of gateways that
// lost the broker together, or devices that failed together, do not all come
// back in the same second. Pure apart from the random source, which tests
// seed. The uplink's reconnects and every device loop restarted after an
// exception (restart.h) use it.

#include <algorithm>
#include <cstdint>
#include <random>

namespace jxc::devices {

class Backoff {
 public:
  Backoff(std::int64_t min_ms, std::int64_t max_ms, std::uint64_t seed = std::random_device{}())
      : min_(std::max<std::int64_t>(1, min_ms)), max_(std::max(min_, max_ms)), rng_(seed) {}

  /// The delay before the next attempt, in milliseconds; grows each call.
  std::int64_t next() {
    std::int64_t ceiling = current_;
    current_ = std::min(max_, current_ * 2);
    std::uniform_int_distribution<std::int64_t> half(0, ceiling / 2);
    return ceiling - ceiling / 2 + half(rng_);
  }
  /// After a successful connection.
  void reset() { current_ = min_; }

 private:
  std::int64_t min_, max_;
  std::int64_t current_ = min_;
  std::mt19937_64 rng_;
};

}  // namespace jxc::devices
