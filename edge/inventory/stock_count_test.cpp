// Stock counts: blind counting by bin, movements during the count accounted
// for, recounts, approval posting gains and losses.
#include <gtest/gtest.h>

#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

class StockCount : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    receive("TEA-500", 10, "A-01");
    receive("RICE-5", 5, "A-02");
  }
  std::string open_zone_a(Qty tolerance = 0) {
    CountOpen req;
    req.locations = {"A"};
    req.tolerance_qty = tolerance;
    req.opened_by = "manager";
    auto r = engine_->open_count(req);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_EQ(r->state, DocState::confirmed);
    return r->number;
  }
  Status enter(const std::string& count, const std::string& bin, std::vector<DocLine> lines,
               const std::string& counter = "clerk-1") {
    CountEntry e;
    e.count = count;
    e.location = bin;
    e.counter = counter;
    e.lines = std::move(lines);
    return engine_->record_count(e).status();
  }
  /// The payload of the count.approved event of `count` in the outbox.
  std::string approved_event(const std::string& count) {
    auto events = Outbox::peek_after(q(), 0, 1000);
    std::string note;
    if (!events) return note;
    for (const auto& e : *events)
      if (e.type == "count.approved" && e.payload.find(count) != std::string::npos) note = e.payload;
    return note;
  }
  const CountLine* find(const CountReport& rep, const std::string& bin, const std::string& sku) {
    for (const auto& l : rep.lines)
      if (l.location == bin && l.sku == sku) return &l;
    return nullptr;
  }
};

TEST_F(StockCount, TwoCountersAMidCountMovementARecountAndApproval) {
  std::string c = open_zone_a(/*tolerance=*/1);
  // Clerk 1 counts A-01: 9 tea (one missing).
  ASSERT_TRUE(enter(c, "A-01", {line("TEA-500", 9)}, "clerk-1").is_ok());
  // After A-01 was counted, 4 tea are picked from it: not a variance.
  DocumentRequest iss;
  iss.type = DocType::issue;
  iss.from = "A-01";
  iss.lines = {line("TEA-500", 4)};
  ASSERT_TRUE(engine_->post(iss).is_ok());
  // Before A-02 is counted, 2 rice are put away into it: part of its book.
  DocumentRequest put;
  put.type = DocType::transfer;
  put.from = "RECV-1";
  put.to = "A-02";
  receive("RICE-5", 2, "RECV-1");
  put.lines = {line("RICE-5", 2)};
  ASSERT_TRUE(engine_->post(put).is_ok());
  // Clerk 2 counts A-02: 4 rice (book is 7) and 3 cups nobody booked.
  ASSERT_TRUE(enter(c, "A-02", {line("RICE-5", 4), line("CUP-S", 3)}, "clerk-2").is_ok());

  auto rep = q().count_report(c);
  ASSERT_TRUE(rep.is_ok()) << rep.status().to_string();
  EXPECT_EQ(rep->uncounted, std::vector<std::string>{"A-03"});
  const CountLine* tea = find(*rep, "A-01", "TEA-500");
  ASSERT_NE(tea, nullptr);
  EXPECT_EQ(tea->book, 10);
  EXPECT_EQ(tea->counted, 9);
  EXPECT_EQ(tea->variance, -1);
  EXPECT_FALSE(tea->recount);  // within tolerance 1
  EXPECT_DOUBLE_EQ(tea->value, -12.5);
  const CountLine* rice = find(*rep, "A-02", "RICE-5");
  ASSERT_NE(rice, nullptr);
  EXPECT_EQ(rice->book, 7);
  EXPECT_EQ(rice->variance, -3);
  EXPECT_TRUE(rice->recount);
  const CountLine* cup = find(*rep, "A-02", "CUP-S");
  ASSERT_NE(cup, nullptr);
  EXPECT_EQ(cup->book, 0);
  EXPECT_EQ(cup->variance, 3);

  // Not yet: A-03 is uncounted and A-02 awaits a recount.
  auto early = engine_->approve_count(c, "manager", false);
  EXPECT_EQ(early.status().code(), Errc::invalid_state);
  EXPECT_NE(early.status().reason().find("uncounted"), std::string::npos);
  ASSERT_TRUE(enter(c, "A-03", {}).is_ok());  // an empty bin
  early = engine_->approve_count(c, "manager", false);
  EXPECT_NE(early.status().reason().find("awaits a recount"), std::string::npos) << early.status().reason();

  // Scanning A-02 again is its recount: 6 rice after all.
  ASSERT_TRUE(enter(c, "A-02", {line("RICE-5", 6), line("CUP-S", 3)}, "clerk-1").is_ok());
  rep = q().count_report(c);
  rice = find(*rep, "A-02", "RICE-5");
  EXPECT_EQ(rice->rounds, 2);
  EXPECT_EQ(rice->variance, -1);
  EXPECT_FALSE(rice->recount);

  auto ok = engine_->approve_count(c, "manager", false);
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(ok->state, DocState::posted);
  EXPECT_EQ(ok->movements, 3);
  // The pick made during the count stays: 10 - 4 picked - 1 lost.
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 5);
  EXPECT_EQ(on_hand("RICE-5", "A-02"), 6);
  EXPECT_EQ(on_hand("CUP-S", "A-02"), 3);
  EXPECT_EQ(engine_->record_count({c, "A-01", "late", {}, ""}).status().code(), Errc::invalid_state);
  auto events = Outbox::peek_after(q(), 0, 100);
  EXPECT_EQ(events->back().type, "count.approved");
  expect_consistent();
}

TEST_F(StockCount, ForceApprovesDespiteRecountsAndSkipsUncountedBins) {
  std::string c = open_zone_a();
  ASSERT_TRUE(enter(c, "A-01", {line("TEA-500", 7)}).is_ok());
  auto r = engine_->approve_count(c, "manager", true);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 7);
  EXPECT_EQ(on_hand("RICE-5", "A-02"), 5);  // A-02 was never counted
  auto doc = q().document(c);
  ASSERT_EQ(doc->lines.size(), 1u);
  EXPECT_EQ(doc->lines[0].flag, "loss,recount-waived");
}

TEST_F(StockCount, RefusesBadEntries) {
  std::string c = open_zone_a();
  EXPECT_EQ(enter(c, "RECV-1", {line("TEA-500", 1)}).code(), Errc::invalid_argument);  // out of scope
  EXPECT_EQ(enter(c, "A-01", {line("NOPE", 1)}).code(), Errc::unknown_item);
  EXPECT_EQ(enter(c, "A-01", {line("TEA-500", -1)}).code(), Errc::invalid_argument);
  EXPECT_EQ(enter(c, "A-01", {line("MILK-1", 1)}).code(), Errc::invalid_argument);
  EXPECT_EQ(enter(c, "A-01", {line("TEA-500", 1)}, "").code(), Errc::invalid_argument);
  EXPECT_EQ(enter("CNT-NOPE", "A-01", {}).code(), Errc::unknown_document);
  CountOpen again;
  again.locations = {"A-01"};
  again.opened_by = "m";
  EXPECT_EQ(engine_->open_count(again).status().code(), Errc::conflict);  // already being counted
  again.locations = {"@SCRAP"};
  EXPECT_EQ(engine_->open_count(again).status().code(), Errc::invalid_argument);
  EXPECT_EQ(*q().db().query_int("SELECT count(*) FROM count_rounds"), 0);
}

TEST_F(StockCount, ApprovalThatWouldGoNegativeIsRefused) {
  std::string c = open_zone_a(5);
  ASSERT_TRUE(enter(c, "A-01", {line("TEA-500", 8)}).is_ok());  // 2 short
  DocumentRequest iss;
  iss.type = DocType::issue;
  iss.from = "A-01";
  iss.lines = {line("TEA-500", 9)};  // later, 9 leave: 1 left on the books
  ASSERT_TRUE(engine_->post(iss).is_ok());
  auto r = engine_->approve_count(c, "manager", true);
  EXPECT_EQ(r.status().code(), Errc::insufficient_stock);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 1);
}

TEST_F(StockCount, FourEyesRefusesACounterAsApproverWhoeverTheyActedAs) {
  std::string c = open_zone_a(/*tolerance=*/1);
  ASSERT_TRUE(enter(c, "A-01", {line("TEA-500", 9)}, "user:alice").is_ok());
  ASSERT_TRUE(enter(c, "A-02", {line("RICE-5", 5)}, "clerk-2").is_ok());
  ASSERT_TRUE(enter(c, "A-03", {}, "clerk-2").is_ok());
  for (const char* same : {"user:alice", "token:7:alice", "unix:alice", "alice", "cli:clerk-2"}) {
    auto r = engine_->approve_count(c, same, false);
    EXPECT_EQ(r.status().code(), Errc::four_eyes) << same;
  }
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
  auto ok = engine_->approve_count(c, "user:boss", false);
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 9);
  // The approval's event names the people behind it.
  auto events = approved_event(c);
  EXPECT_NE(events.find("counted by clerk-2, user:alice; approved by user:boss"), std::string::npos) << events;
}

TEST_F(StockCount, WithoutFourEyesACounterMayApprove) {
  EngineOptions opts;
  opts.four_eyes = false;
  open_engine(opts);
  std::string c = open_zone_a();
  ASSERT_TRUE(enter(c, "A-01", {line("TEA-500", 9)}, "alice").is_ok());
  auto r = engine_->approve_count(c, "alice", true);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 9);
}

TEST_F(StockCount, ACountOfChosenItemsLeavesTheOthersAlone) {
  receive("CUP-S", 7, "A-01");
  CountOpen req;
  req.locations = {"A-01"};
  req.items = {"TEA-500"};
  req.opened_by = "manager";
  auto open = engine_->open_count(req);
  ASSERT_TRUE(open.is_ok()) << open.status().to_string();
  EXPECT_EQ(enter(open->number, "A-01", {line("CUP-S", 7)}).code(), Errc::invalid_argument);
  ASSERT_TRUE(enter(open->number, "A-01", {line("TEA-500", 10)}).is_ok());
  auto rep = q().count_report(open->number);
  ASSERT_TRUE(rep.is_ok());
  ASSERT_EQ(rep->lines.size(), 1u);  // the cups in the bin are not part of it
  EXPECT_EQ(rep->lines[0].sku, "TEA-500");
  ASSERT_TRUE(engine_->approve_count(open->number, "boss", false).is_ok());
  EXPECT_EQ(on_hand("CUP-S", "A-01"), 7);
}

}  // namespace
}  // namespace jxc::inventory::testing
