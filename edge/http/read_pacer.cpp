#include "edge/http/read_pacer.h"

#include <algorithm>

namespace jxc::http {

ReadPacer::ReadPacer(std::int64_t per_second)
    : interval_ns_(std::max<std::int64_t>(1, 1'000'000'000 / std::max<std::int64_t>(1, per_second))),
      burst_ns_(std::max<std::int64_t>(0, (per_second / 20 - 1)) * interval_ns_) {}

namespace {
std::int64_t ns(ReadPacer::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}
}  // namespace

void ReadPacer::write_answered(Clock::time_point now) {
  const std::int64_t t = ns(now);
  std::int64_t last = last_write_.load(std::memory_order_relaxed);
  while (last < t && !last_write_.compare_exchange_weak(last, t, std::memory_order_relaxed)) {
  }
}

bool ReadPacer::wrote_lately(Clock::time_point now) const {
  return ns(now) - last_write_.load(std::memory_order_relaxed) < std::chrono::nanoseconds(kLinger).count();
}

ReadPacer::Clock::time_point ReadPacer::slot(Clock::time_point now) {
  const std::int64_t t = ns(now);
  std::int64_t next = next_.load(std::memory_order_relaxed);
  std::int64_t at;
  do {
    // A slot left unused long ago is not kept: at most a burst's worth.
    at = std::max(next, t - burst_ns_);
  } while (!next_.compare_exchange_weak(next, at + interval_ns_, std::memory_order_relaxed));
  return at <= t ? now : Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(at)));
}

}  // namespace jxc::http
