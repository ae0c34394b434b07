#pragma once
// A Notifier for tests: records every notify() and lets the test thread wait,
// with a bound, for a message the gateway's loop thread sends. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "edge/service/notifier.h"

namespace jxc::service {

class RecordingNotifier final : public Notifier {
 public:
  explicit RecordingNotifier(std::chrono::microseconds watchdog = std::chrono::microseconds{0})
      : watchdog_(watchdog) {}

  void notify(const std::string& state) override {
    std::lock_guard lock(mu_);
    sent_.push_back(state);
    cv_.notify_all();
  }
  std::chrono::microseconds watchdog_interval() const override { return watchdog_; }

  std::vector<std::string> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }
  /// How many messages so far contain `part`.
  std::size_t count(const std::string& part) const {
    std::lock_guard lock(mu_);
    return count_locked(part);
  }
  /// Waits until at least `n` messages contain `part`; false on timeout.
  bool wait_for(const std::string& part, std::size_t n = 1,
                std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return count_locked(part) >= n; });
  }

 private:
  std::size_t count_locked(const std::string& part) const {
    std::size_t n = 0;
    for (const auto& s : sent_) n += s.find(part) != std::string::npos;
    return n;
  }

  std::chrono::microseconds watchdog_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<std::string> sent_;
};

}  // namespace jxc::service
