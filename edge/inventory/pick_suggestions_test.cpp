// Pick suggestions (FEFO): the lot expiring first first, lots without an
// expiry last, never a virtual location or a quarantine bin, never more than
// is there.
#include <gtest/gtest.h>

#include "edge/inventory/pick_suggestions.h"
#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

class PickSuggestionsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
  void receive_lot(const std::string& bin, Qty qty, const std::string& lot, std::optional<std::string> expiry) {
    DocumentRequest r = receipt_into(bin, "MILK-1", qty, lot);
    r.lines.back().expiry = expiry;
    auto p = engine_->post(r);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
  }
  void pick_list(const std::string& number, std::vector<OrderLine> lines) {
    Order o;
    o.kind = OrderKind::pick_list;
    o.number = number;
    o.ref = "SO-" + number;
    o.lines = std::move(lines);
    Status r = engine_->upsert_order(o);
    ASSERT_TRUE(r.is_ok()) << r.to_string();
  }
};

TEST_F(PickSuggestionsTest, EarliestExpiryFirstThenLotsWithoutExpiryThenByLocation) {
  receive_lot("A-02", 5, "L-LATE", "2027-06-30");
  receive_lot("A-03", 4, "L-NONE", std::nullopt);
  receive_lot("A-01", 3, "L-EARLY", "2027-01-31");
  receive_lot("A-02", 2, "L-EARLY", std::nullopt);  // the lot's expiry is recorded already
  pick_list("PL-1", {{"MILK-1", "", 12, 0}});
  auto s = pick_suggestions(q(), "PL-1");
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  ASSERT_EQ(s->lines.size(), 1u);
  const auto& l = s->lines[0];
  EXPECT_EQ(l.open, 12);
  EXPECT_EQ(l.proposed, 12);
  ASSERT_EQ(l.sources.size(), 4u);
  EXPECT_EQ(l.sources[0].location, "A-01");
  EXPECT_EQ(l.sources[0].lot, "L-EARLY");
  EXPECT_EQ(l.sources[0].qty, 3);
  EXPECT_EQ(l.sources[1].location, "A-02");
  EXPECT_EQ(l.sources[1].lot, "L-EARLY");
  EXPECT_EQ(l.sources[1].qty, 2);
  EXPECT_EQ(l.sources[2].lot, "L-LATE");
  EXPECT_EQ(l.sources[2].qty, 5);
  EXPECT_EQ(l.sources[3].lot, "L-NONE");
  EXPECT_FALSE(l.sources[3].expiry.has_value());
  EXPECT_EQ(l.sources[3].qty, 2);  // of 4: the line needs no more
  EXPECT_EQ(l.sources[3].on_hand, 4);
}

// Stock held in quarantine counts in the books but is not there to pick,
// however soon it expires.
TEST_F(PickSuggestionsTest, QuarantinedStockIsNeverProposed) {
  seed_quarantine();
  DocumentRequest held = receipt_into("A-01", "MILK-1", 6, "L-HELD");
  held.lines.back().expiry = "2027-01-01";
  held.lines.back().inspection = Inspection::quarantine;
  ASSERT_TRUE(engine_->post(held).is_ok());
  ASSERT_EQ(on_hand("MILK-1", "Q-01"), 6);
  receive_lot("A-02", 4, "L-OK", "2027-06-30");
  pick_list("PL-Q", {{"MILK-1", "", 8, 0}});
  auto s = pick_suggestions(q(), "PL-Q");
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  ASSERT_EQ(s->lines.size(), 1u);
  ASSERT_EQ(s->lines[0].sources.size(), 1u);
  EXPECT_EQ(s->lines[0].sources[0].location, "A-02");
  EXPECT_EQ(s->lines[0].proposed, 4);
}

TEST_F(PickSuggestionsTest, NeverMoreThanIsThereSharedAmongLinesAndOnlyOpenLines) {
  receive("TEA-500", 5, "A-01");
  receive("TEA-500", 2, "A-03");
  receive("CUP-S", 10, "A-01");
  pick_list("PL-2", {{"TEA-500", "", 4, 0}, {"TEA-500", "", 6, 0}, {"CUP-S", "", 3, 0}});
  // The cups are issued in full: that line is no longer open.
  DocumentRequest issue;
  issue.type = DocType::issue;
  issue.from = "A-01";
  issue.order = "PL-2";
  issue.lines = {line("CUP-S", 3)};
  ASSERT_TRUE(engine_->post(issue).is_ok());
  auto s = pick_suggestions(q(), "PL-2");
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  ASSERT_EQ(s->lines.size(), 2u);
  EXPECT_EQ(s->lines[0].proposed, 4);
  ASSERT_EQ(s->lines[0].sources.size(), 1u);
  EXPECT_EQ(s->lines[0].sources[0].location, "A-01");
  // What is left for the second line: 1 at A-01 and 2 at A-03, short of 6.
  EXPECT_EQ(s->lines[1].proposed, 3);
  ASSERT_EQ(s->lines[1].sources.size(), 2u);
  EXPECT_EQ(s->lines[1].sources[0].qty, 1);
  EXPECT_EQ(s->lines[1].sources[1].location, "A-03");
  for (const auto& l : s->lines)
    for (const auto& src : l.sources) EXPECT_NE(src.location.front(), '@');
}

TEST_F(PickSuggestionsTest, ALotAskedForIsTheOnlyLotProposed) {
  receive_lot("A-01", 3, "L-EARLY", "2027-01-31");
  receive_lot("A-02", 5, "L-LATE", "2027-06-30");
  pick_list("PL-3", {{"MILK-1", "L-LATE", 2, 0}});
  auto s = pick_suggestions(q(), "PL-3");
  ASSERT_TRUE(s.is_ok());
  ASSERT_EQ(s->lines[0].sources.size(), 1u);
  EXPECT_EQ(s->lines[0].sources[0].lot, "L-LATE");
}

TEST_F(PickSuggestionsTest, OnlyOpenPickListsHaveSuggestions) {
  EXPECT_EQ(pick_suggestions(q(), "NOPE").status().code(), Errc::unknown_order);
  Order asn;
  asn.kind = OrderKind::expected_receipt;
  asn.number = "ASN-1";
  asn.lines = {{"TEA-500", "", 1, 0}};
  ASSERT_TRUE(engine_->upsert_order(asn).is_ok());
  EXPECT_EQ(pick_suggestions(q(), "ASN-1").status().code(), Errc::invalid_argument);
  pick_list("PL-4", {{"TEA-500", "", 1, 0}});
  ASSERT_TRUE(engine_->cancel_order("PL-4").is_ok());
  EXPECT_EQ(pick_suggestions(q(), "PL-4").status().code(), Errc::invalid_state);
}

}  // namespace
}  // namespace jxc::inventory::testing
