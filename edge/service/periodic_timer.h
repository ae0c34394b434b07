#pragma once
// A repeating timer on an Asio io_context: the watchdog ping, the outbox prune
// and the status refresh each own one.
//
// Every method, and the tick, runs on the io_context's thread. The owner keeps
// the timer alive until the io_context has stopped running it.

#include <chrono>
#include <functional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace jxc::service {

class PeriodicTimer {
 public:
  PeriodicTimer(boost::asio::io_context& io, std::function<void()> tick);
  PeriodicTimer(const PeriodicTimer&) = delete;
  PeriodicTimer& operator=(const PeriodicTimer&) = delete;

  /// Ticks every `period` from now on (the first tick one period from now).
  /// Starting a running timer restarts it with the new period.
  void start(std::chrono::steady_clock::duration period);
  /// No tick runs after stop() returns. Idempotent.
  void stop();
  bool running() const { return running_; }

 private:
  void arm();

  boost::asio::steady_timer timer_;
  std::function<void()> tick_;
  std::chrono::steady_clock::duration period_{};
  bool running_ = false;
  unsigned generation_ = 0;  // tells a wait cancelled by restart from the current one
};

}  // namespace jxc::service
