// The command line records its changes as the API does: an audit row naming
// the Unix user, written in the transaction of the change (a refused change
// leaves none), and orders made on the box name their maker. Drives the real
// jxc-edge binary against a store in a temporary directory.
#include <pwd.h>
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli_fixture.h"

namespace {

using nlohmann::json;
using jxc::testing::cli::Outcome;

class CliAudit : public jxc::testing::cli::Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();  // a fresh store, made by init
    if (HasFatalFailure()) return;
    const passwd* pw = ::getpwuid(::geteuid());
    ASSERT_NE(pw, nullptr);
    me_ = pw->pw_name;
    ok({"import", "locations",
        write("locations.csv",
              "code,kind,name,parent,barcode,gln,negative_stock\n"
              "S1,site,Site one,,,,block\nW1,warehouse,仓库 1,S1,,,\nRECV,zone,Receiving,W1,,,\n"
              "A,zone,Zone A,W1,,,\nA-01-1,bin,A 01 1,A,,,\n")});
    ok({"import", "items",
        write("items.csv", "sku,name,uom,gtins,unit_weight_g,lot_tracked,unit_cost\n"
                           "BOLT,\"Bolt, M8\",EA,,,false,0.35\n")});
    ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:10"});
  }
  json audit(const std::string& action) { return ok_json({"audit", "--action", action}); }

  std::string me_;
};

TEST_F(CliAudit, CountApproveLeavesAnAuditRowNamingTheUnixUser) {
  json cnt = ok_json({"count", "open", "--location", "A-01-1", "--by", "manager", "--tolerance", "5"});
  const std::string number = cnt["number"];
  ok({"count", "enter", number, "--location", "A-01-1", "--counter", "clerk", "--line", "BOLT:9"});
  json approved = ok_json({"count", "approve", number});
  EXPECT_EQ(approved["state"], "posted");

  json rows = audit("count.approve");
  ASSERT_EQ(rows.size(), 1u) << rows.dump();
  EXPECT_EQ(rows[0]["actor"], "unix:" + me_);
  EXPECT_EQ(rows[0]["target"], "count:" + number);
  EXPECT_EQ(rows[0]["address"], "");
  json opened = audit("count.open"), line = audit("count.line");
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened[0]["target"], "count:" + number);
  EXPECT_EQ(opened[0]["actor"], "unix:" + me_);
  ASSERT_EQ(line.size(), 1u);
  EXPECT_EQ(line[0]["detail"], "A-01-1 BOLT qty 9");
}

TEST_F(CliAudit, ARefusedApprovalLeavesNoAuditRow) {
  json cnt = ok_json({"count", "open", "--location", "A-01-1", "--by", "manager", "--tolerance", "5"});
  const std::string number = cnt["number"];
  // Counted by the Unix user who then approves: the four-eyes rule refuses it.
  ok({"count", "enter", number, "--location", "A-01-1", "--counter", "unix:" + me_, "--line", "BOLT:9"});
  Outcome r = run({"count", "approve", number});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("four_eyes"), std::string::npos) << r.err;
  EXPECT_EQ(audit("count.approve").size(), 0u);
}

TEST_F(CliAudit, OrdersNameTheirMakerAndTheirChangesAreAudited) {
  const std::string source = "unix:" + me_;  // the account, as the audit entry names it
  ok({"order", "add", "receipt", "ASN-1", "--line", "BOLT:5"});
  json shown = ok_json({"order", "show", "ASN-1"});
  EXPECT_EQ(shown["source"], source) << shown.dump();
  EXPECT_NE(ok({"order", "show", "ASN-1"}).find("source:    " + source), std::string::npos);
  ok({"order", "cancel", "ASN-1"});
  json upsert = audit("order.upsert"), cancel = audit("order.cancel");
  ASSERT_EQ(upsert.size(), 1u);
  EXPECT_EQ(upsert[0]["actor"], "unix:" + me_);
  EXPECT_EQ(upsert[0]["target"], "order:ASN-1");
  ASSERT_EQ(cancel.size(), 1u);
  EXPECT_EQ(cancel[0]["target"], "order:ASN-1");
}

TEST_F(CliAudit, DocumentStepsAreAuditedAsTheApiAuditsThem) {
  json draft = ok_json({"post", "transfer", "--from", "A-01-1", "--to", "RECV", "--line", "BOLT:1", "--draft"});
  const std::string number = draft["number"];
  ok({"doc", "confirm", number});
  ok({"doc", "post", number});
  json created = audit("document.create");
  ASSERT_EQ(created.size(), 2u) << created.dump();  // the receipt in SetUp and this transfer
  EXPECT_EQ(created[0]["target"], "document:" + number);
  ASSERT_EQ(audit("document.confirm").size(), 1u);
  json posted = audit("document.post");
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0]["actor"], "unix:" + me_);
  EXPECT_NE(run({"audit", "--action", "document.posted"}).code, 0) << "an unknown action is a usage error";
}

}  // namespace
