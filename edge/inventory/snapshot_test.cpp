// Queries::Snapshot: several reads that must agree (a lookup's item, its
// balances and their value) come from one read transaction.
#include "edge/inventory/test_store.h"

namespace jxc::inventory {
namespace {

using testing::StoreTest;

class QueriesSnapshot : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
  Qty stock_total(const std::string& sku) {
    StockFilter f;
    f.sku = sku;
    auto rows = q().stock(f);
    EXPECT_TRUE(rows.is_ok()) << rows.status().to_string();
    Qty total = 0;
    if (rows)
      for (const auto& b : *rows) total += b.qty;
    return total;
  }
};

TEST_F(QueriesSnapshot, ReadsInsideOneAgreeAndTheNextReadSeesWhatWasCommittedMeanwhile) {
  receive("TEA-500", 5, "A-01");
  {
    auto snapshot = q().snapshot();
    EXPECT_EQ(on_hand("TEA-500", "A-01"), 5);
    receive("TEA-500", 3, "A-02");  // committed by the writer meanwhile
    EXPECT_EQ(on_hand("TEA-500", "A-02"), 0);
    EXPECT_EQ(stock_total("TEA-500"), 5);
    auto item = q().item("TEA-500");
    ASSERT_TRUE(item.is_ok()) << item.status().to_string();
  }
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 3);
  EXPECT_EQ(stock_total("TEA-500"), 8);
}

TEST_F(QueriesSnapshot, WithoutOneEachReadSeesTheLatestCommit) {
  receive("TEA-500", 5, "A-01");
  EXPECT_EQ(stock_total("TEA-500"), 5);
  receive("TEA-500", 3, "A-02");
  EXPECT_EQ(stock_total("TEA-500"), 8);
}

// Balances of one item anywhere come sorted by location, then lot, as every
// other stock listing is.
TEST_F(QueriesSnapshot, OneItemsBalancesAreInLocationThenLotOrder) {
  receive("MILK-1", 7, "RECV-1", "L3");  // a location made before the A bins
  receive("MILK-1", 2, "A-03", "L2");
  receive("MILK-1", 1, "A-01", "L9");
  receive("MILK-1", 4, "A-03", "L1");
  receive("MILK-1", 6, "A-02", "L5");
  StockFilter f;
  f.sku = "MILK-1";
  auto rows = q().stock(f);
  ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& b : *rows) got.emplace_back(b.location, b.lot);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"A-01", "L9"}, {"A-02", "L5"}, {"A-03", "L1"}, {"A-03", "L2"}, {"RECV-1", "L3"}};
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace jxc::inventory
