#include "edge/devices/restart.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace jxc::devices {
namespace {

using namespace std::chrono_literals;

TEST(Restarter, ReportsEachExceptionAndRunsTheLoopAgainAfterABackOff) {
  HealthRegistry health;
  Restarter r(health, "bus-1", "scale", RestartPolicy{10ms, 40ms});
  int runs = 0, resumed = 0;
  std::vector<std::string> seen;
  health.add_listener([&](const DeviceHealth& h, DeviceState) { seen.push_back(h.detail); });
  r.run(
      [&] {
        ++runs;
        if (runs == 1) throw std::runtime_error("slot table corrupt");
        if (runs == 2) throw 42;
      },
      [&] {
        ++resumed;
        health.report("bus-1", "scale", DeviceState::online, "running again");
      });
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(resumed, 2);
  EXPECT_EQ(r.restarts(), 2u);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].rfind("exception: slot table corrupt (restart in ", 0), 0u) << seen[0];
  EXPECT_EQ(seen[2].rfind("exception: unknown exception (restart in ", 0), 0u) << seen[2];
  DeviceHealth h;
  ASSERT_TRUE(health.get("bus-1", &h));
  EXPECT_EQ(h.state, DeviceState::online);
}

TEST(Restarter, StopEndsTheDelayAndTheLoopRunsOnceMoreToFinish) {
  HealthRegistry health;
  Restarter r(health, "door-1", "rfid", RestartPolicy{60s, 60s});
  std::atomic<int> runs{0};
  std::atomic<bool> resumed{false};
  std::thread t([&] {
    r.run(
        [&] {
          if (++runs == 1) throw std::logic_error("boom");
        },
        [&] { resumed = true; });
  });
  while (r.restarts() == 0) std::this_thread::sleep_for(1ms);
  const auto t0 = std::chrono::steady_clock::now();
  r.stop();
  t.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);
  EXPECT_EQ(runs, 2);
  EXPECT_FALSE(resumed);
  DeviceHealth h;
  ASSERT_TRUE(health.get("door-1", &h));
  EXPECT_EQ(h.state, DeviceState::offline);
  EXPECT_NE(h.detail.find("boom"), std::string::npos);
}

TEST(ExceptionReason, CleansWhatAndNamesUnknownOnes) {
  EXPECT_EQ(exception_reason(std::make_exception_ptr(std::runtime_error("bad\nline"))), "bad line");
  EXPECT_EQ(exception_reason(std::make_exception_ptr(3.5)), "unknown exception");
  EXPECT_EQ(exception_reason(nullptr), "no exception");
}

}  // namespace
}  // namespace jxc::devices
