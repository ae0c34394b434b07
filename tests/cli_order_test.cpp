// `jxc-edge order add` as the central system's stand-in: SSCC pallets, the
// PO/SO line ids, quantities in a pack unit and when an ASN is due, the same
// fields the down/asn and down/picklist messages carry.
#include <pwd.h>
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli_fixture.h"

namespace {

using nlohmann::json;
using jxc::testing::cli::Cli;
using jxc::testing::cli::Outcome;

constexpr const char* kPallet = "069012340000000016";

TEST_F(Cli, OrderAddSetsPalletsLineIdsUnitsAndTheExpectedTime) {
  import_master_data();
  ok({"import", "items", write("packs.csv", "sku,name,uom,gtins,decimals,packs\n"
                                            "CASEWATER,Water 550ml,bottle,,0,case:24\n")});
  ok({"order", "add", "receipt", "ASN-P", "--line", std::string("CASEWATER:2case:id=10:sscc=") + kPallet,
      "--line", std::string("BOLT:100:sscc=") + kPallet + ":id=20", "--line", "WATER:6",
      "--expected-at", "2026-12-05T14:00:00+08:00"});
  json asn = ok_json({"order", "show", "ASN-P"});
  EXPECT_EQ(asn["expected_at"], "2026-12-05T06:00:00.000Z");
  // Who made it, as the contract names a person on the box: unix:NAME.
  const passwd* pw = ::getpwuid(::geteuid());
  ASSERT_NE(pw, nullptr);
  EXPECT_EQ(asn["source"], std::string("unix:") + pw->pw_name);
  ASSERT_EQ(asn["lines"].size(), 3u);
  EXPECT_EQ(asn["lines"][0]["qty"], 48);
  EXPECT_EQ(asn["lines"][0]["unit"], "case");
  EXPECT_EQ(asn["lines"][0]["entered"], "2");
  EXPECT_EQ(asn["lines"][0]["line_id"], "10");
  EXPECT_EQ(asn["lines"][0]["sscc"], kPallet);
  EXPECT_EQ(asn["lines"][1]["line_id"], "20");
  EXPECT_EQ(asn["lines"][1]["sscc"], kPallet) << "both lines arrive on one pallet";
  EXPECT_FALSE(asn["lines"][2].contains("sscc"));
  std::string shown = ok({"order", "show", "ASN-P"});
  EXPECT_NE(shown.find("2 case"), std::string::npos) << shown;
  EXPECT_NE(shown.find(kPallet), std::string::npos) << shown;

  // Receiving against it names the PO lines in the document's event.
  ok({"post", "receipt", "--order", "ASN-P", "--to", "RECV", "--line", "CASEWATER:48"});
  json out = ok_json({"outbox", "--json"});
  bool echoed = false;
  for (const auto& e : out["events"])
    if (e["type"] == "receipt.posted")
      echoed = e["payload"]["document"]["lines"][0]["order_line_ids"] == json::array({"10"});
  EXPECT_TRUE(echoed) << out.dump();
}

TEST_F(Cli, OrderAddRefusesABadSsccAnUnknownUnitAndAPickListPallet) {
  import_master_data();
  Outcome r = run({"order", "add", "receipt", "ASN-B", "--line", "BOLT:1:sscc=069012340000000017"});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("SSCC check digit 7 should be 6"), std::string::npos) << r.err;
  r = run({"order", "add", "receipt", "ASN-B", "--line", "BOLT:1crate"});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("no unit 'crate'"), std::string::npos) << r.err;
  r = run({"order", "add", "pick", "PL-B", "--line", std::string("BOLT:1:sscc=") + kPallet});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("a pick list line has no SSCC"), std::string::npos) << r.err;
  r = run({"order", "add", "receipt", "ASN-B", "--line", "BOLT:1:id=1", "--line", "WATER:1:id=1"});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("line id '1' is already on an earlier line"), std::string::npos) << r.err;
  r = run({"order", "add", "receipt", "ASN-B", "--line", "BOLT:1", "--expected-at", "tomorrow"});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("--expected-at 'tomorrow' is not an ISO 8601 time"), std::string::npos) << r.err;
  EXPECT_NE(run({"order", "show", "ASN-B"}).code, 0) << "nothing of a refused order is kept";
  r = run({"order", "add", "receipt", "--help"}, false);
  EXPECT_NE(r.out.find(":sscc=SSCC"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--expected-at"), std::string::npos) << r.out;
}

}  // namespace
