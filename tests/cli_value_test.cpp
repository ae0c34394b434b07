// Costs at the command line: a receipt line's cost typed as SKU:QTY@COST,
// stock valued at the moving average by item, location and warehouse.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli_fixture.h"

namespace {

using jxc::testing::cli::Cli;
using jxc::testing::cli::Outcome;

TEST_F(Cli, ReceiptsAtTheirCostAndStockValuedAtTheAverage) {
  import_master_data();
  ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:10@0.30"});
  ok({"post", "receipt", "--to", "A-01-2", "--line", "BOLT:30@0.50"});  // average 0.45
  ok({"post", "issue", "--from", "A-01-1", "--line", "BOLT:4"});
  auto by_item = ok_json({"stock", "--value", "--json"});
  ASSERT_EQ(by_item.size(), 1u) << by_item.dump();
  EXPECT_EQ(by_item[0]["sku"], "BOLT");
  EXPECT_EQ(by_item[0]["qty"], 36);
  EXPECT_EQ(by_item[0]["value"], 162000);  // 18.00 - 4 x 0.45
  EXPECT_EQ(by_item[0]["unit_cost"], 4500);
  EXPECT_EQ(by_item[0]["currency"], "CNY");
  auto by_bin = ok_json({"stock", "--value", "--by", "location", "--json"});
  ASSERT_EQ(by_bin.size(), 2u) << by_bin.dump();
  EXPECT_EQ(by_bin[0]["location"], "A-01-1");
  EXPECT_EQ(by_bin[0]["value"], 27000);  // 6 at 0.45
  std::string table = ok({"stock", "--value", "--by", "warehouse"});
  EXPECT_NE(table.find("W1"), std::string::npos) << table;
  EXPECT_NE(table.find("total value: 16.2000 CNY"), std::string::npos) << table;
  // A cost with more than 4 decimals or on stock going out is refused.
  Outcome fine = run({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:1@0.12345"});
  EXPECT_EQ(fine.code, 1);
  EXPECT_NE(fine.err.find("more than 4 decimals"), std::string::npos) << fine.err;
  Outcome out = run({"post", "issue", "--from", "A-01-1", "--line", "BOLT:1@0.3"});
  EXPECT_NE(out.code, 0);
  EXPECT_NE(out.err.find("valued at the average"), std::string::npos) << out.err;
  Outcome by_shelf = run({"stock", "--value", "--by", "bin"});
  EXPECT_EQ(by_shelf.code, 1);
  EXPECT_NE(by_shelf.err.find("expected item, location, warehouse or category"), std::string::npos) << by_shelf.err;
}

}  // namespace
