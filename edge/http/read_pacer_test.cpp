#include "edge/http/read_pacer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace jxc::http {
namespace {

using Clock = ReadPacer::Clock;
using std::chrono::milliseconds;

// After a quiet while, a twentieth of a second's worth goes at once; each
// read after that waits one interval more than the one before it.
TEST(ReadPacer, LetsABurstThroughThenOneAnInterval) {
  ReadPacer pacer(1000);  // 1 ms apart, bursts of 50
  ASSERT_EQ(pacer.interval(), milliseconds(1));
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 50; ++i) EXPECT_EQ(pacer.slot(t0), t0) << i;
  for (int i = 1; i <= 10; ++i) EXPECT_EQ(pacer.slot(t0), t0 + milliseconds(i)) << i;
  // Time passes: the slots already given stay given.
  EXPECT_EQ(pacer.slot(t0 + milliseconds(5)), t0 + milliseconds(11));
  // Long after, a whole burst again, not the second's worth left unused.
  const Clock::time_point t1 = t0 + std::chrono::seconds(10);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(pacer.slot(t1), t1) << i;
  EXPECT_EQ(pacer.slot(t1), t1 + milliseconds(1));
}

TEST(ReadPacer, ARateBelowTwentyASecondHasNoBurst) {
  ReadPacer pacer(10);
  const Clock::time_point t0 = Clock::now();
  EXPECT_EQ(pacer.slot(t0), t0);
  EXPECT_EQ(pacer.slot(t0), t0 + milliseconds(100));
  EXPECT_EQ(pacer.slot(t0), t0 + milliseconds(200));
}

// Threads claiming at once never get the same slot, and together they get
// exactly the slots one thread would.
TEST(ReadPacer, ThreadsShareTheSlotsWithoutTakingOneTwice) {
  ReadPacer pacer(1'000'000);  // 1 µs apart, bursts of 50,000
  const Clock::time_point t0 = Clock::now();
  constexpr int kThreads = 4, kEach = 50'000;
  std::vector<std::vector<Clock::time_point>> got(kThreads);
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k)
    threads.emplace_back([&, k] {
      for (int i = 0; i < kEach; ++i) got[k].push_back(pacer.slot(t0));
    });
  for (auto& t : threads) t.join();
  std::vector<Clock::time_point> all;
  for (auto& g : got) all.insert(all.end(), g.begin(), g.end());
  std::sort(all.begin(), all.end());
  // 50,000 at once, then 150,000 one microsecond apart.
  ASSERT_EQ(all.size(), std::size_t{kThreads * kEach});
  for (std::size_t i = 0; i < 50'000; ++i) ASSERT_EQ(all[i], t0) << i;
  for (std::size_t i = 50'000; i < all.size(); ++i)
    ASSERT_EQ(all[i], t0 + std::chrono::microseconds(i - 49'999)) << i;
}

TEST(ReadPacer, AWriteCountsAsLateForOneLingerAfterItsAnswer) {
  ReadPacer pacer(1000);
  const Clock::time_point t0 = Clock::now();
  EXPECT_FALSE(pacer.wrote_lately(t0));
  pacer.write_answered(t0);
  EXPECT_TRUE(pacer.wrote_lately(t0));
  EXPECT_TRUE(pacer.wrote_lately(t0 + ReadPacer::kLinger - milliseconds(1)));
  EXPECT_FALSE(pacer.wrote_lately(t0 + ReadPacer::kLinger));
  pacer.write_answered(t0 - milliseconds(50));  // an answer told late does not move it back
  EXPECT_TRUE(pacer.wrote_lately(t0 + ReadPacer::kLinger - milliseconds(1)));
}

}  // namespace
}  // namespace jxc::http
