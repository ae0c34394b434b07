// The writer keeps the cost pools its movements move and writes them behind
// the ledger, about once a second (cost_tail.h): what a reader sees must be
// the pool's last state at every commit, whatever else ran — a master-data
// change, a request refused after it moved a pool, requests each in a
// savepoint, a writer that stopped without writing, another process's
// writer. The test clock stands still unless a test moves it, so after the
// first batch nothing is written until it does.
#include <gtest/gtest.h>

#include "edge/inventory/cost.h"
#include "edge/inventory/documents.h"
#include "edge/inventory/stock_value.h"
#include "edge/inventory/test_store.h"
#include "edge/inventory/tx.h"

namespace jxc::inventory::testing {
namespace {

constexpr Money kCheap = 1'250'000;  // per base unit, in the store's money units
constexpr Money kDear = 2'000'000;

class CostPools : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
  static DocumentRequest receipt_at(const std::string& sku, Qty qty, Money cost) {
    DocumentRequest req = receipt_into("A-01", sku, qty);
    req.source = "test";
    req.lines.back().unit_cost = cost;
    return req;
  }
  Answer submit_receipt(const std::string& sku, Qty qty, Money cost) {
    return submit(*engine_, [r = receipt_at(sku, qty, cost)](Tx& tx) { return create_and_post(tx, r); });
  }
  CostPool pool(const std::string& sku) {
    auto p = cost_pool(q(), sku, "");
    EXPECT_TRUE(p.is_ok()) << p.status().to_string();
    return p.is_ok() ? *p : CostPool{};
  }
  static Money at(Qty qty, Money cost) { return *value_at_cost(qty, cost, 0); }
  std::int64_t sql(const std::string& query) {
    auto v = q().db().query_int(query);
    EXPECT_TRUE(v.is_ok()) << v.status().to_string();
    return v.is_ok() ? *v : -1;
  }
  std::int64_t written_through() { return sql("SELECT costs_through FROM stock_stamp"); }
  std::int64_t newest_movement() { return sql("SELECT max(id) FROM movements"); }
  /// The written row's quantity and value of an item's pool ("" lot).
  std::pair<Qty, Money> written(const std::string& sku) {
    const std::string of = "FROM stock_costs c JOIN items i ON i.id=c.item_id WHERE i.sku='" + sku + "'";
    return {sql("SELECT coalesce((SELECT c.qty " + of + "),-1)"),
            sql("SELECT coalesce((SELECT c.value " + of + "),-1)")};
  }
  DocumentRequest issue_of(const std::string& sku, Qty qty) {
    DocumentRequest issue;
    issue.type = DocType::issue;
    issue.from = "A-01";
    issue.source = "test";
    issue.lines = {line(sku, qty)};
    return issue;
  }
};

TEST_F(CostPools, APoolMovedByManyRequestsOfOneBatchEndsAtItsLastState) {
  WriterGate gate(*engine_);
  std::vector<Answer> answers;
  answers.push_back(submit_receipt("TEA-500", 5, kCheap));
  answers.push_back(submit_receipt("TEA-500", 3, kDear));
  answers.push_back(submit_receipt("CUP-S", 2, kDear));
  answers.push_back(submit(*engine_, [issue = issue_of("TEA-500", 4)](Tx& tx) { return create_and_post(tx, issue); }));
  gate.release();
  for (auto& a : answers) ASSERT_TRUE(a.get().is_ok());

  const Money received = at(5, kCheap) + at(3, kDear);
  const CostPool tea = pool("TEA-500");
  EXPECT_EQ(tea.qty, 4);
  // Half the units left at the average, so half the value is left.
  EXPECT_EQ(tea.value, received / 2);
  EXPECT_EQ(pool("CUP-S").value, at(2, kDear));
  expect_consistent();
}

TEST_F(CostPools, AMasterDataChangeInTheBatchKeepsThePoolsMovedBeforeIt) {
  WriterGate gate(*engine_);
  std::vector<Answer> answers;
  answers.push_back(submit_receipt("TEA-500", 5, kCheap));
  answers.push_back(submit(*engine_, [](Tx& tx) -> Result<DocumentResult> {
    tx.master_data_changed();  // as an import of items or locations does
    return DocumentResult{};
  }));
  answers.push_back(submit_receipt("TEA-500", 3, kDear));
  gate.release();
  for (auto& a : answers) ASSERT_TRUE(a.get().is_ok());

  const CostPool tea = pool("TEA-500");
  EXPECT_EQ(tea.qty, 8);
  EXPECT_EQ(tea.value, at(5, kCheap) + at(3, kDear));
  expect_consistent();
}

TEST_F(CostPools, ARequestRefusedAfterMovingAPoolLeavesOnlyTheOthersMoves) {
  WriterGate gate(*engine_);
  std::vector<Answer> answers;
  answers.push_back(submit_receipt("TEA-500", 5, kCheap));
  answers.push_back(submit(*engine_, [r = receipt_at("TEA-500", 7, kDear)](Tx& tx) -> Result<DocumentResult> {
    JXC_TRY(create_and_post(tx, r).status());
    return error(Errc::invalid_argument, "refused after moving the pool");
  }));
  answers.push_back(submit_receipt("TEA-500", 3, kDear));
  answers.push_back(submit_receipt("CUP-S", 2, kCheap));
  gate.release();
  EXPECT_TRUE(answers[0].get().is_ok());
  EXPECT_EQ(answers[1].get().status().code(), Errc::invalid_argument);
  EXPECT_TRUE(answers[2].get().is_ok());
  EXPECT_TRUE(answers[3].get().is_ok());
  EXPECT_EQ(engine_->stats().reruns, 1u);  // run again, each request in its savepoint

  const CostPool tea = pool("TEA-500");
  EXPECT_EQ(tea.qty, 8);
  EXPECT_EQ(tea.value, at(5, kCheap) + at(3, kDear));
  EXPECT_EQ(pool("CUP-S").value, at(2, kCheap));
  expect_consistent();

  // The next batches run with savepoints from the start, and end the same.
  ASSERT_TRUE(engine_->post(receipt_at("TEA-500", 2, kCheap)).is_ok());
  EXPECT_EQ(pool("TEA-500").value, at(7, kCheap) + at(3, kDear));
  expect_consistent();
}

TEST_F(CostPools, PoolsAreWrittenBehindTheLedgerAndReadExactMeanwhile) {
  // The first batch writes (nothing was written yet).
  ASSERT_TRUE(submit_receipt("TEA-500", 5, kCheap).get().is_ok());
  const std::int64_t first = newest_movement();
  EXPECT_EQ(written_through(), first);
  EXPECT_EQ(written("TEA-500"), std::make_pair(Qty{5}, at(5, kCheap)));

  // The clock stands still: these stay in the writer and the ledger's tail.
  ASSERT_TRUE(submit_receipt("TEA-500", 3, kDear).get().is_ok());
  ASSERT_TRUE(engine_->post(issue_of("TEA-500", 4)).is_ok());
  EXPECT_EQ(written_through(), first);
  EXPECT_EQ(written("TEA-500"), std::make_pair(Qty{5}, at(5, kCheap)));
  const Money half = (at(5, kCheap) + at(3, kDear)) / 2;
  EXPECT_EQ(pool("TEA-500").qty, 4);
  EXPECT_EQ(pool("TEA-500").value, half);
  auto by_item = stock_value(q(), {ValueBy::item, "TEA-500", ""});
  ASSERT_TRUE(by_item.is_ok()) << by_item.status().to_string();
  ASSERT_EQ(by_item->size(), 1u);
  EXPECT_EQ((*by_item)[0].value, half);
  EXPECT_EQ(sql("SELECT n.value FROM stock_costs_now n JOIN items i ON i.id=n.item_id WHERE i.sku='TEA-500'"),
            half);
  expect_consistent();  // verify() checks the pools with their tail

  // A second later the next batch writes them, the tail's pools included.
  clock_.advance(std::chrono::seconds(1));
  ASSERT_TRUE(submit_receipt("CUP-S", 2, kCheap).get().is_ok());
  EXPECT_EQ(written_through(), newest_movement());
  EXPECT_EQ(written("TEA-500"), std::make_pair(Qty{4}, half));
  EXPECT_EQ(written("CUP-S"), std::make_pair(Qty{2}, at(2, kCheap)));
  expect_consistent();
}

TEST_F(CostPools, AWriterThatStartsReadsBackWhatTheLastOneLeftUnwritten) {
  ASSERT_TRUE(submit_receipt("TEA-500", 5, kCheap).get().is_ok());
  ASSERT_TRUE(submit_receipt("TEA-500", 3, kDear).get().is_ok());
  ASSERT_TRUE(submit_receipt("CUP-S", 2, kDear).get().is_ok());
  EXPECT_LT(written_through(), newest_movement());
  // Stopped as a kill -9 would leave it: nothing more is written on the way out.
  open_engine();
  EXPECT_EQ(pool("TEA-500").value, at(5, kCheap) + at(3, kDear));
  // The new writer values an issue at the average of all three receipts.
  auto posted = engine_->post(issue_of("TEA-500", 4));
  ASSERT_TRUE(posted.is_ok()) << posted.status().to_string();
  const Money half = (at(5, kCheap) + at(3, kDear)) / 2;
  EXPECT_EQ(sql("SELECT m.value FROM movements m WHERE m.id=(SELECT max(id) FROM movements)"),
            at(5, kCheap) + at(3, kDear) - half);
  // Its first batch wrote every pool, those it never moved itself too.
  EXPECT_EQ(written_through(), newest_movement());
  EXPECT_EQ(written("TEA-500"), std::make_pair(Qty{4}, half));
  EXPECT_EQ(written("CUP-S"), std::make_pair(Qty{2}, at(2, kDear)));
  expect_consistent();
}

TEST_F(CostPools, ARolledBackBatchKeepsWhatEarlierBatchesLeftUnwritten) {
  ASSERT_TRUE(submit_receipt("TEA-500", 5, kCheap).get().is_ok());
  ASSERT_TRUE(submit_receipt("TEA-500", 3, kDear).get().is_ok());  // unwritten from here
  {
    WriterGate gate(*engine_);
    std::vector<Answer> answers;
    answers.push_back(submit(*engine_, [r = receipt_at("TEA-500", 7, kDear)](Tx& tx) -> Result<DocumentResult> {
      JXC_TRY(create_and_post(tx, r).status());
      return error(Errc::invalid_argument, "refused after moving the pool");
    }));
    answers.push_back(submit_receipt("TEA-500", 2, kCheap));
    gate.release();
    EXPECT_EQ(answers[0].get().status().code(), Errc::invalid_argument);
    EXPECT_TRUE(answers[1].get().is_ok());
  }
  EXPECT_EQ(engine_->stats().reruns, 1u);
  const Money held = at(7, kCheap) + at(3, kDear);
  EXPECT_EQ(pool("TEA-500").qty, 10);
  EXPECT_EQ(pool("TEA-500").value, held);
  clock_.advance(std::chrono::seconds(1));
  ASSERT_TRUE(submit_receipt("CUP-S", 1, kCheap).get().is_ok());
  EXPECT_EQ(written("TEA-500"), std::make_pair(Qty{10}, held));
  expect_consistent();
}

TEST_F(CostPools, AnotherProcessesWriterCountsThePoolsThisOneHasNotWritten) {
  ASSERT_TRUE(submit_receipt("TEA-500", 5, kCheap).get().is_ok());
  ASSERT_TRUE(submit_receipt("TEA-500", 3, kDear).get().is_ok());  // unwritten here
  // The operator's CLI opens a writer of its own on the same file.
  EngineOptions other;
  other.store_path = store_path_;
  auto cli = Engine::open(other, clock_);
  ASSERT_TRUE(cli.is_ok()) << cli.status().to_string();
  ASSERT_TRUE((*cli)->post(issue_of("TEA-500", 4)).is_ok());
  const Money half = (at(5, kCheap) + at(3, kDear)) / 2;
  EXPECT_EQ(written("TEA-500"), std::make_pair(Qty{4}, half));
  cli->reset();
  // This writer drops what it held and reads the store again.
  ASSERT_TRUE(submit_receipt("TEA-500", 2, kCheap).get().is_ok());
  EXPECT_EQ(pool("TEA-500").qty, 6);
  EXPECT_EQ(pool("TEA-500").value, half + at(2, kCheap));
  expect_consistent();
}

}  // namespace
}  // namespace jxc::inventory::testing
