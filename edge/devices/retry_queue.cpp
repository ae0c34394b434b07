#include "edge/devices/retry_queue.h"

#include <spdlog/spdlog.h>

#include "edge/devices/restart.h"

namespace jxc::devices {
namespace {
using Steady = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;
constexpr const char* kKind = "store-retries";
}  // namespace

bool RetryQueue::transient(const Status& s) {
  return s.code() == Errc::storage || s.code() == Errc::unavailable;
}

RetryQueue::RetryQueue(HealthSink* health, std::string id, RetryOptions opts)
    : health_(health), id_(std::move(id)), opts_(opts), backoff_(opts.min.count(), opts.max.count()) {
  if (health_) health_->report(id_, kKind, DeviceState::online, "nothing waiting for the store");
  thread_ = std::thread([this] { loop(); });
}

RetryQueue::~RetryQueue() { stop(); }

bool RetryQueue::add(std::string what, Attempt attempt) {
  std::unique_lock lock(mu_);
  if (stopping_) return false;
  if (queue_.size() >= opts_.capacity) {
    ++stats_.refused_full;
    return false;
  }
  queue_.push_back(Entry{std::move(what), std::move(attempt), Steady::now()});
  ++stats_.added;
  cv_.notify_all();
  return true;
}

std::size_t RetryQueue::pending() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

RetryQueue::Stats RetryQueue::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void RetryQueue::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

Status RetryQueue::attempt(const Entry& e) {
  try {
    return e.attempt();
  } catch (...) {
    return error(Errc::internal, "the attempt threw: " + exception_reason(std::current_exception()));
  }
}

void RetryQueue::loop() {
  std::unique_lock lock(mu_);
  Steady::time_point next_try{};
  bool waiting = false;  // a posting failed and waits for its next try
  for (;;) {
    if (queue_.empty()) {
      if (stopping_) break;
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (!waiting && !queue_.empty()) {
        // The caller's own try has just failed: the first retry waits too.
        const milliseconds delay(backoff_.next());
        next_try = Steady::now() + delay;
        waiting = true;
        report(lock, Status::ok(), delay);
      }
      continue;
    }
    if (!stopping_ && Steady::now() < next_try) {
      cv_.wait_until(lock, next_try, [&] { return stopping_; });
      continue;
    }
    const Entry& e = queue_.front();  // only this thread pops; push_back keeps references
    lock.unlock();
    const Status s = attempt(e);
    lock.lock();
    ++stats_.attempts;
    if (s.is_ok() || !transient(s)) {
      if (!s.is_ok()) spdlog::error("{}: {} not booked: {}", id_, queue_.front().what, s.to_string());
      queue_.pop_front();
      ++stats_.done;
      backoff_.reset();
      next_try = Steady::now();
      waiting = !queue_.empty();
      report(lock, s, milliseconds(0));
      continue;
    }
    if (stopping_) {
      for (const auto& left : queue_)
        spdlog::error("{}: {} not booked, the store did not take it before the stop: {}", id_, left.what,
                      s.to_string());
      stats_.dropped += queue_.size();
      queue_.clear();
      break;
    }
    const milliseconds delay(backoff_.next());
    next_try = Steady::now() + delay;
    report(lock, s, delay);
  }
  lock.unlock();
  if (health_) health_->report(id_, kKind, DeviceState::stopped, "");
}

void RetryQueue::report(std::unique_lock<std::mutex>& lock, const Status& last, milliseconds next_in) {
  if (!health_) return;
  DeviceState state = DeviceState::online;
  std::string detail = "nothing waiting for the store";
  if (!queue_.empty()) {
    const auto waited = duration_cast<milliseconds>(Steady::now() - queue_.front().since);
    const bool failing = last.code() == Errc::storage;  // not a lock that passes
    state = failing || waited >= opts_.offline_after ? DeviceState::offline : DeviceState::degraded;
    detail = std::to_string(queue_.size()) + " posting(s) waiting for the store, the oldest (" +
             queue_.front().what + ") for " + std::to_string(waited.count() / 1000) + " s";
    if (!last.is_ok()) detail += ": " + last.to_string();
    detail += " (next try in " + std::to_string(next_in.count()) + " ms)";
  }
  lock.unlock();
  try {
    health_->report(id_, kKind, state, std::move(detail));
  } catch (...) {
    spdlog::error("{}: reporting health failed: {}", id_, exception_reason(std::current_exception()));
  }
  lock.lock();
}

}  // namespace jxc::devices
