#pragma once
// Time is a dependency: every window, timeout and timestamp in edge/ reads a
// Clock so that tests can step time instead of sleeping.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace jxc {

/// Milliseconds since the Unix epoch, UTC. The store keeps all times in this form.
using TimeMs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  /// Wall-clock time (UTC), for recorded_at stamps.
  virtual TimeMs now_ms() const = 0;
  /// Monotonic time, for windows and timeouts.
  virtual std::chrono::steady_clock::time_point steady_now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs now_ms() const override;
  std::chrono::steady_clock::time_point steady_now() const override;
  static const SystemClock& instance();
};

/// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimeMs start_ms = 1'700'000'000'000) : ms_(start_ms) {}
  TimeMs now_ms() const override { return ms_.load(); }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(ms_.load()));
  }
  void advance(std::chrono::milliseconds d) { ms_ += d.count(); }
  void set(TimeMs ms) { ms_ = ms; }

 private:
  std::atomic<TimeMs> ms_;
};

/// "2026-11-23T08:15:00.123Z"
std::string format_iso8601(TimeMs ms);
/// Accepts "2026-11-23", "2026-11-23T08:15:00Z", with optional fraction and
/// "+08:00" style offsets. Returns false on anything else.
bool parse_iso8601(const std::string& text, TimeMs* out);

}  // namespace jxc
