// Report tables as a reader sees them: headings in the chosen language, the
// document types present as columns in the ledger's order, names beside
// SKUs, exact quantities and amounts, and sums per side that add up.
#include "edge/reports/report_tables.h"

#include <gtest/gtest.h>

#include "edge/export/csv_export.h"

namespace jxc::reports {
namespace {

using exporting::Decimal;

std::vector<inventory::MovementSummaryRow> rows() {
  inventory::MovementSummaryRow r;
  r.place = "A-01";
  r.sku = "RICE-KG";
  r.name = "散装大米";
  r.uom = "kg";
  r.decimals = 3;
  r.opening = {1500, 90000};                          // 1.500 kg worth 9.0000
  r.in = {{inventory::DocType::transfer, {500, 30000}}, {inventory::DocType::receipt, {25000, 1500000}}};
  r.out = {{inventory::DocType::issue, {2000, 120000}}};
  r.closing = {25000, 1500000};
  return {r};
}

std::vector<std::string> headings(const exporting::Table& t) {
  std::vector<std::string> out;
  for (const auto& c : t.columns) out.push_back(c.heading);
  return out;
}

TEST(ReportTables, TheMovementSummaryInChinese) {
  auto t = movement_summary_table(rows(), inventory::ValueBy::location, "2026-11-01 – 2026-11-30", Language::zh_CN);
  EXPECT_EQ(t.title, "收发存汇总 2026-11-01 – 2026-11-30");
  EXPECT_EQ(headings(t), (std::vector<std::string>{
                             "库位", "商品编码", "商品名称", "单位", "期初数量", "期初金额", "采购入库（入）数量",
                             "采购入库（入）金额", "调拨（入）数量", "调拨（入）金额", "销售出库（出）数量",
                             "销售出库（出）金额", "本期收入数量", "本期收入金额", "本期发出数量", "本期发出金额",
                             "期末数量", "期末金额"}));
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(exporting::to_csv(t).substr(exporting::to_csv(t).find("\r\n") + 2),
            "A-01,RICE-KG,散装大米,kg,1.500,9.0000,25.000,150.0000,0.500,3.0000,2.000,12.0000,25.500,153.0000,"
            "2.000,12.0000,25.000,150.0000\r\n");
}

TEST(ReportTables, TheMovementSummaryInEnglishByItem) {
  auto t = movement_summary_table(rows(), inventory::ValueBy::item, "2026-11", Language::en);
  EXPECT_EQ(t.title, "Stock movement summary 2026-11");
  const auto h = headings(t);
  ASSERT_EQ(h.size(), 17u);
  EXPECT_EQ(h[0], "SKU");
  EXPECT_EQ(h[5], "Purchase receipt in, qty");
  EXPECT_EQ(h[9], "Sales issue out, qty");
  EXPECT_EQ(h.back(), "Closing value");
  // Money shows two decimals in a spreadsheet and keeps all four in the cell.
  EXPECT_EQ(t.columns.back().decimals, 2);
  EXPECT_EQ(std::get<Decimal>(t.rows[0].back()).units, 1500000);
  EXPECT_EQ(std::get<Decimal>(t.rows[0].back()).scale, 4);
}

TEST(ReportTables, StockValueNamesEveryItem) {
  std::vector<inventory::StockValueRow> v = {{"W1", "TEA-500", 12, 1500000, 0, 125000, "绿茶 500g", "EA"},
                                             {"W1", "GONE", 0, 0, 0, 0, "", ""}};
  auto t = stock_value_table(v, inventory::ValueBy::warehouse, "2026-11-30", Language::zh_CN);
  EXPECT_EQ(headings(t), (std::vector<std::string>{"仓库", "商品编码", "商品名称", "单位", "数量", "平均单价", "金额"}));
  const std::string csv = exporting::to_csv(t);
  EXPECT_NE(csv.find("W1,TEA-500,绿茶 500g,EA,12,12.5000,150.0000\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("W1,GONE,,,0,,0.0000\r\n"), std::string::npos) << csv;  // no unit cost without stock
}

}  // namespace
}  // namespace jxc::reports
