// The opening balance from a spreadsheet (jxc-edge import opening) and the
// production and other issues and receipts (jxc-edge post production-issue,
// ...), through the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli_fixture.h"

namespace {

using jxc::testing::cli::Cli;
using jxc::testing::cli::json;
using jxc::testing::cli::Outcome;

TEST_F(Cli, AnOpeningBalanceIsPostedAsOneOpeningDocumentAtItsCosts) {
  import_master_data();
  const std::string file = write("opening.csv",
                                 "location,item,quantity,unit cost,lot,serial,expiry\n"
                                 "A-01-1,BOLT,100,0.30,,,\n"
                                 "A-01-2,BOLT,300,0.50,,,\n"
                                 "A-01-1,MILK,12,150,L2701,,2027-01-31\n"
                                 "A-01-2,WATER,24,,,,\n");
  json r = ok_json({"import", "opening", file});
  EXPECT_EQ(r["type"], "opening");
  EXPECT_EQ(r["state"], "posted");
  EXPECT_EQ(r["movements"], 4);
  json docs = ok_json({"doc", "list", "--type", "opening"});
  ASSERT_EQ(docs.size(), 1u) << docs.dump();
  EXPECT_EQ(docs[0]["number"], r["number"]);
  std::string text = ok({"doc", "show", r["number"].get<std::string>()});
  EXPECT_NE(text.find("opening (期初库存) " + r["number"].get<std::string>()), std::string::npos) << text;
  json shown = ok_json({"doc", "show", r["number"].get<std::string>()});
  ASSERT_EQ(shown["movement_list"].size(), 4u) << shown.dump();
  EXPECT_EQ(shown["movement_list"][0]["from"], "@OPENING");
  EXPECT_EQ(qty("BOLT", "A-01-1"), 100);
  EXPECT_EQ(qty("MILK", "A-01-1"), 12);
  // The average starts at the opening costs: (30 + 150) / 400 = 0.45.
  json value = ok_json({"stock", "--value", "--item", "BOLT"});
  ASSERT_EQ(value.size(), 1u) << value.dump();
  EXPECT_EQ(value[0]["value"], 1'800'000);
  EXPECT_EQ(value[0]["unit_cost"], 4500);
  // WATER had no cost in the file: the item's 1.2.
  json water = ok_json({"stock", "--value", "--item", "WATER"});
  EXPECT_EQ(water[0]["value"], 24 * 12000);
  // Recorded in the audit trail with who did it.
  json audit = ok_json({"audit", "--action", "stock.opening"});
  ASSERT_EQ(audit.size(), 1u) << audit.dump();
  EXPECT_EQ(audit[0]["target"], "document:" + r["number"].get<std::string>());
  EXPECT_EQ(audit[0]["actor"].get<std::string>().rfind("unix:", 0), 0u);
}

TEST_F(Cli, EveryBadRowOfAnOpeningBalanceIsNamedAndNothingIsPosted) {
  import_master_data();
  const std::string file = write("opening.csv",
                                 "sku,location,lot,serial,quantity,unit_cost\n"
                                 "BOLT,A-01-1,,,10,0.3\n"           // 2: fine
                                 "NOPE,A-01-1,,,1,1\n"              // 3: unknown item
                                 "BOLT,A-01-1,,SN-1,1,0.3\n"        // 4: a serial
                                 "MILK,A-01-2,,,1,1\n"              // 5: no lot
                                 "BOLT,Z-99,,,1.5,abc\n"            // 6: location, decimals, cost
                                 "WATER,A-01-2,,,-2,1\n");          // 7: negative
  Outcome out = run({"import", "opening", file});
  EXPECT_EQ(out.code, 2) << out.err;
  for (const std::string& expected :
       {file + ":3: sku: ", file + ":4: serial: item BOLT is not serial-tracked",
        file + ":5: lot: item MILK is lot-tracked", file + ":6: unit_cost: ", file + ":6: location: ",
        file + ":6: quantity: ", file + ":7: quantity: "})
    EXPECT_NE(out.err.find(expected), std::string::npos) << expected << "\n" << out.err;
  EXPECT_EQ(out.err.find(file + ":2:"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("nothing imported"), std::string::npos) << out.err;
  // A file whose only problems the engine finds.
  const std::string engine_only = write("opening2.csv", "sku,location,quantity\nBOLT,A-01-1,10\nBOLT,Z-99,1\n");
  Outcome engine = run({"import", "opening", engine_only});
  EXPECT_EQ(engine.code, 2) << engine.err;
  EXPECT_NE(engine.err.find(engine_only + ":3: location: "), std::string::npos) << engine.err;
  EXPECT_TRUE(ok_json({"doc", "list"}).empty());
  EXPECT_EQ(qty("BOLT", "A-01-1"), 0);
  EXPECT_TRUE(ok_json({"audit", "--action", "stock.opening"}).empty());
}

TEST_F(Cli, AnOpeningBalanceIsRefusedOnceStockHasMovedUnlessForced) {
  import_master_data();
  ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:5@0.40"});
  const std::string file = write("期初.csv", "物料编码,库位,数量,单位成本\nBOLT,A-01-1,10,0.30\n");
  Outcome refused = run({"import", "opening", file});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(qty("BOLT", "A-01-1"), 5);
  json r = ok_json({"import", "opening", file, "--force"});
  EXPECT_EQ(r["type"], "opening");
  EXPECT_EQ(qty("BOLT", "A-01-1"), 15);
  json audit = ok_json({"audit", "--action", "stock.opening"});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit[0]["detail"].get<std::string>().find("forced"), std::string::npos) << audit.dump();
}

TEST_F(Cli, ProductionAndOtherIssuesAndReceipts) {
  import_master_data();
  ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:100@0.40"});
  json made = ok_json({"post", "production-receipt", "--to", "A-01-1", "--line", "BOLT:100@0.20",
                       "--cost-centre", "WO-17"});
  EXPECT_EQ(made["type"], "production_receipt");
  json used = ok_json({"post", "production-issue", "--from", "A-01-1", "--line", "BOLT:50"});
  EXPECT_EQ(used["type"], "production_issue");
  json other = ok_json({"post", "other-issue", "--from", "A-01-1", "--line", "BOLT:10", "--cost-centre",
                        "食堂 canteen"});
  std::string text = ok({"doc", "show", other["number"].get<std::string>()});
  EXPECT_NE(text.find("other_issue (其他出库)"), std::string::npos) << text;
  EXPECT_NE(text.find("cost centre: 食堂 canteen"), std::string::npos) << text;
  json shown = ok_json({"doc", "show", other["number"].get<std::string>()});
  EXPECT_EQ(shown["cost_centre"], "食堂 canteen");
  EXPECT_EQ(shown["movement_list"][0]["to"], "@OTHER");
  // Received 100 at 0.40 and 100 at 0.20; 60 issued at the average of 0.30.
  json value = ok_json({"stock", "--value", "--item", "BOLT"});
  ASSERT_EQ(value.size(), 1u) << value.dump();
  EXPECT_EQ(value[0]["value"], 140 * 3000);
  ok({"post", "other-receipt", "--to", "A-01-2", "--line", "BOLT:1", "--cost-centre", "FOUND"});
  EXPECT_EQ(qty("BOLT", "A-01-1"), 140);
  EXPECT_EQ(qty("BOLT", "A-01-2"), 1);
  // Other issues need to say whom they are for.
  Outcome no_centre = run({"post", "other-issue", "--from", "A-01-1", "--line", "BOLT:1"});
  EXPECT_EQ(no_centre.code, 1) << no_centre.err;
  EXPECT_NE(no_centre.err.find("--cost-centre"), std::string::npos) << no_centre.err;
  EXPECT_EQ(ok_json({"doc", "list", "--type", "other-issue"}).size(), 1u);
}

}  // namespace
