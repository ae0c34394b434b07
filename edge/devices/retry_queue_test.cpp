#include "edge/devices/retry_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace jxc::devices {
namespace {

using namespace std::chrono_literals;

RetryOptions fast(std::size_t capacity = 10) {
  RetryOptions o;
  o.capacity = capacity;
  o.min = 1ms;
  o.max = 4ms;
  o.offline_after = 1h;
  return o;
}

TEST(RetryQueue, TriesAgainWhileTheStoreIsAwayAndStopsAtTheFirstFinalAnswer) {
  HealthRegistry health;
  RetryQueue q(&health, "portal/store-retries", fast());
  std::atomic<int> tries{0};
  std::promise<void> done;
  ASSERT_TRUE(q.add("pass 1", [&]() -> Status {
    int n = ++tries;
    if (n < 3) return error(n == 1 ? Errc::unavailable : Errc::storage, "database is locked");
    done.set_value();
    return Status::ok();
  }));
  done.get_future().wait();
  std::promise<void> refused;
  ASSERT_TRUE(q.add("pass 2", [&]() -> Status {
    refused.set_value();
    return error(Errc::insufficient_stock, "A-01 has 0");  // final: not tried again
  }));
  refused.get_future().wait();
  q.stop();
  EXPECT_EQ(tries, 3);
  auto s = q.stats();
  EXPECT_EQ(s.added, 2u);
  EXPECT_EQ(s.done, 2u);
  EXPECT_EQ(s.attempts, 4u);
  EXPECT_EQ(q.pending(), 0u);
}

TEST(RetryQueue, HoldsNoMoreThanItsCapacityAndReportsWhatWaits) {
  HealthRegistry health;
  RetryOptions o = fast(2);
  o.offline_after = 0ms;  // the store counts as away at once
  RetryQueue q(&health, "scanners/store-retries", o);
  auto away = [] { return error(Errc::unavailable, "database is locked"); };
  EXPECT_TRUE(q.add("scan 1", away));
  EXPECT_TRUE(q.add("scan 2", away));
  EXPECT_FALSE(q.add("scan 3", away));
  EXPECT_EQ(q.stats().refused_full, 1u);
  // The worker may report once with only scan 1 queued; every failed try reports again.
  const std::string both = "2 posting(s) waiting for the store, the oldest (scan 1)";
  DeviceHealth h;
  auto reported = [&] {
    return health.get("scanners/store-retries", &h) && h.state == DeviceState::offline &&
           h.detail.find(both) != std::string::npos;
  };
  for (int i = 0; i < 2000 && !reported(); ++i) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(h.state, DeviceState::offline);
  EXPECT_EQ(h.kind, "store-retries");
  EXPECT_NE(h.detail.find(both), std::string::npos) << h.detail;
  q.stop();  // one more try, then what waits is dropped
  EXPECT_EQ(q.stats().dropped, 2u);
  EXPECT_EQ(q.pending(), 0u);
  EXPECT_FALSE(q.add("scan 4", away));
  ASSERT_TRUE(health.get("scanners/store-retries", &h));
  EXPECT_EQ(h.state, DeviceState::stopped);
}

TEST(RetryQueue, AnAttemptThatThrowsIsFinal) {
  RetryQueue q(nullptr, "x", fast());
  std::atomic<int> tries{0};
  ASSERT_TRUE(q.add("boom", [&]() -> Status {
    ++tries;
    throw std::runtime_error("bug");
  }));
  for (int i = 0; i < 2000 && q.pending() > 0; ++i) std::this_thread::sleep_for(1ms);
  q.stop();
  EXPECT_EQ(tries, 1);
  EXPECT_EQ(q.stats().done, 1u);
}

}  // namespace
}  // namespace jxc::devices
