// Serial numbers through the jxc-edge binary: an item flagged serial-tracked
// by CSV, units received, moved and issued by serial with `post`, opened by
// serial with `import opening`, looked up with `serial show|list`, and
// counted by serial with `count enter`.
#include "tests/cli_fixture.h"

namespace jxc::testing::cli {
namespace {

TEST_F(Cli, SerialsArePostedByLineAndShownWithTheirHistory) {
  import_master_data();
  ok({"import", "items",
      write("phones.csv", "sku,name,serial_tracked\nPHONE,手持终端,yes\nCASE,Phone case,no\n")});
  ok({"post", "receipt", "--to", "A-01-1", "--line", "PHONE:3:sn=SN-1,SN-2,SN-3"});
  ok({"post", "transfer", "--from", "A-01-1", "--to", "A-01-2", "--line", "PHONE:1:sn=SN-2"});
  json issued = ok_json({"post", "issue", "--from", "A-01-1", "--line", "PHONE:1:sn=SN-3"});
  EXPECT_EQ(qty("PHONE", "A-01-1"), 1);
  EXPECT_EQ(qty("PHONE", "A-01-2"), 1);

  // A line without its serials, or a serial that is elsewhere, is refused.
  Outcome bare = run({"post", "receipt", "--to", "A-01-1", "--line", "PHONE:1"});
  EXPECT_NE(bare.code, 0);
  EXPECT_NE(bare.err.find("is serial-tracked"), std::string::npos) << bare.err;
  Outcome elsewhere = run({"post", "issue", "--from", "A-01-1", "--line", "PHONE:1:sn=SN-2"});
  EXPECT_NE(elsewhere.code, 0);
  EXPECT_NE(elsewhere.err.find("serial SN-2 of item PHONE is at A-01-2"), std::string::npos) << elsewhere.err;

  json shown = ok_json({"serial", "show", "PHONE", "SN-3"});
  EXPECT_EQ(shown["status"], "shipped");
  EXPECT_EQ(shown["location"], "@CUSTOMER");
  EXPECT_EQ(shown["document"], issued["number"]);
  ASSERT_EQ(shown["history"].size(), 2u);
  EXPECT_EQ(shown["history"][0]["type"], "receipt");
  EXPECT_EQ(shown["history"][1]["from"], "A-01-1");
  std::string text = ok({"serial", "show", "PHONE", "SN-2"});
  EXPECT_NE(text.find("PHONE serial SN-2: in_stock at A-01-2"), std::string::npos) << text;

  json in_stock = ok_json({"serial", "list", "PHONE"});
  ASSERT_EQ(in_stock.size(), 2u);
  EXPECT_EQ(in_stock[0]["serial"], "SN-1");
  EXPECT_EQ(in_stock[1]["location"], "A-01-2");
  EXPECT_EQ(ok_json({"serial", "list", "PHONE", "--location", "A-01-2"}).size(), 1u);
  EXPECT_EQ(ok_json({"serial", "list", "PHONE", "--all"}).size(), 3u);
  Outcome unknown = run({"serial", "show", "PHONE", "SN-404"});
  EXPECT_NE(unknown.code, 0);
  EXPECT_NE(unknown.err.find("item PHONE has no serial 'SN-404'"), std::string::npos) << unknown.err;
  // The document shows the serials of its lines.
  json doc = ok_json({"doc", "show", issued["number"].get<std::string>()});
  EXPECT_EQ(doc["lines"][0]["serials"], json({"SN-3"}));
  ok({"verify"});
}

TEST_F(Cli, AnOpeningBalanceTakesOneRowPerSerial) {
  import_master_data();
  ok({"import", "items", write("phones.csv", "sku,name,serial_tracked\nPHONE,手持终端,yes\n")});
  ok({"import", "opening",
      write("opening.csv", "物料编码,库位,序列号,数量\nPHONE,A-01-1,SN-7,1\nPHONE,A-01-1,SN-8,1\nBOLT,A-01-1,,5\n")});
  EXPECT_EQ(qty("PHONE", "A-01-1"), 2);
  EXPECT_EQ(ok_json({"serial", "show", "PHONE", "SN-8"})["history"][0]["from"], "@OPENING");
}

TEST_F(Cli, ABinIsCountedBySerial) {
  import_master_data();
  ok({"import", "items", write("phones.csv", "sku,name,serial_tracked\nPHONE,手持终端,yes\n")});
  ok({"post", "receipt", "--to", "A-01-1", "--line", "PHONE:2:sn=SN-1,SN-2"});
  json cnt = ok_json({"count", "open", "--location", "A-01-1", "--by", "manager"});
  const std::string number = cnt["number"];
  Outcome bare = run({"count", "enter", number, "--location", "A-01-1", "--counter", "clerk", "--line", "PHONE:2"});
  EXPECT_NE(bare.code, 0);
  EXPECT_NE(bare.err.find("is serial-tracked"), std::string::npos) << bare.err;
  ok({"count", "enter", number, "--location", "A-01-1", "--counter", "clerk", "--line", "PHONE:2:sn=SN-1,SN-5"});
  std::string text = ok({"count", "report", number});
  EXPECT_NE(text.find("A-01-1 PHONE found: SN-5"), std::string::npos) << text;
  EXPECT_NE(text.find("A-01-1 PHONE missing: SN-2"), std::string::npos) << text;
  json rep = ok_json({"count", "report", number});
  ASSERT_EQ(rep["lines"].size(), 1u) << rep.dump();
  EXPECT_EQ(rep["lines"][0]["serials_found"], json({"SN-5"}));
  EXPECT_EQ(rep["lines"][0]["serials_missing"], json({"SN-2"}));
  ok_json({"count", "approve", number, "--by", "manager"});
  EXPECT_EQ(ok_json({"serial", "show", "PHONE", "SN-5"})["location"], "A-01-1");
  EXPECT_EQ(ok_json({"serial", "show", "PHONE", "SN-2"})["status"], "written_off");
  EXPECT_EQ(qty("PHONE", "A-01-1"), 2);
  ok({"verify"});
}

}  // namespace
}  // namespace jxc::testing::cli
