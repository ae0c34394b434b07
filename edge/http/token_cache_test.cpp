// API tokens taken on trust for a short while: never past the time to live,
// never past the token's own expiry, gone at once when cleared.
#include "edge/http/token_cache.h"

#include <gtest/gtest.h>

namespace jxc::http {
namespace {

inventory::TokenRecord token(std::int64_t id, TimeMs expires_at = 0) {
  inventory::TokenRecord t;
  t.id = id;
  t.user = "clerk";
  t.role = inventory::Role::operator_;
  t.expires_at = expires_at;
  return t;
}

TEST(TokenCache, AnswersWithinItsTimeToLiveOnly) {
  ManualClock clock(1'000'000);
  TokenCache cache(clock, std::chrono::seconds(1));
  EXPECT_FALSE(cache.find("h1"));
  cache.remember("h1", token(7));
  ASSERT_TRUE(cache.find("h1"));
  EXPECT_EQ(cache.find("h1")->id, 7);
  EXPECT_FALSE(cache.find("h2"));
  clock.advance(std::chrono::milliseconds(999));
  EXPECT_TRUE(cache.find("h1"));
  clock.advance(std::chrono::milliseconds(1));
  EXPECT_FALSE(cache.find("h1")) << "the store must be asked again";
}

TEST(TokenCache, NeverOutlivesTheTokensExpiry) {
  ManualClock clock(1'000'000);
  TokenCache cache(clock, std::chrono::seconds(10));
  cache.remember("h1", token(7, 1'000'300));
  clock.advance(std::chrono::milliseconds(299));
  EXPECT_TRUE(cache.find("h1"));
  clock.advance(std::chrono::milliseconds(1));
  EXPECT_FALSE(cache.find("h1"));
}

TEST(TokenCache, ClearForgetsEveryToken) {
  ManualClock clock(1'000'000);
  TokenCache cache(clock, std::chrono::seconds(10));
  cache.remember("h1", token(1));
  cache.remember("h2", token(2));
  cache.clear();
  EXPECT_FALSE(cache.find("h1"));
  EXPECT_FALSE(cache.find("h2"));
}

// A request read the token from the store just before another request
// revoked it and cleared the cache: what it read must not be kept.
TEST(TokenCache, AnAnswerReadBeforeAClearIsNotKept) {
  ManualClock clock(1'000'000);
  TokenCache cache(clock, std::chrono::seconds(10));
  const std::uint64_t before = cache.generation();
  cache.clear();
  cache.remember("h1", token(1), before);
  EXPECT_FALSE(cache.find("h1"));
  cache.remember("h1", token(1), cache.generation());
  EXPECT_TRUE(cache.find("h1"));
}

TEST(TokenCache, StaysWithinItsCapacity) {
  ManualClock clock(1'000'000);
  TokenCache cache(clock, std::chrono::seconds(10), 2);
  cache.remember("h1", token(1));
  cache.remember("h2", token(2));
  cache.remember("h3", token(3));
  EXPECT_TRUE(cache.find("h3"));
  int kept = (cache.find("h1") ? 1 : 0) + (cache.find("h2") ? 1 : 0) + 1;
  EXPECT_LE(kept, 2);
}

TEST(TokenCache, AZeroTimeToLiveKeepsNothing) {
  ManualClock clock(1'000'000);
  TokenCache cache(clock, std::chrono::milliseconds(0));
  cache.remember("h1", token(1));
  EXPECT_FALSE(cache.find("h1"));
}

}  // namespace
}  // namespace jxc::http
