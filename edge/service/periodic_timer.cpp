#include "edge/service/periodic_timer.h"

namespace jxc::service {

PeriodicTimer::PeriodicTimer(boost::asio::io_context& io, std::function<void()> tick)
    : timer_(io), tick_(std::move(tick)) {}

void PeriodicTimer::start(std::chrono::steady_clock::duration period) {
  period_ = period;
  running_ = true;
  ++generation_;
  arm();
}

void PeriodicTimer::stop() {
  running_ = false;
  ++generation_;
  timer_.cancel();
}

void PeriodicTimer::arm() {
  // Measured from the end of the last tick, not from a fixed grid: after a
  // stall the loop catches up with one tick, not a burst.
  timer_.expires_after(period_);
  timer_.async_wait([this, generation = generation_](const boost::system::error_code& ec) {
    // A handler whose wait was cancelled may already be queued when the
    // timer is restarted or stopped; the generation tells it apart.
    if (ec || generation != generation_ || !running_) return;
    tick_();
    if (generation == generation_ && running_) arm();
  });
}

}  // namespace jxc::service
