#include "edge/devices/backoff.h"

#include <gtest/gtest.h>

#include <set>

namespace jxc::devices {
namespace {

TEST(Backoff, DoublesWithinJitterUpToTheMaximumAndResets) {
  Backoff b(100, 1000, 7);
  std::int64_t ceilings[] = {100, 200, 400, 800, 1000, 1000};
  for (std::int64_t c : ceilings) {
    std::int64_t d = b.next();
    EXPECT_GE(d, c - c / 2) << c;
    EXPECT_LE(d, c) << c;
  }
  b.reset();
  EXPECT_LE(b.next(), 100);
}

TEST(Backoff, JitterSpreadsGatewaysApart) {
  std::set<std::int64_t> seen;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    Backoff b(1000, 60000, seed);
    seen.insert(b.next());
  }
  EXPECT_GT(seen.size(), 10u);
}

}  // namespace
}  // namespace jxc::devices
