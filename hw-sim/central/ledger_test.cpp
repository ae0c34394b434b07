#include "hw-sim/central/ledger.h"

#include <gtest/gtest.h>

namespace jxc::hwsim {
namespace {

TEST(CentralLedger, DropsDuplicatesAndTracksGapsUntilRepaired) {
  CentralLedger l;
  EXPECT_EQ(l.add("S1", "gw", "e", 1, "receipt.posted", "a"), CentralLedger::Outcome::stored);
  EXPECT_EQ(l.add("S1", "gw", "e", 1, "receipt.posted", "a"), CentralLedger::Outcome::duplicate);
  l.add("S1", "gw", "e", 3, "issue.posted", "c");
  EXPECT_FALSE(l.gapless());
  auto& s = l.streams().begin()->second;
  EXPECT_EQ(s.contiguous, 1);
  s.gap_open = true;  // a replay was asked for
  EXPECT_EQ(l.add("S1", "gw", "e", 3, "issue.posted", "c"), CentralLedger::Outcome::duplicate);
  l.add("S1", "gw", "e", 2, "issue.posted", "b");
  EXPECT_TRUE(l.gapless());
  EXPECT_EQ(s.contiguous, 3);
  EXPECT_EQ(l.unique(), 3);
  EXPECT_EQ(l.duplicates(), 2);
  EXPECT_EQ(l.gaps_repaired(), 1);
  EXPECT_EQ(l.by_type().at("issue.posted"), 2);
}

TEST(CentralLedger, KeepsEpochsApartAndNoticesReusedEventIds) {
  CentralLedger l;
  l.add("S1", "gw", "e1", 1, "t", "x");
  l.add("S1", "gw", "e2", 1, "t", "x");
  EXPECT_EQ(l.streams().size(), 2u);
  EXPECT_EQ(l.unique(), 2);
  EXPECT_EQ(l.reused_event_ids(), 1);
}

}  // namespace
}  // namespace jxc::hwsim
