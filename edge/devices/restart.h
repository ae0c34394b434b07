#pragma once
// Keeping a device's loop alive. An exception that escapes a device's thread
// would end the process (std::terminate); one that ends a detached
// coroutine or an io_context's run() silently leaves the device dead with
// its health frozen. Every device thread therefore runs its loop through a
// Restarter: what escapes is logged, the device is reported offline with the
// reason, and the loop runs again after a back-off delay (backoff.h; the
// delays start again from `min` once a run has lasted longer than `max`).
//
// Devices whose loop is a coroutine (the LLRP link) use exception_reason()
// and report_exception() in their own completion handlers instead.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <string>

#include "edge/devices/backoff.h"
#include "edge/devices/health.h"

namespace jxc::devices {

struct RestartPolicy {
  std::chrono::milliseconds min{1000}, max{30000};
};

/// What an exception says, on one line: what() of a std::exception (with
/// its type's name when what() is empty), "unknown exception" otherwise.
std::string exception_reason(std::exception_ptr e);

/// Logs that an exception (`reason`) escaped the loop of device `id` and
/// reports the device offline: "exception: <reason> (restart in <n> ms)".
void report_exception(HealthSink& health, const std::string& id, const std::string& kind,
                      const std::string& reason, std::chrono::milliseconds restart_in);

class Restarter {
 public:
  Restarter(HealthSink& health, std::string id, std::string kind, RestartPolicy policy = {});
  Restarter(const Restarter&) = delete;
  Restarter& operator=(const Restarter&) = delete;

  /// Runs `loop` on the calling thread until it returns. Each exception that
  /// escapes it is logged and reported, and after the back-off delay
  /// `resumed` (when set; e.g. to re-arm a timer and report online) and
  /// `loop` run again. stop() ends a pending delay at once: `loop` then runs
  /// once more without `resumed`, so that it sees its own stop flag and
  /// finishes what is queued; what it throws then is only logged.
  void run(const std::function<void()>& loop, const std::function<void()>& resumed = {});

  /// Ends a pending delay (any thread). Later delays end at once until rearm().
  void stop();
  /// Before the device starts again after stop().
  void rearm();

  /// How often the loop was restarted (any thread).
  std::uint64_t restarts() const;

 private:
  /// Waits `d` unless stop() is called; false when stopping.
  bool pause(std::chrono::milliseconds d);

  HealthSink& health_;
  const std::string id_, kind_;
  const RestartPolicy policy_;
  Backoff backoff_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t restarts_ = 0;
};

}  // namespace jxc::devices
