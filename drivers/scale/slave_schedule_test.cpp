#include "drivers/scale/slave_schedule.h"

#include <gtest/gtest.h>

namespace jxc::scale {
namespace {

TEST(SlaveSchedule, OfflineAfterNFailuresThenDoublingBackOffCapped) {
  SlaveSchedule s({100, 3, 1000}, 2, 0);
  EXPECT_FALSE(s.failed(0, 0));
  EXPECT_FALSE(s.failed(0, 100));
  EXPECT_TRUE(s.failed(0, 200)) << "third failure: offline";
  EXPECT_TRUE(s.offline(0));
  std::vector<std::int64_t> waits;
  std::int64_t now = 200;
  waits.push_back(s.backoff_ms(0));
  for (int i = 0; i < 5; ++i) {
    now += s.backoff_ms(0);
    s.failed(0, now);
    waits.push_back(s.backoff_ms(0));
  }
  EXPECT_EQ(waits, (std::vector<std::int64_t>{200, 400, 800, 1000, 1000, 1000}));
  EXPECT_TRUE(s.succeeded(0, now)) << "one answer brings it back";
  EXPECT_FALSE(s.offline(0));
  EXPECT_EQ(s.failures(0), 0);
}

TEST(SlaveSchedule, AnOfflineSlaveDoesNotTakeTheHealthyOnesTurns) {
  SlaveSchedule s({100, 1, 5000}, 3, 0);
  int dead_polls = 0, live_polls = 0;
  // Simulate 10 s of a bus where each poll takes 10 ms and a dead slave's 200 ms.
  std::int64_t now = 0;
  while (now < 10000) {
    std::int64_t due = 0;
    std::size_t i = s.next(&due);
    now = std::max(now, due);
    if (i == 1) {
      now += 200;
      s.failed(i, now);
      ++dead_polls;
    } else {
      now += 10;
      s.succeeded(i, now);
      ++live_polls;
    }
  }
  EXPECT_LE(dead_polls, 8);
  EXPECT_GE(live_polls, 2 * 90) << "the healthy slaves keep close to their 10 polls a second";
}

}  // namespace
}  // namespace jxc::scale
