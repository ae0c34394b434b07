// Reports through the real server: the movement summary (收发存汇总) for a
// period in the site's days, paged and sorted, for managers only; stock value
// as of a past day; both downloaded as CSV (Excel's UTF-8 with a BOM) and as
// .xlsx read back by openpyxl, headed in Chinese unless English is asked for.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "edge/http/test_api.h"
#include "edge/inventory/device_records.h"
#include "edge/inventory/weight_records.h"

namespace jxc::http {
namespace {

using inventory::Role;
using nlohmann::json;
using testing::curl;
using testing::expect_problem;

constexpr TimeMs kDay = 86'400'000;

class ReportsApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    config_.site.timezone = "Asia/Shanghai";
    seed();
    // The clock starts at 2025-11-25 00:00 in Shanghai.
    receive("TEA-500", 10, "A-01");  // 12.5000 each (master data)
    clock_.advance(std::chrono::milliseconds(kDay));
    receive("TEA-500", 5, "A-02");
    receive("RICE-5", 4, "A-01");
    clock_.advance(std::chrono::milliseconds(kDay));
    inventory::DocumentRequest issue;
    issue.type = inventory::DocType::issue;
    issue.from = "A-01";
    issue.source = "test";
    issue.lines = {inventory::testing::line("TEA-500", 3)};
    ASSERT_TRUE(engine_->post(issue).is_ok());
    add_user("boss", Role::manager, "boss password");
    add_user("clerk", Role::operator_, "clerk password");
    start();
    boss_ = as(login("boss", "boss password"));
    clerk_ = as(login("clerk", "clerk password"));
  }
  testing::Reply get(const std::string& path, const std::vector<std::string>& who, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = who;
    args.insert(args.end(), extra.begin(), extra.end());
    return curl(url(path), args);
  }
  json summary(const std::string& query) {
    auto r = get("/api/v1/reports/stock-movements?" + query, boss_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  /// The workbook's cells as openpyxl (an independent reader) reads them.
  json read_xlsx(const std::string& body) {
    const std::string path = dir_.file("report.xlsx");
    std::ofstream(path, std::ios::binary) << body;
    const std::string script =
        "import json, openpyxl, sys\n"
        "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
        "print(json.dumps([[c.value for c in row] for row in ws.iter_rows()], ensure_ascii=False, default=str))\n";
    std::ofstream(dir_.file("read.py")) << script;
    FILE* p = ::popen(("/usr/bin/python3 " + dir_.file("read.py") + " " + path).c_str(), "r");
    EXPECT_NE(p, nullptr);
    if (p == nullptr) return {};
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << out;
    return json::parse(out, nullptr, false);
  }
  std::vector<std::string> boss_, clerk_;
};

TEST_F(ReportsApiTest, TheMovementSummaryOfAPeriod) {
  // The second and third days: TEA-500 opens with 10, gets 5, loses 3.
  auto s = summary("from=2025-11-26&to=2025-11-27");
  EXPECT_EQ(s["timezone"], "Asia/Shanghai");
  EXPECT_EQ(s["from"], "2025-11-26");
  EXPECT_EQ(s["kinds"], json({"issue", "receipt"}));
  ASSERT_EQ(s["rows"].size(), 2u) << s.dump();
  const json& tea = s["rows"][1];
  EXPECT_EQ(tea["sku"], "TEA-500");
  EXPECT_EQ(tea["name"], "Green tea 500g");
  EXPECT_EQ(tea["opening"], json({{"qty", 10}, {"value", 1250000}}));
  EXPECT_EQ(tea["in"], json({{"receipt", {{"qty", 5}, {"value", 625000}}}}));
  EXPECT_EQ(tea["out"], json({{"issue", {{"qty", 3}, {"value", 375000}}}}));
  EXPECT_EQ(tea["closing"], json({{"qty", 12}, {"value", 1500000}}));
  EXPECT_EQ(s["totals"]["closing_value"], 1500000 + 4 * 300000);
  // Only the first day: nothing opens, 10 come in.
  auto first = summary("from=2025-11-25&to=2025-11-25&sku=TEA-500");
  ASSERT_EQ(first["rows"].size(), 1u);
  EXPECT_EQ(first["rows"][0]["opening"]["qty"], 0);
  EXPECT_EQ(first["rows"][0]["closing"]["qty"], 10);
  // By location, sorted by closing value, largest first, a page of one.
  auto by_bin = summary("from=2025-11-25&to=2025-11-27&by=location&sort=-closing_value&limit=1&offset=0");
  EXPECT_EQ(by_bin["total_rows"], 3);
  ASSERT_EQ(by_bin["rows"].size(), 1u);
  EXPECT_EQ(by_bin["rows"][0]["place"], "A-01");
  EXPECT_EQ(by_bin["rows"][0]["sku"], "RICE-5");
  auto next = summary("from=2025-11-25&to=2025-11-27&by=location&sort=-closing_value&limit=1&offset=1");
  EXPECT_EQ(next["rows"][0]["sku"], "TEA-500");
}

TEST_F(ReportsApiTest, RefusesWhatItCannotAnswer) {
  expect_problem(get("/api/v1/reports/stock-movements?from=2025-11-25&to=2025-11-27", clerk_), 403, "forbidden");
  expect_problem(get("/api/v1/reports/stock-movements?from=2025-11-25&to=2025-11-27", {}), 401, "unauthenticated");
  expect_problem(get("/api/v1/reports/stock-movements?to=2025-11-27", boss_), 400, "invalid_parameter");
  expect_problem(get("/api/v1/reports/stock-movements?from=2025-02-30&to=2025-11-27", boss_), 400, "invalid_parameter");
  expect_problem(get("/api/v1/reports/stock-movements?from=2025-11-27&to=2025-11-25", boss_), 400, "invalid_parameter");
  expect_problem(get("/api/v1/reports/stock-movements?from=2025-11-25&to=2025-11-27&sort=name", boss_), 400,
                 "invalid_parameter");
  expect_problem(get("/api/v1/reports/stock-movements?from=2025-11-25&to=2025-11-27&format=pdf", boss_), 400,
                 "invalid_parameter");
  expect_problem(get("/api/v1/reports/stock-movements?from=2025-11-25&to=2025-11-27&sku=NOPE", boss_), 404,
                 "unknown_item");
  expect_problem(get("/api/v1/stock/value?as_of=yesterday", clerk_), 400, "invalid_parameter");
}

TEST_F(ReportsApiTest, StockValueAsOfAPastDay) {
  auto now = get("/api/v1/stock/value", clerk_).json();
  auto today = get("/api/v1/stock/value?as_of=2025-11-27", clerk_).json();
  EXPECT_EQ(today["rows"], now["rows"]);
  EXPECT_EQ(today["as_of"], "2025-11-27");
  auto first = get("/api/v1/stock/value?as_of=2025-11-25&by=location", clerk_).json();
  ASSERT_EQ(first["rows"].size(), 1u) << first.dump();
  EXPECT_EQ(first["rows"][0]["place"], "A-01");
  EXPECT_EQ(first["rows"][0]["qty"], 10);
  EXPECT_EQ(first["total_value"], 1250000);
}

TEST_F(ReportsApiTest, DownloadsAsCsvForExcel) {
  auto zh = get("/api/v1/reports/stock-movements?from=2025-11-26&to=2025-11-27&format=csv", boss_);
  ASSERT_EQ(zh.status, 200) << zh.body;
  EXPECT_EQ(zh.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(zh.header("Content-Disposition"), "attachment; filename=\"stock-movements-2025-11-26-2025-11-27.csv\"");
  EXPECT_EQ(zh.body.rfind("\xEF\xBB\xBF商品编码,商品名称,单位,期初数量,期初金额,采购入库（入）数量", 0), 0u) << zh.body;
  EXPECT_NE(zh.body.find("\r\nTEA-500,Green tea 500g,EA,10,125.0000,5,62.5000,3,37.5000,5,62.5000,3,37.5000,12,150.0000\r\n"),
            std::string::npos)
      << zh.body;
  auto en = get("/api/v1/reports/stock-movements?from=2025-11-26&to=2025-11-27&format=csv&lang=en", boss_);
  EXPECT_EQ(en.body.rfind("\xEF\xBB\xBFSKU,Name,Unit,Opening qty", 0), 0u) << en.body;
  auto by_header = get("/api/v1/reports/stock-movements?from=2025-11-26&to=2025-11-27&format=csv", boss_,
                       {"-H", "Accept-Language: en-US,en;q=0.8"});
  EXPECT_EQ(by_header.body, en.body);
  auto value = get("/api/v1/stock/value?as_of=2025-11-25&format=csv", clerk_);
  EXPECT_EQ(value.body, "\xEF\xBB\xBF商品编码,商品名称,单位,数量,平均单价,金额\r\nTEA-500,Green tea 500g,EA,10,12.5000,125.0000\r\n");
}

TEST_F(ReportsApiTest, DownloadsAsXlsxThatOpenpyxlReads) {
  auto r = get("/api/v1/reports/stock-movements?from=2025-11-26&to=2025-11-27&format=xlsx&by=warehouse", boss_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const json cells = read_xlsx(r.body);
  ASSERT_EQ(cells.size(), 3u) << cells.dump();
  EXPECT_EQ(cells[0][0], "仓库");
  EXPECT_EQ(cells[0][1], "商品编码");
  EXPECT_EQ(cells[0].back(), "期末金额");
  const json& tea = cells[2][1] == "TEA-500" ? cells[2] : cells[1];
  EXPECT_EQ(tea[0], "W1");
  EXPECT_EQ(tea[2], "Green tea 500g");
  EXPECT_EQ(tea[4], 10);          // opening qty
  EXPECT_EQ(tea[5], 125);         // opening value
  EXPECT_EQ(tea.back(), 150);     // closing value
}

TEST_F(ReportsApiTest, TurnoverAndDaysOfCover) {
  // TEA-500 holds 10, 15 and 12 at 12.5000 at the three days' ends; 3 sold.
  auto r = get("/api/v1/reports/turnover?from=2025-11-25&to=2025-11-27&demand_days=3", boss_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json t = r.json();
  EXPECT_EQ(t["days"], 3);
  EXPECT_EQ(t["timezone"], "Asia/Shanghai");
  ASSERT_EQ(t["rows"].size(), 2u) << t.dump();
  const json& tea = t["rows"][1];
  EXPECT_EQ(tea["name"], "Green tea 500g");
  EXPECT_EQ(tea["average_value"], 1541667);  // (125 + 187.5 + 150) / 3
  EXPECT_EQ(tea["issued"], json({{"qty", 3}, {"value", 375000}}));
  EXPECT_DOUBLE_EQ(tea["turnover"].get<double>(), 375000.0 / 1541667);
  EXPECT_DOUBLE_EQ(tea["turnover_days"].get<double>(), 3 / (375000.0 / 1541667));
  EXPECT_DOUBLE_EQ(tea["days_of_cover"].get<double>(), 12.0);  // 12 held, 1 a day
  EXPECT_TRUE(t["rows"][0]["days_of_cover"].is_null());         // RICE-5: never sold
  EXPECT_EQ(t["totals"]["issued_value"], 375000);
  // Sorted by days of cover, the unsold last either way.
  auto sorted = get("/api/v1/reports/turnover?from=2025-11-25&to=2025-11-27&sort=-days_of_cover", boss_).json();
  EXPECT_EQ(sorted["rows"][0]["sku"], "TEA-500");
  auto csv = get("/api/v1/reports/turnover?from=2025-11-25&to=2025-11-27&demand_days=3&format=csv", boss_);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF商品编码,商品名称,单位,期初金额,期末数量,期末金额,平均库存金额,出库数量,出库成本,周转率（次）",
                           0),
            0u)
      << csv.body;
  EXPECT_NE(csv.body.find("\r\nTEA-500,Green tea 500g,EA,0.0000,12,150.0000,154.1667,3,37.5000,0.24,12.3,1.00,12.0\r\n"),
            std::string::npos)
      << csv.body;
  expect_problem(get("/api/v1/reports/turnover?from=2025-11-25&to=2025-11-27&sort=name", boss_), 400,
                 "invalid_parameter");
  expect_problem(get("/api/v1/reports/turnover?from=2025-11-25&to=2025-11-27", clerk_), 403, "forbidden");
}

TEST_F(ReportsApiTest, AgeingAndIdleStock) {
  // TEA-500: 12 held, the 5 of the second day (age 1) and 7 of the first
  // (age 2); RICE-5: 4 of the second day, never sold.
  auto r = get("/api/v1/reports/ageing?as_of=2025-11-27&buckets=1,30&idle_days=1", boss_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json a = r.json();
  EXPECT_EQ(a["buckets"], json::parse(R"([{"name":"0–1","from":0,"to":1},{"name":"2–30","from":2,"to":30},)"
                                      R"({"name":">30","from":31,"to":null}])"));
  ASSERT_EQ(a["rows"].size(), 2u) << a.dump();
  const json& tea = a["rows"][1];
  EXPECT_EQ(tea["on_hand"], json({{"qty", 12}, {"value", 1500000}}));
  EXPECT_EQ(tea["buckets"], json::parse(R"([{"qty":5,"value":625000},{"qty":7,"value":875000},{"qty":0,"value":0}])"));
  EXPECT_EQ(tea["oldest_arrival"], "2025-11-25");
  EXPECT_EQ(tea["last_issue"], "2025-11-27");
  EXPECT_EQ(tea["idle"], false);
  EXPECT_TRUE(a["rows"][0]["last_issue"].is_null());
  EXPECT_EQ(a["totals"]["idle_items"], 1);
  EXPECT_EQ(a["totals"]["bucket_values"], json({625000 + 4 * 300000, 875000, 0}));
  auto idle = get("/api/v1/reports/ageing?as_of=2025-11-27&idle_days=1&idle=true", boss_).json();
  ASSERT_EQ(idle["rows"].size(), 1u);
  EXPECT_EQ(idle["rows"][0]["sku"], "RICE-5");
  auto x = get("/api/v1/reports/ageing?as_of=2025-11-27&buckets=1,30&idle_days=1&format=xlsx&lang=en", boss_);
  ASSERT_EQ(x.status, 200) << x.body;
  EXPECT_EQ(x.header("Content-Disposition"), "attachment; filename=\"ageing-2025-11-27.xlsx\"");
  const json cells = read_xlsx(x.body);
  ASSERT_EQ(cells.size(), 3u) << cells.dump();
  EXPECT_EQ(cells[0][5], "0–1 days, qty");
  EXPECT_EQ(cells[2][0], "TEA-500");
  EXPECT_EQ(cells[2][4], 150);  // value
  EXPECT_EQ(cells[2][5], 5);
  EXPECT_EQ(cells[2][6], 62.5);
  EXPECT_EQ(cells[2][7], 7);
  EXPECT_EQ(cells[2][11], "2025-11-25");
  EXPECT_EQ(cells[2][13], "no");
  for (const char* bad : {"buckets=30,30", "buckets=a", "buckets=30,", "idle=maybe", "idle_days=0", "sort=name",
                          "as_of=2025-13-01"})
    expect_problem(get(std::string("/api/v1/reports/ageing?") + bad, boss_), 400, "invalid_parameter");
  expect_problem(get("/api/v1/reports/ageing?sku=NOPE", boss_), 404, "unknown_item");
}

TEST_F(ReportsApiTest, AbcXyzClasses) {
  // Two weeks from the first day: TEA-500 sold 3 in the first week (all the
  // value issued: A; one week of two: CV √2, Z), RICE-5 never (C, Z).
  auto r = get("/api/v1/reports/abc?from=2025-11-25&to=2025-12-08", boss_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json a = r.json();
  EXPECT_EQ(a["weeks"], 2);
  ASSERT_EQ(a["rows"].size(), 2u) << a.dump();
  EXPECT_EQ(a["rows"][0]["sku"], "TEA-500");
  EXPECT_EQ(a["rows"][0]["class"], "AZ");
  EXPECT_EQ(a["rows"][0]["weeks"], json({3, 0}));
  EXPECT_DOUBLE_EQ(a["rows"][0]["cv"].get<double>(), std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(a["rows"][0]["share"].get<double>(), 1.0);
  EXPECT_EQ(a["rows"][1]["class"], "CZ");
  EXPECT_TRUE(a["rows"][1]["cv"].is_null());
  EXPECT_EQ(a["totals"]["classes"]["A"], json({{"items", 1}, {"value", 375000}}));
  EXPECT_EQ(a["totals"]["pairs"]["CZ"], 1);
  auto c = get("/api/v1/reports/abc?from=2025-11-25&to=2025-12-08&class=C", boss_).json();
  ASSERT_EQ(c["rows"].size(), 1u);
  EXPECT_EQ(c["rows"][0]["sku"], "RICE-5");
  EXPECT_EQ(c["totals"]["classes"]["A"]["items"], 1);  // totals over every row
  auto csv = get("/api/v1/reports/abc?from=2025-11-25&to=2025-12-08&format=csv", boss_);
  EXPECT_NE(csv.body.find("\r\nTEA-500,Green tea 500g,EA,3,37.5000,100.00,100.00,A,1.41,Z,AZ\r\n"), std::string::npos)
      << csv.body;
  for (const char* bad : {"to=2025-12-07", "to=2025-12-08&class=AA", "to=2025-12-08&sort=name"})
    expect_problem(get(std::string("/api/v1/reports/abc?from=2025-11-25&") + bad, boss_), 400, "invalid_parameter");
}

TEST_F(ReportsApiTest, CountAccuracyPerCountZoneAndCounter) {
  // Zone A counted on 2025-11-27: A-01 by li (tea 6 of 7: 1 lost at 12.5000,
  // rice 4 of 4), A-02 by wang (tea 5 of 5), A-03 by wang (empty, no line).
  inventory::CountOpen open;
  open.locations = {"A"};
  open.opened_by = "boss";
  auto c = engine_->open_count(open);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  auto enter = [&](const std::string& bin, std::vector<inventory::DocLine> lines, const std::string& who) {
    inventory::CountEntry e;
    e.count = c->number;
    e.location = bin;
    e.counter = who;
    e.lines = std::move(lines);
    return engine_->record_count(e).status();
  };
  using inventory::testing::line;
  ASSERT_TRUE(enter("A-01", {line("TEA-500", 6), line("RICE-5", 4)}, "user:li").is_ok());
  ASSERT_TRUE(enter("A-02", {line("TEA-500", 5)}, "wang").is_ok());
  ASSERT_TRUE(enter("A-03", {}, "wang").is_ok());
  auto approved = engine_->approve_count(c->number, "boss", /*force=*/true);  // the loss not recounted
  ASSERT_TRUE(approved.is_ok()) << approved.status().to_string();

  const std::string period = "/api/v1/reports/count-accuracy?from=2025-11-27&to=2025-11-27";
  auto r = get(period, boss_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json a = r.json();
  ASSERT_EQ(a["rows"].size(), 1u) << a.dump();
  EXPECT_EQ(a["rows"][0]["key"], c->number);
  EXPECT_EQ(a["rows"][0]["counters"], json({"li", "wang"}));
  EXPECT_EQ(a["rows"][0]["approved_by"], "boss");
  EXPECT_EQ(a["rows"][0]["approved_at"], "2025-11-26T16:00:00.000Z");
  const json& f = a["rows"][0]["figures"];
  EXPECT_EQ(f["bins"], 3);
  EXPECT_EQ(f["lines"], 3);
  EXPECT_EQ(f["exact"], 2);
  EXPECT_DOUBLE_EQ(f["accuracy"].get<double>(), 2.0 / 3);
  EXPECT_EQ(f["loss_value"], 125000);
  EXPECT_EQ(f["net_value"], -125000);
  EXPECT_EQ(a["totals"], f);
  // The day before has no approved count.
  auto none = get("/api/v1/reports/count-accuracy?from=2025-11-26&to=2025-11-26", boss_).json();
  EXPECT_TRUE(none["rows"].empty());
  EXPECT_TRUE(none["totals"]["accuracy"].is_null());

  auto zones = get(period + "&by=zone", boss_).json();
  ASSERT_EQ(zones["rows"].size(), 1u);
  EXPECT_EQ(zones["rows"][0]["key"], "A");
  auto li = get(period + "&by=counter&counter=user:li", boss_).json();
  ASSERT_EQ(li["rows"].size(), 1u) << li.dump();
  EXPECT_EQ(li["rows"][0]["key"], "li");
  EXPECT_EQ(li["rows"][0]["figures"]["lines"], 2);
  EXPECT_EQ(li["rows"][0]["figures"]["exact"], 1);
  auto people = get(period + "&by=counter&sort=-accuracy", boss_).json();
  ASSERT_EQ(people["rows"].size(), 2u);
  EXPECT_EQ(people["rows"][0]["key"], "wang");  // 1 of 1 exact before li's 1 of 2

  auto csv = get(period + "&by=counter&format=csv&lang=en", boss_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("Counter,Counts,Bins,Lines,Exact lines,Accuracy (%),"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("\r\nli,1,1,2,1,50.0,1,50.0,0.0000,12.5000,-12.5000\r\n"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("\r\nTotal,1,3,3,2,66.7,2,66.7,0.0000,12.5000,-12.5000\r\n"), std::string::npos)
      << csv.body;
  auto x = get(period + "&format=xlsx", boss_);
  ASSERT_EQ(x.status, 200);
  const json cells = read_xlsx(x.body);
  ASSERT_EQ(cells.size(), 3u) << cells.dump();
  EXPECT_EQ(cells[0][0], "盘点单号");
  EXPECT_EQ(cells[1][0], c->number);
  EXPECT_EQ(cells[1][1], "2025-11-27 00:00 (UTC+08:00)");  // the site's time
  EXPECT_EQ(cells[1][3], "li, wang");
  EXPECT_EQ(cells[2][0], "合计");
  EXPECT_EQ(cells[2][7], 3);           // lines
  EXPECT_EQ(cells[2].back(), -12.5);  // net

  for (const char* bad : {"&by=bin", "&sort=sku", "&sort=name"})
    expect_problem(get(period + bad, boss_), 400, "invalid_parameter");
  expect_problem(get("/api/v1/reports/count-accuracy?from=2025-11-27&to=2025-11-26", boss_), 400, "invalid_parameter");
  EXPECT_EQ(get(period + "&location=NOPE", boss_).status, 404);
  EXPECT_EQ(get(period, clerk_).status, 403);
}

// Device performance: passes, scan tallies and a weighing discrepancy as the
// devices record them, read in the site's days.
TEST_F(ReportsApiTest, DevicePerformanceByDoorScannerAndShelf) {
  const TimeMs now = clock_.now_ms();  // 2025-11-27 00:00 in Shanghai
  constexpr TimeMs kHour = 3'600'000;
  auto written = engine_->run<bool>([&](inventory::Tx& tx) -> Result<bool> {
    using inventory::PassOutcome;
    const inventory::PassRecord passes[] = {
        {"door-1", now - kHour, "inbound", PassOutcome::posted, {}, "GR-1"},
        {"door-1", now - kHour, "inbound", PassOutcome::held, {true, false, true, false}, "GR-2"},
        {"door-1", now - kHour, "unknown", PassOutcome::none, {}, ""},
        {"door-2", now - 25 * kHour, "outbound", PassOutcome::held, {false, true, false, false}, "GI-1"}};
    for (const auto& p : passes) JXC_TRY(inventory::record_pass(tx, p));
    for (int i = 0; i < 3; ++i) JXC_TRY(inventory::tally_scan(tx, "dock-1", now - kHour, ""));
    JXC_TRY(inventory::tally_scan(tx, "dock-1", now - kHour, "unknown_barcode"));
    JXC_TRY(inventory::tally_scan(tx, "hand-2", now - 2 * kHour, "not_on_order"));
    JXC_TRY(inventory::tally_scan(tx, "hand-2", now - 25 * kHour, "not_on_order"));
    JXC_ASSIGN(auto item, tx.item("TEA-500"));
    JXC_ASSIGN(auto bin, tx.location("A-01"));
    JXC_TRY(inventory::insert_discrepancy(tx, "S1-1", item.id, bin.id, 10, 9).status());
    JXC_ASSIGN(auto gone, inventory::insert_discrepancy(tx, "S1-1", item.id, bin.id, 10, 8));
    JXC_TRY(inventory::resolve_discrepancy(tx, gone, "dismissed", "boss", 0));
    return true;
  });
  ASSERT_TRUE(written.is_ok()) << written.status().to_string();
  const std::string period = "/api/v1/reports/devices?from=2025-11-26&to=2025-11-27";
  auto doors = get(period, boss_);
  ASSERT_EQ(doors.status, 200) << doors.body;
  const json d = doors.json();
  EXPECT_EQ(d["kind"], "doors");
  EXPECT_EQ(d["hours"], 48);
  ASSERT_EQ(d["rows"].size(), 1u) << d.dump();
  EXPECT_EQ(d["rows"][0], json::parse(R"({"door":"door-1","passes":3,"per_hour":0.0625,"posted":1,"held":1,
      "held_share":0.3333333333333333,"held_by_reason":{"missing":1,"unexpected":0,"ambiguous":1,"other":0},
      "no_document":1})"));
  auto both = get("/api/v1/reports/devices?from=2025-11-25&to=2025-11-27&sort=-passes&limit=1&offset=1", boss_).json();
  EXPECT_EQ(both["total_rows"], 2);
  ASSERT_EQ(both["rows"].size(), 1u);
  EXPECT_EQ(both["rows"][0]["door"], "door-2");
  EXPECT_EQ(both["rows"][0]["held_by_reason"]["unexpected"], 1);

  const json sc = get(period + "&kind=scanners", boss_).json();
  ASSERT_EQ(sc["rows"].size(), 2u) << sc.dump();
  EXPECT_EQ(sc["rows"][0]["scanner"], "dock-1");
  EXPECT_EQ(sc["rows"][0]["scans"], 4);
  EXPECT_EQ(sc["rows"][0]["rejected"], 1);
  EXPECT_EQ(sc["rows"][0]["rejected_by_reason"]["unknown_barcode"], 1);
  EXPECT_EQ(sc["rows"][1]["rejected_by_reason"]["not_on_order"], 1);  // the one of the 25th is outside
  EXPECT_EQ(sc["totals"], json({{"scans", 5}, {"accepted", 3}, {"rejected", 2}}));

  const json sh = get(period + "&kind=shelves", boss_).json();
  ASSERT_EQ(sh["rows"].size(), 1u) << sh.dump();
  EXPECT_EQ(sh["rows"][0], json({{"slot", "S1-1"}, {"sku", "TEA-500"}, {"name", "Green tea 500g"}, {"bin", "A-01"},
                                 {"discrepancies", 2}, {"open", 1}, {"accepted", 0}, {"dismissed", 1}}));

  auto csv = get(period + "&format=csv", boss_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("Content-Disposition"), "attachment; filename=\"devices-doors-2025-11-26-2025-11-27.csv\"");
  EXPECT_EQ(csv.body, "\xEF\xBB\xBF门,通过次数,每小时通过,已过账,待审核,待审核占比（%）,缺少,意外,不确定,其他,未生成单据\r\n"
                      "door-1,3,0.06,1,1,33.33,1,0,1,0,1\r\n");
  const json cells = read_xlsx(get(period + "&kind=scanners&format=xlsx&lang=en", boss_).body);
  ASSERT_EQ(cells.size(), 3u) << cells.dump();
  EXPECT_EQ(cells[0][0], "Scanner");
  EXPECT_EQ(cells[0][5], "Unknown barcode");
  EXPECT_EQ(cells[1][0], "dock-1");
  EXPECT_EQ(cells[1][1], 4);
  EXPECT_EQ(cells[1][4], 25);  // percent rejected
  EXPECT_EQ(cells[1][5], 1);

  expect_problem(get(period, clerk_), 403, "forbidden");
  for (const char* bad : {"from=2025-11-27&to=2025-11-26", "from=2025-11-31&to=2025-12-01", "to=2025-11-27",
                          "from=2025-11-26&to=2025-11-27&kind=readers", "from=2025-11-26&to=2025-11-27&sort=name",
                          "from=2025-11-26&to=2025-11-27&kind=shelves&sort=passes"})
    expect_problem(get(std::string("/api/v1/reports/devices?") + bad, boss_), 400, "invalid_parameter");
}

}  // namespace
}  // namespace jxc::http
