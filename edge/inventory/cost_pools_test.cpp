// The writer keeps the cost pools a batch moves and writes each once before
// the batch commits: what it writes must be the pool's last state, whatever
// else ran in the batch — a master-data change, a request refused after it
// moved a pool, requests each in a savepoint.
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
};

TEST_F(CostPools, APoolMovedByManyRequestsOfOneBatchEndsAtItsLastState) {
  WriterGate gate(*engine_);
  std::vector<Answer> answers;
  answers.push_back(submit_receipt("TEA-500", 5, kCheap));
  answers.push_back(submit_receipt("TEA-500", 3, kDear));
  answers.push_back(submit_receipt("CUP-S", 2, kDear));
  DocumentRequest issue;
  issue.type = DocType::issue;
  issue.from = "A-01";
  issue.source = "test";
  issue.lines = {line("TEA-500", 4)};
  answers.push_back(submit(*engine_, [issue](Tx& tx) { return create_and_post(tx, issue); }));
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

  // The next batches run with savepoints from the start; their pools are
  // written request by request and end the same.
  ASSERT_TRUE(engine_->post(receipt_at("TEA-500", 2, kCheap)).is_ok());
  EXPECT_EQ(pool("TEA-500").value, at(7, kCheap) + at(3, kDear));
  expect_consistent();
}

}  // namespace
}  // namespace jxc::inventory::testing
