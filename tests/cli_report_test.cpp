// Reports at the command line: the movement summary, the stock value as of
// a day, turnover, ageing, ABC/XYZ, count accuracy and device performance, as
// tables, JSON and files for Excel.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/cli_fixture.h"

namespace {

using jxc::testing::cli::Cli;
using jxc::testing::cli::Outcome;
using nlohmann::json;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_F(Cli, ReportsTheMovementSummaryAndTheValueAsOfADay) {
  import_master_data();
  ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:10@0.30"});
  ok({"post", "issue", "--from", "A-01-1", "--line", "BOLT:4"});
  const std::vector<std::string> period = {"report", "movements", "--from", "2020-01-01", "--to", "2099-12-31"};
  auto args = period;
  args.push_back("--json");
  auto rows = ok_json(args);
  ASSERT_EQ(rows.size(), 1u) << rows.dump();
  EXPECT_EQ(rows[0]["sku"], "BOLT");
  EXPECT_EQ(rows[0]["in"]["receipt"]["qty"], 10);
  EXPECT_EQ(rows[0]["out"]["issue"]["qty"], 4);
  EXPECT_EQ(rows[0]["closing"]["qty"], 6);
  EXPECT_EQ(rows[0]["closing"]["value"], 18000);
  std::string table = ok(period);
  EXPECT_NE(table.find("closing value: 1.8000 CNY"), std::string::npos) << table;

  args = period;
  args.insert(args.end(), {"--csv", (dir_ / "m.csv").string()});
  ok(args);
  const std::string csv = slurp(dir_ / "m.csv");
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF商品编码,商品名称,单位,期初数量", 0), 0u) << csv;
  args = period;
  args.insert(args.end(), {"--xlsx", (dir_ / "m.xlsx").string(), "--lang", "en"});
  ok(args);
  EXPECT_EQ(slurp(dir_ / "m.xlsx").rfind("PK\x03\x04", 0), 0u);  // a zip, as an .xlsx is

  // Before anything moved there was nothing; at the end of the last day, what there is now.
  EXPECT_TRUE(ok_json({"report", "value", "--as-of", "2020-01-01", "--json"}).empty());
  auto later = ok_json({"report", "value", "--as-of", "2099-12-31", "--json"});
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0]["value"], 18000);
  EXPECT_NE(ok({"report", "value", "--by", "location"}).find("A-01-1"), std::string::npos);

  Outcome bad = run({"report", "movements", "--from", "2020-13-01", "--to", "2099-12-31"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--from '2020-13-01' is not a date"), std::string::npos) << bad.err;
  Outcome both = run({"report", "value", "--csv", "a.csv", "--xlsx", "a.xlsx"});
  EXPECT_EQ(both.code, 1);
}

TEST_F(Cli, ReportsTurnoverAndAgeing) {
  import_master_data();
  ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:10@0.30"});
  ok({"post", "issue", "--from", "A-01-1", "--line", "BOLT:4"});
  auto turnover = ok_json({"report", "turnover", "--from", "2020-01-01", "--to", "2099-12-31", "--json"});
  ASSERT_EQ(turnover.size(), 1u) << turnover.dump();
  EXPECT_EQ(turnover[0]["issued"]["value"], 12000);
  EXPECT_EQ(turnover[0]["closing"]["value"], 18000);
  EXPECT_TRUE(turnover[0]["days_of_cover"].is_null());  // sold long before the window's end
  const std::string table = ok({"report", "turnover", "--from", "2020-01-01", "--to", "2099-12-31"});
  EXPECT_NE(table.find("cost of goods issued 1.2000"), std::string::npos) << table;

  auto aged = ok_json({"report", "ageing", "--buckets", "7,30", "--json"});
  ASSERT_EQ(aged.size(), 1u) << aged.dump();
  EXPECT_EQ(aged[0]["on_hand"]["qty"], 6);
  ASSERT_EQ(aged[0]["buckets"].size(), 3u);  // 0–7, 8–30, >30: the bounds asked for, not the defaults
  EXPECT_EQ(aged[0]["buckets"][0]["qty"], 6);  // arrived today
  EXPECT_EQ(aged[0]["idle"], false);
  EXPECT_TRUE(ok_json({"report", "ageing", "--idle-only", "--json"}).empty());
  EXPECT_EQ(ok_json({"report", "ageing", "--as-of", "2099-12-31", "--idle-only", "--json"}).size(), 1u);
  ok({"report", "ageing", "--csv", (dir_ / "a.csv").string()});
  const std::string csv = slurp(dir_ / "a.csv");
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF商品编码,商品名称,单位,结存数量,结存金额,0–30天 数量", 0), 0u) << csv;
  auto classes = ok_json({"report", "abc", "--from", "2020-01-01", "--to", "2099-12-31", "--json"});
  ASSERT_EQ(classes.size(), 1u) << classes.dump();
  EXPECT_EQ(classes[0]["class"], "AZ");  // all the value issued, in one week of thousands
  EXPECT_NE(ok({"report", "abc", "--from", "2020-01-01", "--to", "2099-12-31"}).find("AZ"), std::string::npos);
  Outcome short_period = run({"report", "abc", "--from", "2020-01-01", "--to", "2020-01-05"});
  EXPECT_EQ(short_period.code, 2);
  EXPECT_NE(short_period.err.find("two weeks"), std::string::npos) << short_period.err;
  Outcome bad = run({"report", "ageing", "--buckets", "30,7"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("bucket bounds"), std::string::npos) << bad.err;
}

TEST_F(Cli, ReportsCountAccuracy) {
  import_master_data();
  ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:10@0.30"});
  json cnt = ok_json({"count", "open", "--location", "A", "--by", "manager", "--tolerance", "1"});
  const std::string number = cnt["number"];
  ok({"count", "enter", number, "--location", "A-01-1", "--counter", "clerk", "--line", "BOLT:9"});
  ok({"count", "enter", number, "--location", "A-01-2", "--counter", "clerk", "--empty"});
  ok({"count", "approve", number});
  const std::vector<std::string> period = {"report", "accuracy", "--from", "2020-01-01", "--to", "2099-12-31"};
  auto args = period;
  args.push_back("--json");
  json a = ok_json(args);
  ASSERT_EQ(a["rows"].size(), 1u) << a.dump();
  EXPECT_EQ(a["rows"][0]["key"], number);
  EXPECT_EQ(a["rows"][0]["counters"], json({"clerk"}));
  EXPECT_EQ(a["totals"]["bins"], 2);
  EXPECT_EQ(a["totals"]["lines"], 1);
  EXPECT_EQ(a["totals"]["exact"], 0);
  EXPECT_EQ(a["totals"]["within_tolerance"], 1);
  EXPECT_EQ(a["totals"]["loss_value"], 3000);  // one bolt at 0.30
  args = period;
  args.insert(args.end(), {"--by", "zone"});
  const std::string table = ok(args);
  EXPECT_NE(table.find("ACCURACY %"), std::string::npos) << table;
  EXPECT_NE(table.find("0.0"), std::string::npos) << table;
  args = period;
  args.insert(args.end(), {"--by", "counter", "--csv", (dir_ / "c.csv").string(), "--lang", "en"});
  ok(args);
  const std::string csv = slurp(dir_ / "c.csv");
  EXPECT_NE(csv.find("\r\nclerk,1,2,1,0,0.0,1,100.0,0.0000,0.3000,-0.3000\r\n"), std::string::npos) << csv;
  args = period;
  args.insert(args.end(), {"--by", "bin"});
  Outcome bad = run(args);
  EXPECT_EQ(bad.code, 1);  // a usage error
  EXPECT_NE(bad.err.find("count, month, zone or counter"), std::string::npos) << bad.err;
}

TEST_F(Cli, ReportsDevicePerformance) {
  import_master_data();
  // Rows as the gateway's portal and scanners record them (2026-01-01 00:00 UTC).
  const std::string rows =
      "INSERT INTO device_passes(door, closed_at, direction, outcome, missing, unexpected, ambiguous, other, document)"
      " VALUES('DOOR-1', 1767225600000, 'inbound', 'posted', 0, 0, 0, 0, 'GR-1'),"
      " ('DOOR-1', 1767225600000, 'inbound', 'held', 1, 0, 1, 0, 'GR-2');"
      "INSERT INTO scan_tallies(scanner, quarter, reason, n)"
      " VALUES('hand-1', 1767225600000, '', 5), ('hand-1', 1767225600000, 'bad_gs1', 2);";
  const std::string write = "/usr/bin/python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                            "c.executescript(sys.argv[2]); c.commit()' " + store_ + " \"" + rows + "\"";
  ASSERT_EQ(std::system(write.c_str()), 0);
  const std::vector<std::string> period = {"report", "devices", "--from", "2020-01-01", "--to", "2099-12-31"};
  auto args = period;
  args.push_back("--json");
  auto doors = ok_json(args);
  ASSERT_EQ(doors.size(), 1u) << doors.dump();
  EXPECT_EQ(doors[0]["door"], "DOOR-1");
  EXPECT_EQ(doors[0]["passes"], 2);
  EXPECT_EQ(doors[0]["held"], 1);
  EXPECT_EQ(doors[0]["missing"], 1);
  EXPECT_EQ(doors[0]["ambiguous"], 1);
  EXPECT_EQ(doors[0]["held_share"], 0.5);
  args.insert(args.end(), {"--kind", "scanners"});
  auto scanners = ok_json(args);
  ASSERT_EQ(scanners.size(), 1u) << scanners.dump();
  EXPECT_EQ(scanners[0]["scans"], 7);
  EXPECT_EQ(scanners[0]["rejected_by_reason"]["bad_gs1"], 2);
  EXPECT_NE(ok(period).find("DOOR-1"), std::string::npos);
  args = period;
  args.insert(args.end(), {"--kind", "scanners", "--csv", (dir_ / "d.csv").string()});
  ok(args);
  const std::string csv = slurp(dir_ / "d.csv");
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF扫描枪,扫描次数,接受,拒绝,拒绝占比（%）,未知条码,GS1 条码无效", 0), 0u) << csv;
  EXPECT_NE(csv.find("\r\nhand-1,7,5,2,28.57,0,2,"), std::string::npos) << csv;
  args = period;
  args.insert(args.end(), {"--kind", "shelves", "--json"});
  EXPECT_TRUE(ok_json(args).empty());
  EXPECT_EQ(run({"report", "devices", "--from", "2020-01-01", "--to", "2099-12-31", "--kind", "readers"}).code, 1);
  Outcome bad = run({"report", "devices", "--from", "2020-01-01", "--to", "2019-12-31"});
  EXPECT_NE(bad.code, 0);
}

}  // namespace
