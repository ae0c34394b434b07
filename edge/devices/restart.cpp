#include "edge/devices/restart.h"

#include <typeinfo>

#include <spdlog/spdlog.h>

#include "edge/common/text.h"

namespace jxc::devices {

std::string exception_reason(std::exception_ptr e) {
  if (!e) return "no exception";
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    std::string what = x.what() ? x.what() : "";
    if (what.empty()) what = typeid(x).name();
    return text::to_clean_text(what);
  } catch (...) {
    return "unknown exception";
  }
}

void report_exception(HealthSink& health, const std::string& id, const std::string& kind,
                      const std::string& reason, std::chrono::milliseconds restart_in) {
  const std::string detail = "exception: " + reason + " (restart in " + std::to_string(restart_in.count()) + " ms)";
  spdlog::error("{} {}: {}", kind, id, detail);
  try {
    health.report(id, kind, DeviceState::offline, detail);
  } catch (...) {
    // A health listener that throws must not take the restart down with it.
    spdlog::error("{} {}: reporting the exception failed: {}", kind, id, exception_reason(std::current_exception()));
  }
}

Restarter::Restarter(HealthSink& health, std::string id, std::string kind, RestartPolicy policy)
    : health_(health),
      id_(std::move(id)),
      kind_(std::move(kind)),
      policy_(policy),
      backoff_(policy.min.count(), policy.max.count()) {}

void Restarter::run(const std::function<void()>& loop, const std::function<void()>& resumed) {
  using Steady = std::chrono::steady_clock;
  for (;;) {
    const auto began = Steady::now();
    try {
      loop();
      return;
    } catch (...) {
      const std::string reason = exception_reason(std::current_exception());
      if (Steady::now() - began > policy_.max) backoff_.reset();
      const std::chrono::milliseconds delay(backoff_.next());
      report_exception(health_, id_, kind_, reason, delay);
      {
        std::lock_guard lock(mu_);
        ++restarts_;
      }
      if (!pause(delay)) break;
    }
    if (resumed) {
      try {
        resumed();
      } catch (...) {
        spdlog::error("{} {}: restarting failed: {}", kind_, id_, exception_reason(std::current_exception()));
      }
    }
  }
  // Stopping: one last run finishes what is queued.
  try {
    loop();
  } catch (...) {
    spdlog::error("{} {}: exception while stopping: {}", kind_, id_, exception_reason(std::current_exception()));
  }
}

bool Restarter::pause(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [this] { return stopping_; });
  return !stopping_;
}

void Restarter::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
}

void Restarter::rearm() {
  std::lock_guard lock(mu_);
  stopping_ = false;
}

std::uint64_t Restarter::restarts() const {
  std::lock_guard lock(mu_);
  return restarts_;
}

}  // namespace jxc::devices
