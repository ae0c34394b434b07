#include "edge/service/periodic_timer.h"

#include <gtest/gtest.h>

namespace jxc::service {
namespace {

using namespace std::chrono_literals;

// The loop runs until no work is left; run_for() only bounds a broken test.
TEST(PeriodicTimer, TicksUntilStoppedFromItsOwnTick) {
  boost::asio::io_context io;
  int ticks = 0;
  PeriodicTimer* self = nullptr;
  PeriodicTimer timer(io, [&] {
    if (++ticks == 3) self->stop();
  });
  self = &timer;
  timer.start(1ms);
  io.run_for(10s);
  EXPECT_EQ(ticks, 3);
  EXPECT_FALSE(timer.running());
}

TEST(PeriodicTimer, StoppedBeforeItsFirstTickNeverTicks) {
  boost::asio::io_context io;
  int ticks = 0;
  PeriodicTimer timer(io, [&] { ++ticks; });
  timer.start(1ms);
  timer.stop();
  io.run_for(10s);
  EXPECT_EQ(ticks, 0);
}

TEST(PeriodicTimer, RestartFromATickKeepsOneChain) {
  boost::asio::io_context io;
  int ticks = 0;
  PeriodicTimer* self = nullptr;
  PeriodicTimer timer(io, [&] {
    ++ticks;
    if (ticks == 1) self->start(1ms);  // restart: must not add a second chain
    if (ticks == 4) self->stop();
  });
  self = &timer;
  timer.start(1ms);
  io.run_for(10s);
  EXPECT_EQ(ticks, 4);
}

}  // namespace
}  // namespace jxc::service
