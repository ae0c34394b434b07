// Quality inspection and returns at the command line, through the real
// binary: a quarantine bin imported from CSV, receipt lines with their
// inspection results, quarantined goods refused to an issue and released by
// a transfer, rejected goods returned to the supplier against the receipt,
// and a customer return against its issue at the cost it went out at.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli_fixture.h"

namespace {

using jxc::testing::cli::Cli;
using jxc::testing::cli::Outcome;

TEST_F(Cli, InspectedReceiptsQuarantineAndReturns) {
  import_master_data();
  ok({"import", "locations",
      write("quarantine.csv", "code,kind,name,parent,quarantine\nQA,zone,质检区,W1,\nQ-1,bin,隔离位,QA,yes\n")});

  auto rcv = ok_json({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:10@0.30:inspect=accepted", "--line",
                      "WATER:4:inspect=rejected", "--line", "BOLT:3:inspect=quarantine", "--json"});
  const std::string receipt = rcv["number"];
  auto shown = ok_json({"doc", "show", receipt, "--json"});
  ASSERT_EQ(shown["lines"].size(), 3u) << shown.dump();
  EXPECT_EQ(shown["lines"][0]["inspection"], "accepted");
  EXPECT_EQ(shown["lines"][0]["to"], "A-01-1");
  EXPECT_EQ(shown["lines"][1]["inspection"], "rejected");
  EXPECT_EQ(shown["lines"][1]["to"], "Q-1");
  EXPECT_EQ(shown["lines"][2]["to"], "Q-1");
  std::string table = ok({"doc", "show", receipt});
  EXPECT_NE(table.find("不合格 rejected"), std::string::npos) << table;
  EXPECT_NE(table.find("隔离 quarantine"), std::string::npos) << table;

  // Held goods are not issued; a transfer releases them.
  Outcome held = run({"post", "issue", "--from", "Q-1", "--line", "BOLT:1"});
  EXPECT_NE(held.code, 0);
  EXPECT_NE(held.err.find("quarantine bin"), std::string::npos) << held.err;
  ok({"post", "transfer", "--from", "Q-1", "--to", "A-01-2", "--line", "BOLT:3", "--reason", "released"});

  // Rejected goods go back to the supplier against the receipt, once.
  auto srt = ok_json({"post", "supplier-return", "--from", "Q-1", "--ref", receipt, "--line", "WATER:4:ref=2",
                      "--reason", "failed inspection", "--json"});
  auto srt_shown = ok_json({"doc", "show", srt["number"].get<std::string>(), "--json"});
  EXPECT_EQ(srt_shown["ref_document"], receipt);
  EXPECT_EQ(srt_shown["lines"][0]["ref_line"], 2);
  Outcome twice = run({"post", "supplier-return", "--from", "A-01-1", "--ref", receipt, "--line", "WATER:1:ref=2"});
  EXPECT_NE(twice.code, 0);
  EXPECT_NE(twice.err.find("4 came back before"), std::string::npos) << twice.err;

  // A customer return comes back at the cost it went out at.
  auto iss = ok_json({"post", "issue", "--from", "A-01-1", "--line", "BOLT:5", "--json"});
  const std::string issue = iss["number"];
  ok({"post", "customer-return", "--to", "A-01-2", "--ref", issue, "--line", "BOLT:2:disp=restock", "--reason",
      "wrong size"});
  // BOLT: 10 at 0.30 and 3 at the item's 0.35 (4.0500 for 13); 5 out at the
  // average (1.5577); 2 back at what those 5 went out at (0.6231).
  auto value = ok_json({"stock", "--value", "--json"});
  bool seen = false;
  for (const auto& r : value)
    if (r["sku"] == "BOLT") {
      seen = true;
      EXPECT_EQ(r["qty"], 10);
      EXPECT_EQ(r["value"], 40500 - 15577 + 6231) << r.dump();
    }
  EXPECT_TRUE(seen) << value.dump();
  Outcome over = run({"post", "customer-return", "--to", "A-01-2", "--ref", issue, "--line", "BOLT:4:ref=1:disp=restock"});
  EXPECT_NE(over.code, 0);
  EXPECT_NE(over.err.find("moved 5 of BOLT, 2 came back before"), std::string::npos) << over.err;

  // What the line suffixes take.
  Outcome bad_result = run({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:1:inspect=maybe"});
  EXPECT_EQ(bad_result.code, 1);
  EXPECT_NE(bad_result.err.find("is not accepted, quarantine or rejected"), std::string::npos) << bad_result.err;
  Outcome no_disp = run({"post", "supplier-return", "--from", "A-01-1", "--line", "BOLT:1:disp=scrap"});
  EXPECT_EQ(no_disp.code, 1);
  EXPECT_NE(no_disp.err.find("only a customer return line has a disposition"), std::string::npos) << no_disp.err;
}

}  // namespace
