// Drives the real jxc-edge binary against a store in a temporary directory:
// what an integrator types is what is tested. Each test gets a fresh store.
#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/child_process.h"
#include "tests/cli_fixture.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using jxc::testing::cli::Cli;
using jxc::testing::cli::Outcome;

TEST_F(Cli, UsersAreAddedWithAPasswordFromStdinAndAudited) {
  input_ = "correct horse\n";
  std::string out = ok({"user", "add", "root", "--role", "admin"});
  EXPECT_EQ(out, "user root added with the admin role\n");
  EXPECT_EQ(run({"user", "add", "root"}).code, 2);  // taken
  input_ = "short\n";
  Outcome weak = run({"user", "add", "amy"});
  EXPECT_EQ(weak.code, 1);
  EXPECT_NE(weak.err.find("at least 8 bytes"), std::string::npos) << weak.err;
  EXPECT_EQ(run({"user", "add", "bad name!"}).code, 1);
  input_.clear();
  std::string token = ok({"user", "token", "root", "--label", "erp"});
  EXPECT_TRUE(token.starts_with("jxc_")) << token;
  json audit = ok_json({"audit"});
  ASSERT_EQ(audit.size(), 2u) << audit.dump();
  EXPECT_EQ(audit[0]["action"], "token.add");
  EXPECT_EQ(audit[1]["action"], "user.add");
  EXPECT_EQ(audit[1]["target"], "user:root");
  EXPECT_TRUE(audit[1]["actor"].get<std::string>().starts_with("unix:")) << audit.dump();
  EXPECT_NE(ok({"user", "list"}).find("root"), std::string::npos);
}

// Items with pack levels and decimals come from the items CSV; a line may be
// typed in a pack unit or with the item's decimals, is stored in exact
// smallest units, and is shown with its decimals, its unit and as entered.
TEST_F(Cli, PacksAndDecimalsFromCsvToTheBooksAndBack) {
  import_master_data();
  ok({"import", "items",
      write("packs.csv",
            "sku,name,uom,gtins,decimals,packs,category\n"
            "CASEWATER,Water 550ml,bottle,,0,case:24:16901234567899;pallet:960,饮料\n"
            "RICE,散装大米,kg,,3,bag:25,粮油\n")});
  Outcome bad = run({"import", "items", write("bad.csv", "sku,name,uom,decimals,packs\n"
                                                          "X1,x,kg,3,bag:2.5001\n"
                                                          "X2,x,kg,7,\n"
                                                          "X3,x,EA,0,case\n")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("bad.csv:2: packs entry 'bag:2.5001': pack factor '2.5001' has more than 3 decimals"),
            std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("bad.csv:3: decimals '7' is not 0 to 3"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("bad.csv:4: packs entry 'case' is not UNIT:FACTOR[:GTIN]"), std::string::npos) << bad.err;

  json rcv = ok_json({"post", "receipt", "--to", "RECV", "--line", "CASEWATER:2case", "--line", "CASEWATER:5",
                      "--line", "RICE:1.25", "--line", "RICE:2 bag"});
  EXPECT_EQ(rcv["state"], "posted");
  EXPECT_EQ(qty("CASEWATER", "RECV"), 53);
  EXPECT_EQ(qty("RICE", "RECV"), 51'250);  // grams: 1.25 kg and two 25 kg bags

  Outcome more = run({"post", "issue", "--from", "RECV", "--line", "RICE:0.0005"});
  EXPECT_EQ(more.code, 1);
  EXPECT_NE(more.err.find("more than 3 decimals"), std::string::npos) << more.err;
  Outcome crate = run({"post", "issue", "--from", "RECV", "--line", "CASEWATER:1crate"});
  EXPECT_NE(crate.err.find("no unit 'crate' (its units: pallet, case, bottle)"), std::string::npos) << crate.err;
  ok({"post", "adjustment", "--location", "RECV", "--line", "RICE:-0.25"});
  EXPECT_EQ(qty("RICE", "RECV"), 51'000);

  std::string stock = ok({"stock", "--item", "RICE"});
  EXPECT_NE(stock.find("51.000"), std::string::npos) << stock;
  EXPECT_NE(stock.find("total RICE: 51.000 kg"), std::string::npos) << stock;
  std::string doc = ok({"doc", "show", rcv["number"].get<std::string>()});
  EXPECT_NE(doc.find("48 bottle"), std::string::npos) << doc;
  EXPECT_NE(doc.find("2 case"), std::string::npos) << doc;
  EXPECT_NE(doc.find("1.250 kg"), std::string::npos) << doc;
  EXPECT_NE(doc.find("2.000 bag"), std::string::npos) << doc;
  json shown = ok_json({"doc", "show", rcv["number"].get<std::string>()});
  EXPECT_EQ(shown["lines"][0]["qty"], 48);
  EXPECT_EQ(shown["lines"][0]["unit"], "case");
  EXPECT_EQ(shown["lines"][0]["entered"], "2");

  ok({"order", "add", "pick", "PL-R", "--line", "RICE:1.5"});
  EXPECT_EQ(ok_json({"order", "show", "PL-R"})["lines"][0]["qty"], 1500);
  EXPECT_NE(ok({"order", "show", "PL-R"}).find("1.500"), std::string::npos);
  ok({"verify"});
}

TEST_F(Cli, ImportsGoodCsvsAndStartsWithNoStock) {
  import_master_data();
  EXPECT_TRUE(ok_json({"stock"}).empty());
  ok({"verify"});
}

TEST_F(Cli, DemoDataImportsCleanly) {
  // ctest sets JXC_SOURCE_DIR; the build's own path serves a direct run.
  const char* src = std::getenv("JXC_SOURCE_DIR");
  fs::path demo = fs::path(src ? src : JXC_CLI_TEST_SOURCE_DIR) / "config" / "demo";
  for (const char* kind : {"locations", "items", "thresholds"}) {
    std::string out = ok({"import", kind, (demo / (std::string(kind) + ".csv")).string()});
    EXPECT_NE(out.find("imported"), std::string::npos) << out;
  }
}

TEST_F(Cli, OneBadRowImportsNothingAndNamesItsLine) {
  import_master_data();
  // Line 3 has a GTIN with a wrong check digit (the engine's check), line 4
  // a weight that is not a number (the CLI's own).
  Outcome r = run({"import", "items",
               write("bad.csv",
                     "sku,name,gtins,unit_weight_g\n"
                     "NEW1,fine,,\n"
                     "NEW2,bad gtin,6901234001014,\n"
                     "NEW3,bad weight,,heavy\n")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad.csv:4: unit_weight_g 'heavy' is not a number"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error: invalid_argument: nothing imported"), std::string::npos) << r.err;
  EXPECT_EQ(run({"stock", "--item", "NEW1"}).code, 2);

  // With the CLI's checks passing, the engine's rejection maps to the line.
  r = run({"import", "items",
           write("bad2.csv", "sku,name,gtins\nNEW1,fine,\nNEW2,bad gtin,6901234001014\n")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad2.csv:3: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("6901234001014"), std::string::npos) << r.err;
  Outcome lookup = run({"stock", "--item", "NEW1"});
  EXPECT_EQ(lookup.code, 2);
  EXPECT_NE(lookup.err.find("unknown_item"), std::string::npos) << lookup.err;
}

TEST_F(Cli, RawRfidTagsMapToItemsAndABadTagImportsNone) {
  import_master_data();
  Outcome r = run({"import", "item-tags",
                   write("tags-bad.csv",
                         "epc,sku,lot\n"
                         "E28011606000020400000001,BOLT,\n"
                         "E2801160600002040000000,BOLT,\n"              // odd length
                         "E28011606000020400000003,BOLT,L1\n"           // BOLT has no lots
                         "E28011606000020400000004,NOSUCH,\n")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("tags-bad.csv:3: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tags-bad.csv:4: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tags-bad.csv:5: "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("tags-bad.csv:2: "), std::string::npos) << r.err;

  std::string out = ok({"import", "item-tags",
                        write("tags.csv", "epc,sku,lot\ne28011606000020400000001,BOLT,\n"
                                          "E28011606000020400000002,MILK,L2407\n")});
  EXPECT_NE(out.find("imported 2 item-tags"), std::string::npos) << out;
  // An SGTIN-96 names its item by its GTIN: it cannot be mapped as well.
  r = run({"import", "item-tags", write("gs1.csv", "epc,sku\n3034257BF7194E4000001A85,BOLT\n")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("is a GS1 EPC"), std::string::npos) << r.err;
}

TEST_F(Cli, MalformedCsvIsRejectedWithLineNumbers) {
  import_master_data();
  Outcome r = run({"import", "items", write("q.csv", "sku,name\nX1,\"never closed\nX2,b\n")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("q.csv:2: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unterminated"), std::string::npos) << r.err;

  r = run({"import", "items", write("cols.csv", "sku,nmae\nX1,b\n")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cols.csv:1: unknown column 'nmae'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("missing required column 'name'"), std::string::npos) << r.err;

  r = run({"import", "thresholds", write("n.csv", "sku,location,min,max\nBOLT,W1,1\n")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("n.csv:2: has 3 fields, the header has 4"), std::string::npos) << r.err;
}

TEST_F(Cli, ReceiveMoveIssueAdjustAndCount) {
  import_master_data();
  ok({"order", "add", "receipt", "ASN-1", "--line", "BOLT:100", "--line", "WATER:48", "--partner",
      "Acme", "--door", "DOOR-3"});
  json asn = ok_json({"order", "show", "ASN-1"});
  EXPECT_EQ(asn["state"], "open");
  EXPECT_EQ(asn["lines"].size(), 2u);

  // One line short: posted, with the shortage as an exception.
  json rcv = ok_json({"post", "receipt", "--order", "ASN-1", "--to", "RECV", "--line", "BOLT:100",
                      "--line", "WATER:46", "--line", "MILK:6:L2403:2026-03-01", "--close"});
  EXPECT_EQ(rcv["state"], "posted");
  EXPECT_EQ(rcv["movements"], 3);
  ASSERT_FALSE(rcv["exceptions"].empty()) << rcv.dump();
  std::string exceptions = rcv["exceptions"].dump();
  EXPECT_NE(exceptions.find("WATER"), std::string::npos) << exceptions;
  EXPECT_EQ(qty("BOLT", "RECV"), 100);
  EXPECT_EQ(qty("WATER", "RECV"), 46);

  std::string out = ok({"post", "transfer", "--from", "RECV", "--to", "A-01-1", "--line", "BOLT:60",
                        "--line", "WATER:46"});
  EXPECT_NE(out.find("posted transfer"), std::string::npos) << out;
  EXPECT_EQ(qty("BOLT", "RECV"), 40);
  EXPECT_EQ(qty("BOLT", "A-01-1"), 60);

  ok({"order", "add", "pick", "PL-1", "--line", "BOLT:25", "--partner", "Shop 7"});
  json iss = ok_json({"post", "issue", "--order", "PL-1", "--from", "A-01-1", "--line", "BOLT:25"});
  EXPECT_EQ(iss["state"], "posted");
  EXPECT_EQ(qty("BOLT", "A-01-1"), 35);
  EXPECT_EQ(ok_json({"order", "show", "PL-1"})["lines"][0]["done"], 25);

  // Adjustment: a signed quantity; -3 is a loss.
  ok({"post", "adjustment", "--location", "A-01-1", "--line", "BOLT:-3", "--reason", "damaged"});
  EXPECT_EQ(qty("BOLT", "A-01-1"), 32);
  ok({"post", "scrap", "--from", "RECV", "--line", "MILK:1:L2403", "--reason", "dented can"});
  EXPECT_EQ(qty("MILK", "RECV"), 5);

  // Count zone A: BOLT is 2 short in A-01-1, A-01-2 is empty.
  json cnt = ok_json({"count", "open", "--location", "A", "--by", "manager", "--tolerance", "5"});
  std::string number = cnt["number"];
  ok({"count", "enter", number, "--location", "A-01-1", "--counter", "clerk", "--line", "BOLT:30",
      "--line", "WATER:46"});
  ok({"count", "enter", number, "--location", "A-01-2", "--counter", "clerk", "--empty"});
  json rep = ok_json({"count", "report", number});
  EXPECT_TRUE(rep["uncounted"].empty());
  bool seen = false;
  for (const auto& l : rep["lines"])
    if (l["sku"] == "BOLT") {
      seen = true;
      EXPECT_EQ(l["book"], 32);
      EXPECT_EQ(l["counted"], 30);
      EXPECT_EQ(l["variance"], -2);
      EXPECT_EQ(l["recount"], false);
    }
  EXPECT_TRUE(seen) << rep.dump();
  json appr = ok_json({"count", "approve", number, "--by", "manager"});
  EXPECT_EQ(appr["state"], "posted");
  EXPECT_EQ(qty("BOLT", "A-01-1"), 30);

  // The ledger, the documents and the invariants agree.
  json ledger = ok_json({"ledger", "--item", "BOLT", "--limit", "0"});
  ASSERT_EQ(ledger.size(), 5u) << ledger.dump();  // receipt, transfer, issue, adjustment, count
  EXPECT_EQ(ledger.back()["doc"], number);
  json newest = ok_json({"ledger", "--item", "BOLT", "--limit", "2"});
  ASSERT_EQ(newest.size(), 2u) << newest.dump();
  EXPECT_EQ(newest[0], ledger[3]);
  EXPECT_EQ(newest[1], ledger[4]);
  json doc = ok_json({"doc", "show", rcv["number"]});
  EXPECT_EQ(doc["order"], "ASN-1");
  EXPECT_EQ(doc["lines"].size(), 3u);
  out = ok({"doc", "show", rcv["number"]});
  EXPECT_NE(out.find("MILK"), std::string::npos) << out;
  out = ok({"doc", "list", "--type", "receipt"});
  EXPECT_NE(out.find(rcv["number"].get<std::string>()), std::string::npos) << out;
  out = ok({"verify"});
  EXPECT_NE(out.find("ok"), std::string::npos) << out;
}

TEST_F(Cli, RefusedOperationsExitTwoAndWriteNothing) {
  import_master_data();
  ok({"post", "receipt", "--to", "RECV", "--line", "BOLT:10"});
  json before = ok_json({"stock"});
  json ledger_before = ok_json({"ledger", "--limit", "0"});

  Outcome r = run({"post", "issue", "--from", "RECV", "--line", "NOPE:1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("error: unknown_item"), std::string::npos) << r.err;

  r = run({"post", "issue", "--from", "RECV", "--line", "BOLT:11"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("error: insufficient_stock"), std::string::npos) << r.err;

  r = run({"post", "transfer", "--from", "RECV", "--to", "NOWHERE", "--line", "BOLT:1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("error: unknown_location"), std::string::npos) << r.err;

  r = run({"doc", "post", "RCV-999999"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("error: unknown_document"), std::string::npos) << r.err;

  EXPECT_EQ(ok_json({"stock"}), before);
  EXPECT_EQ(ok_json({"ledger", "--limit", "0"}), ledger_before);
  ok({"verify"});
}

TEST_F(Cli, CountApprovalIsTheUnixUsersAndFollowsTheFourEyesRule) {
  import_master_data();
  ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:10"});
  const passwd* pw = ::getpwuid(::geteuid());
  ASSERT_NE(pw, nullptr);
  const std::string me = pw->pw_name;
  json cnt = ok_json({"count", "open", "--location", "A-01-1", "--by", "manager"});
  const std::string number = cnt["number"];
  // The person running the command counted the bin: they may not approve it.
  ok({"count", "enter", number, "--location", "A-01-1", "--counter", me, "--line", "BOLT:9"});
  Outcome r = run({"count", "approve", number, "--force"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("error: four_eyes"), std::string::npos) << r.err;
  EXPECT_EQ(qty("BOLT", "A-01-1"), 10);

  // A site staffed by one turns the rule off; the approver is the Unix user.
  const std::string cfg = write("one.toml", "[site]\nfour_eyes = false\n");
  json appr = ok_json({"count", "approve", number, "--force", "--config", cfg});
  EXPECT_EQ(appr["state"], "posted");
  EXPECT_EQ(qty("BOLT", "A-01-1"), 9);
  json ledger = ok_json({"ledger", "--item", "BOLT", "--limit", "1"});
  ASSERT_EQ(ledger.size(), 1u);
  EXPECT_EQ(ledger[0]["source"], "unix:" + me) << ledger.dump();
}

TEST_F(Cli, MalformedLineIsAUsageError) {
  import_master_data();
  Outcome r = run({"post", "receipt", "--to", "RECV", "--line", "BOLT:ten"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--line 'BOLT:ten'"), std::string::npos) << r.err;
  r = run({"post", "issue", "--from", "RECV", "--line", "BOLT:-1"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("must not be negative"), std::string::npos) << r.err;
}

// The help names what a value refers to: the door's id in [[portal.doors]],
// and the kinds a location may be.
TEST_F(Cli, HelpNamesTheDoorIdAndTheLocationKinds) {
  Outcome r = run({"order", "add", "receipt", "--help"}, false);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("id of a [[portal.doors]] table"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("read point"), std::string::npos) << r.out;
  r = run({"import", "locations", "--help"}, false);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("kind: site, warehouse (under a site), zone (under a warehouse or zone), bin"),
            std::string::npos) << r.out;
}

TEST_F(Cli, DraftsMoveAlongAndPostedDocumentsReverse) {
  import_master_data();
  json d = ok_json({"post", "receipt", "--to", "RECV", "--line", "WATER:12", "--draft"});
  EXPECT_EQ(d["state"], "draft");
  EXPECT_EQ(qty("WATER", "RECV"), 0);
  std::string number = d["number"];
  ok({"doc", "confirm", number});
  ok({"doc", "post", number});
  EXPECT_EQ(qty("WATER", "RECV"), 12);
  json rev = ok_json({"doc", "reverse", number, "--reason", "wrong truck"});
  EXPECT_EQ(rev["type"], "reversal");
  EXPECT_EQ(qty("WATER", "RECV"), 0);
  Outcome again = run({"doc", "cancel", number});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("invalid_state"), std::string::npos) << again.err;
}

TEST_F(Cli, IdempotencyKeyReplaysTheFirstResult) {
  import_master_data();
  json a = ok_json({"post", "receipt", "--to", "RECV", "--line", "BOLT:5", "--key", "scan-42"});
  json b = ok_json({"post", "receipt", "--to", "RECV", "--line", "BOLT:5", "--key", "scan-42"});
  EXPECT_EQ(a["number"], b["number"]);
  EXPECT_EQ(b["replayed"], true);
  EXPECT_EQ(qty("BOLT", "RECV"), 5);
}

TEST_F(Cli, ConfigFileNamesTheStore) {
  std::string toml = write("gw.toml", "[store]\npath = \"" + store_ + "\"\n");
  Outcome r = run({"import", "locations", "--config", toml,
               write("l.csv", "code,kind,parent\nS9,site,\n")},
              false);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(store_));
  Outcome none = run({"stock", "--store", (dir_ / "absent.db").string()}, false);
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("no store at"), std::string::npos) << none.err;
}

TEST_F(Cli, LlrpDecodePrintsEachFrameAndFailsOnABadOne) {
  // A KEEPALIVE and an RO_ACCESS_REPORT (EPC-96, AntennaID 2) in one argument.
  Outcome r = run({"tools", "llrp-decode",
                   "043e0000000a00000007 043d0000001e00000005 00f00014 8d3014253b0010000000000001 810002"},
                  false);
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  std::istringstream lines(r.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  json k = json::parse(first), rep = json::parse(second);
  EXPECT_EQ(k["message"], "KEEPALIVE");
  EXPECT_EQ(k["id"], 7);
  EXPECT_EQ(rep["message"], "RO_ACCESS_REPORT");
  EXPECT_EQ(rep["type"], 61);
  const auto& trd = rep["parameters"][0];
  EXPECT_EQ(trd["name"], "TagReportData");
  EXPECT_EQ(trd["parameters"][0]["fields"]["EPC"], "3014253b0010000000000001");
  EXPECT_EQ(trd["parameters"][1]["name"], "AntennaID");
  EXPECT_EQ(trd["parameters"][1]["fields"]["AntennaID"], 2);

  Outcome bad = run({"tools", "llrp-decode", "043d0000001e00000005 00f00040 8d30"}, false);
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.out.find("truncated"), std::string::npos) << bad.out;
}


// A capture of a reader whose ErrorDescription is not UTF-8 (Latin-1
// "défekt" and a surrogate), and inputs that are not UTF-8 themselves: the
// tools print valid JSON and exit normally (0, or 2 for input they refuse).
TEST_F(Cli, LlrpDecodeOfTextThatIsNotUtf8PrintsValidJson) {
  Outcome r = run({"tools", "llrp-decode", "0464 0000001B 00000009 011F 0011 0191 0009 64E966656B74EDA080"}, false);
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  ASSERT_TRUE(json::accept(r.out)) << r.out;
  json m = json::parse(r.out);
  EXPECT_EQ(m["message"], "ERROR_MESSAGE");
  EXPECT_EQ(m["parameters"][0]["fields"]["StatusCode"], 401);
  EXPECT_EQ(m["parameters"][0]["fields"]["ErrorDescription"], "d\uFFFDfekt\uFFFD\uFFFD\uFFFD");

  Outcome bad = run({"tools", "llrp-decode", "zz\xFF\xC3"}, false);
  EXPECT_EQ(bad.code, 2) << bad.out << bad.err;
  ASSERT_TRUE(json::accept(bad.out)) << bad.out;
  EXPECT_NE(json::parse(bad.out)["error"].get<std::string>().find("not a hex digit"), std::string::npos) << bad.out;
}

TEST_F(Cli, EpcDecodeOfInputThatIsNotUtf8PrintsValidJson) {
  Outcome r = run({"tools", "epc-decode", "30\xFF\xFE", "3034257BF7194E4000001A85"}, false);
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  std::istringstream lines(r.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  ASSERT_TRUE(json::accept(first)) << first;
  EXPECT_EQ(json::parse(first)["input"], "30\uFFFD\uFFFD");
  EXPECT_TRUE(json::parse(first).contains("error")) << first;
  ASSERT_TRUE(json::accept(second)) << r.out;  // the good EPC after it is still decoded
  EXPECT_FALSE(json::parse(second).contains("error")) << second;
}

// A name that is not UTF-8, that carries a terminal escape, or that is
// longer than a name can be, refuses the file with its line: nothing garbled
// reaches the store.
TEST_F(Cli, CsvNameThatIsNotUtf8HoldsControlsOrIsTooLongIsRefused) {
  import_master_data();
  Outcome r = run({"import", "items", write("gbk.csv", "sku,name\nNUT,\xC2\xDD\xCB\xBF M8\n")});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("gbk.csv:2: is not valid UTF-8"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing imported"), std::string::npos) << r.err;

  r = run({"import", "items", write("esc.csv", "sku,name\nNUT,ok\nWASHER,\"\x1B]0;owned\x07 washer\"\n")});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("esc.csv:3: field 2 holds control character U+001B"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing imported"), std::string::npos) << r.err;

  r = run({"import", "items", write("long.csv", "sku,name\nNUT,ok\nWASHER," + std::string(5000, 'w') + "\n")});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("long.csv:3: column 'name' holds 5000 characters; at most 200 are allowed"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing imported"), std::string::npos) << r.err;

  // The same rows in clean UTF-8 import.
  std::string out = ok({"import", "items", write("good.csv", "sku,name\nNUT,螺母 M8\nWASHER,垫圈 washer\n")});
  EXPECT_NE(out.find("imported 2 items"), std::string::npos) << out;
}

// The operator CLI writes to the store beside a running daemon (SQLite's own
// locking keeps them apart); the daemon's listeners must still hear of those
// movements, or an issue typed at the console would never raise low stock.
TEST_F(Cli, MovementsPostedBesideARunningDaemonReachItsAlerts) {
  import_master_data();  // BOLT min 10 in W1
  ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:20"});
  std::string config = write("gateway.toml", "[store]\npath = \"" + store_ + "\"\n");
  jxc::testing::ChildSpec spec;
  spec.argv = {bin_.string(), "run", "--config", config};
  spec.env["NOTIFY_SOCKET"] = std::nullopt;
  jxc::testing::Child daemon(spec);
  ASSERT_TRUE(daemon.wait_for_output("ready: store", jxc::testing::after(std::chrono::seconds(30))))
      << daemon.output();
  EXPECT_TRUE(ok_json({"alerts", "list"}).empty());

  ok({"post", "issue", "--from", "A-01-1", "--line", "BOLT:15"});
  json open;
  for (auto until = jxc::testing::after(std::chrono::seconds(30));
       std::chrono::steady_clock::now() < until;) {
    open = ok_json({"alerts", "list"});
    if (!open.empty()) break;
    ::usleep(50'000);  // polling the store, not a timed assertion
  }
  ASSERT_EQ(open.size(), 1u) << open.dump() << "\n" << daemon.output();
  EXPECT_EQ(open[0]["kind"], "low_stock") << open.dump();
  daemon.signal(SIGTERM);
  auto status = daemon.wait_exit(jxc::testing::after(std::chrono::seconds(30)));
  ASSERT_TRUE(status.has_value()) << daemon.output();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << daemon.output();
}

// "2026-12-04T08:05:09.123Z" as a clock in Shanghai shows it, worked out with
// the C library alone: "2026-12-04 16:05:09+08:00".
std::string shanghai_time(const std::string& utc) {
  std::tm tm{};
  if (!strptime(utc.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return "<bad time " + utc + ">";
  std::time_t t = timegm(&tm) + 8 * 3600;
  std::tm local{};
  gmtime_r(&t, &local);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S+08:00", &local);
  return buf;
}

// People read the site's local time in the tables; scripts read UTC in --json.
TEST_F(Cli, TablesShowTheSitesLocalTimeAndJsonStaysUtc) {
  import_master_data();
  json rcv = ok_json({"post", "receipt", "--to", "RECV", "--line", "BOLT:10"});
  const std::string cfg = write("site.toml", "[site]\ntimezone = \"Asia/Shanghai\"\n");

  json ledger = ok_json({"ledger", "--config", cfg});
  ASSERT_EQ(ledger.size(), 1u);
  const std::string utc = ledger[0]["recorded_at"];
  ASSERT_EQ(utc.back(), 'Z') << utc;
  const std::string local = shanghai_time(utc);
  std::string table = ok({"ledger", "--config", cfg});
  EXPECT_NE(table.find(local), std::string::npos) << local << "\n" << table;
  EXPECT_EQ(table.find(utc.substr(0, 19)), std::string::npos) << table;

  json doc = ok_json({"doc", "show", rcv["number"], "--config", cfg});
  const std::string occurred = doc["occurred_at"];
  ASSERT_EQ(occurred.back(), 'Z') << occurred;
  std::string show = ok({"doc", "show", rcv["number"], "--config", cfg});
  EXPECT_NE(show.find("occurred:  " + shanghai_time(occurred) + "\n"), std::string::npos) << show;

  json outbox = ok_json({"outbox", "--config", cfg});
  ASSERT_FALSE(outbox["events"].empty());
  const std::string first = outbox["events"][0]["occurred_at"];
  EXPECT_EQ(first.back(), 'Z');
  EXPECT_NE(ok({"outbox", "--config", cfg}).find(shanghai_time(first)), std::string::npos);

  // An unknown zone is a configuration error naming the key.
  Outcome bad = run({"ledger", "--config", write("bad.toml", "[site]\ntimezone = \"Asia/Shenzhen\"\n")});
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("site.timezone: unknown time zone \"Asia/Shenzhen\""), std::string::npos) << bad.err;
}

}  // namespace

// A backup is taken beside the running daemon; a restore is refused while the
// daemon holds the store and, once it stopped, brings back the stock of the
// backup's moment under a new epoch, the replaced store kept aside.
TEST_F(Cli, BackupBesideTheDaemonAndRestoreOnceItStopped) {
  import_master_data();
  ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:20"});
  std::string config = write("gateway.toml", "[store]\npath = \"" + store_ + "\"\n");
  jxc::testing::ChildSpec spec;
  spec.argv = {bin_.string(), "run", "--config", config};
  spec.env["NOTIFY_SOCKET"] = std::nullopt;
  jxc::testing::Child daemon(spec);
  ASSERT_TRUE(daemon.wait_for_output("ready: store", jxc::testing::after(std::chrono::seconds(30))))
      << daemon.output();

  const std::string backups = (dir_ / "backups").string();
  json m = ok_json({"backup", backups});
  EXPECT_EQ(m["movements"], 1) << m.dump();
  const std::string file = backups + "/" + m["file"].get<std::string>();
  ok({"post", "issue", "--from", "A-01-1", "--line", "BOLT:5"});  // after the backup

  Outcome refused = run({"restore", file});
  EXPECT_EQ(refused.code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("stop the daemon before restoring"), std::string::npos) << refused.err;
  EXPECT_EQ(qty("BOLT", "A-01-1"), 15);

  daemon.signal(SIGTERM);
  auto status = daemon.wait_exit(jxc::testing::after(std::chrono::seconds(30)));
  ASSERT_TRUE(status.has_value()) << daemon.output();

  json restored = ok_json({"restore", file});
  EXPECT_EQ(qty("BOLT", "A-01-1"), 20);
  EXPECT_NE(restored["epoch"], m["epoch"]) << restored.dump();
  ASSERT_TRUE(restored["kept_aside"].is_string()) << restored.dump();
  EXPECT_TRUE(fs::exists(restored["kept_aside"].get<std::string>()));
}
