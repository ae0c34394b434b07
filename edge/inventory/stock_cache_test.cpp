#include "edge/inventory/stock_cache.h"

#include <gtest/gtest.h>

namespace jxc::inventory {
namespace {

std::string body(const StockCache::Body& b) { return b ? *b : std::string("(none)"); }

TEST(StockCache, KeepsAnAnswerUntilItsItemMoves) {
  StockCache c;
  EXPECT_EQ(c.get("A", 10), nullptr);  // the first look starts clean
  c.put("A", 1, 10, "a@10");
  c.put("B", 2, 10, "b@10");
  EXPECT_EQ(body(c.get("A", 10)), "a@10");
  c.committing(10, 12, {2}, false);  // a batch moved B
  c.committed(true);
  EXPECT_EQ(body(c.get("A", 12)), "a@10");
  EXPECT_EQ(c.get("B", 12), nullptr);
  auto s = c.stats();
  EXPECT_EQ(s.hits, 2u);
  EXPECT_EQ(s.entries, 1u);
  EXPECT_EQ(s.drops_all, 0u);
}

store::CommitHeader header(unsigned char change) {
  store::CommitHeader h{};
  h[8] = change;
  return h;
}

// A lookup that finds the store's commit header where it was when the stamp
// was last read needs no stamp; any other header, or none read yet, does.
TEST(StockCache, AnUnmovedCommitHeaderStandsForTheStampReadAfterIt) {
  StockCache c;
  EXPECT_FALSE(c.get_unchanged("A", header(1)));  // no stamp read yet
  (void)c.get("A", 10);
  c.put("A", 1, 10, "a@10");
  c.stamp_read(header(1), 10);
  auto kept = c.get_unchanged("A", header(1));
  ASSERT_TRUE(kept);
  EXPECT_EQ(body(*kept), "a@10");
  auto none = c.get_unchanged("B", header(1));
  ASSERT_TRUE(none);  // known to be unkept: no stamp needed to say so
  EXPECT_EQ(*none, nullptr);
  EXPECT_FALSE(c.get_unchanged("A", header(2)));  // something committed: read the stamp
  EXPECT_EQ(c.stats().unchanged_hits, 1u);

  // This writer's batch moved A; the stamp read after its commit goes with
  // the header read before that read.
  c.committing(10, 11, {1}, false);
  c.committed(true);
  c.stamp_read(header(2), 11);
  auto after = c.get_unchanged("A", header(2));
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, nullptr);
  EXPECT_EQ(c.stats().hits, 1u);
}

TEST(StockCache, AChangeOfMasterDataDropsEveryAnswer) {
  StockCache c;
  (void)c.get("A", 5);
  c.put("A", 1, 5, "a");
  c.put("B", 2, 5, "b");
  c.committing(5, 6, {}, true);
  c.committed(true);
  EXPECT_EQ(c.get("A", 6), nullptr);
  EXPECT_EQ(c.get("B", 6), nullptr);
  EXPECT_EQ(c.stats().drops_all, 1u);
}

TEST(StockCache, StampsNoBatchOfThisWriterMovedDropEveryAnswer) {
  StockCache c;
  (void)c.get("A", 5);
  c.put("A", 1, 5, "a");
  // Another process wrote 5 → 7 without a word to this cache.
  EXPECT_EQ(c.get("A", 7), nullptr);
  c.put("A", 1, 7, "a@7");
  EXPECT_EQ(body(c.get("A", 7)), "a@7");
  // Ours 7 → 8, then another process's 8 → 9, then ours 9 → 10.
  c.committing(7, 8, {2}, false);
  c.committed(true);
  c.committing(9, 10, {2}, false);
  c.committed(true);
  EXPECT_EQ(body(c.get("A", 8)), "a@7");
  EXPECT_EQ(c.get("A", 10), nullptr);  // 8 → 9 was not ours
}

TEST(StockCache, NothingIsAnsweredWhileTheBatchThatMovedTheStampCommits) {
  StockCache c;
  (void)c.get("A", 3);
  c.put("A", 1, 3, "a");
  c.committing(3, 4, {2}, false);  // B only, but not yet committed
  EXPECT_EQ(c.get("A", 4), nullptr);
  EXPECT_EQ(body(c.get("A", 3)), "a");  // a reader before the batch still may
  c.committed(true);
  EXPECT_EQ(body(c.get("A", 4)), "a");
}

TEST(StockCache, ABatchThatDidNotCommitLeavesItsStampsToWhoeverWritesNext) {
  StockCache c;
  (void)c.get("A", 3);
  c.put("A", 1, 3, "a");
  c.committing(3, 5, {2}, false);
  c.committed(false);  // rolled back: 4 and 5 were never seen
  // Another process then wrote 3 → 5, touching A for all this cache knows.
  EXPECT_EQ(c.get("A", 5), nullptr);
}

TEST(StockCache, AnAnswerComputedBeforeACommitIsNotTakenInAfterIt) {
  StockCache c;
  (void)c.get("A", 3);
  c.committing(3, 4, {1}, false);
  c.committed(true);
  EXPECT_EQ(c.get("A", 4), nullptr);  // reaches the batch: A changed at 4
  c.put("A", 1, 3, "a@3");            // a reader's snapshot from before it
  EXPECT_EQ(c.get("A", 4), nullptr);
  EXPECT_EQ(c.stats().refused_puts, 1u);
  // Not yet reached when the put comes: dropped once it is.
  c.committing(4, 5, {1}, false);
  c.committed(true);
  c.put("A", 1, 4, "a@4");
  EXPECT_EQ(c.get("A", 5), nullptr);
  // Computed at the batch's stamp or after: kept.
  c.put("A", 1, 5, "a@5");
  EXPECT_EQ(body(c.get("A", 5)), "a@5");
  // An older answer never replaces a newer one.
  c.put("A", 1, 4, "a@4");
  EXPECT_EQ(body(c.get("A", 5)), "a@5");
}

TEST(StockCache, AnAnswerFromBeforeADropOfEverythingIsNotTakenIn) {
  StockCache c;
  (void)c.get("A", 3);
  EXPECT_EQ(c.get("A", 6), nullptr);  // another process wrote: everything dropped at 6
  c.put("A", 1, 4, "a@4");
  EXPECT_EQ(c.get("A", 6), nullptr);
  EXPECT_EQ(c.stats().refused_puts, 1u);
}

TEST(StockCache, ACacheNobodyLooksInKeepsFewRegistrations) {
  StockCache c;
  (void)c.get("A", 0);
  c.put("A", 1, 0, "a");
  for (std::int64_t s = 0; s < 3 * static_cast<std::int64_t>(StockCache::kMaxBatches); ++s) {
    c.committing(s, s + 1, {2}, false);
    c.committed(true);
    EXPECT_LE(c.stats().batches, StockCache::kMaxBatches);
  }
  // What was forgotten cannot be vouched for: the next look starts clean.
  const auto n = 3 * static_cast<std::int64_t>(StockCache::kMaxBatches);
  EXPECT_EQ(c.get("A", n), nullptr);
  c.put("A", 1, n, "a@n");
  EXPECT_EQ(body(c.get("A", n)), "a@n");
}

TEST(StockCache, HoldsNoMoreThanItsBytes) {
  StockCache c(1000);
  (void)c.get("A", 1);
  c.put("A", 1, 1, std::string(500, 'a'));
  c.put("B", 2, 1, std::string(500, 'b'));  // would pass the limit
  EXPECT_NE(c.get("A", 1), nullptr);
  EXPECT_EQ(c.get("B", 1), nullptr);
  EXPECT_LE(c.stats().bytes, 1000u);
  // Dropping A makes room.
  c.committing(1, 2, {1}, false);
  c.committed(true);
  EXPECT_EQ(c.get("A", 2), nullptr);
  EXPECT_EQ(c.stats().bytes, 0u);
  c.put("B", 2, 2, std::string(500, 'b'));
  EXPECT_NE(c.get("B", 2), nullptr);
  // A lower limit drops what no longer fits; 0 keeps nothing.
  c.set_max_bytes(0);
  EXPECT_EQ(c.get("B", 2), nullptr);
  c.put("B", 2, 2, "b");
  EXPECT_EQ(c.get("B", 2), nullptr);
}

}  // namespace
}  // namespace jxc::inventory
