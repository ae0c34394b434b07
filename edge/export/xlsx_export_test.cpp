#include "edge/export/xlsx_export.h"

#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp, setenv

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "edge/export/excel_limits.h"

namespace jxc::exporting {
namespace {

using nlohmann::json;

// The workbook as openpyxl, a reader written apart from libxlsxwriter, sees
// it: sheet names, frozen cell, column widths and every cell's value, type
// ("s" text, "n" number, "f" formula), number format and boldness. Text is
// decoded from _xHHHH_ as Excel decodes it (openpyxl 3.0 leaves that to its
// caller). Debian's python3 by path: python3-openpyxl is installed for it,
// not for another python3 that may come first on PATH.
constexpr const char* kReader = R"(/usr/bin/python3 -c '
import json, sys, openpyxl
from openpyxl.utils.escape import unescape
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
def cell(c):
    v = unescape(c.value) if isinstance(c.value, str) else c.value
    return {"v": v, "t": c.data_type, "fmt": c.number_format, "bold": bool(c.font.b)}
print(json.dumps({
    "sheets": wb.sheetnames,
    "freeze": ws.freeze_panes,
    "widths": {k: d.width for k, d in ws.column_dimensions.items()},
    "rows": [[cell(c) for c in row] for row in ws.iter_rows()],
}))
' )";

class XlsxExport : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "xlsx_export_test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    std::filesystem::create_directory(dir_ / "tmp");
    if (const char* old = std::getenv("TMPDIR")) old_tmpdir_ = old;
    // to_xlsx makes its private folder in here, so that a test can look for leftovers.
    ::setenv("TMPDIR", (dir_ / "tmp").c_str(), 1);
  }
  void TearDown() override {
    if (old_tmpdir_) ::setenv("TMPDIR", old_tmpdir_->c_str(), 1);
    else ::unsetenv("TMPDIR");
    std::filesystem::remove_all(dir_);
  }

  // Writes `table`, saves the bytes and reads them back with openpyxl.
  json read_back(const Table& table) {
    auto bytes = to_xlsx(table);
    EXPECT_TRUE(bytes) << bytes.status().to_string();
    if (!bytes) return {};
    const auto path = dir_ / "report.xlsx";
    std::ofstream(path, std::ios::binary) << *bytes;
    const std::string cmd = std::string(kReader) + path.string();
    FILE* p = ::popen(cmd.c_str(), "r");
    EXPECT_NE(p, nullptr);
    if (!p) return {};
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << cmd;
    return json::parse(out, nullptr, false);
  }

  std::filesystem::path dir_;
  std::optional<std::string> old_tmpdir_;
};

Table stock_summary() {
  Table t;
  t.title = "收发存汇总 2024/01";
  t.columns = {{"物料编码"}, {"名称"}, {"数量"}, {"金额", 0, 2}, {"笔数", 30}};
  t.rows = {
      {std::string("A-1"), std::string("螺丝 M3\n不锈钢"), Decimal{12345, 2}, Decimal{1234567, 4}, std::int64_t{7}},
      {std::string("=HYPERLINK(\"http://x\",\"y\")"), std::string("_x0041_ 与 a\x01z\t"), Decimal{-5, 1},
       Decimal{1, 4}, std::int64_t{-3}},
      {std::string("bad\xFF"), std::monostate{}, Decimal{0, 3}, Decimal{-123456789, 4}, std::int64_t{0}},
      {std::string("only")},
  };
  return t;
}

TEST_F(XlsxExport, AnIndependentReaderSeesTheSheetTheHeadingsAndEveryValue) {
  const json wb = read_back(stock_summary());
  ASSERT_TRUE(wb.is_object()) << wb;
  EXPECT_EQ(wb["sheets"], json::array({"收发存汇总 2024_01"}));
  const json& rows = wb["rows"];
  ASSERT_EQ(rows.size(), 5u) << rows;
  for (const auto& row : rows) ASSERT_EQ(row.size(), 5u) << row;

  const char* headings[] = {"物料编码", "名称", "数量", "金额", "笔数"};
  for (int c = 0; c < 5; ++c) {
    EXPECT_EQ(rows[0][c]["v"], headings[c]);
    EXPECT_EQ(rows[0][c]["t"], "s");
  }

  const auto text = [&](int r, int c, const std::string& want) {
    EXPECT_EQ(rows[r][c]["t"], "s") << "row " << r << " column " << c;
    EXPECT_EQ(rows[r][c]["v"], want) << "row " << r << " column " << c;
  };
  const auto number = [&](int r, int c, double want) {
    EXPECT_EQ(rows[r][c]["t"], "n") << "row " << r << " column " << c;
    EXPECT_EQ(rows[r][c]["v"].get<double>(), want) << "row " << r << " column " << c;
  };
  const auto empty = [&](int r, int c) { EXPECT_TRUE(rows[r][c]["v"].is_null()) << "row " << r << " column " << c; };

  text(1, 0, "A-1");
  text(1, 1, "螺丝 M3\n不锈钢");
  number(1, 2, 123.45);
  number(1, 3, 123.4567);  // shown with 2 decimals, kept whole
  number(1, 4, 7);
  text(2, 0, "=HYPERLINK(\"http://x\",\"y\")");  // text, not a formula ("f")
  text(2, 1, "_x0041_ 与 a\x01z\t");              // a literal _x0041_ is not read as "A"
  number(2, 2, -0.5);
  number(2, 3, 0.0001);
  number(2, 4, -3);
  text(3, 0, "bad\xEF\xBF\xBD");
  empty(3, 1);
  number(3, 2, 0);
  number(3, 3, -12345.6789);
  number(3, 4, 0);
  text(4, 0, "only");
  for (int c = 1; c < 5; ++c) empty(4, c);
}

TEST_F(XlsxExport, ADecimalIsShownWithItsColumnsDecimalsOrElseItsScale) {
  const json wb = read_back(stock_summary());
  ASSERT_TRUE(wb.is_object()) << wb;
  const json& rows = wb["rows"];
  EXPECT_EQ(rows[1][2]["fmt"], "#,##0.00");   // {12345, 2}
  EXPECT_EQ(rows[2][2]["fmt"], "#,##0.0");    // {-5, 1}
  EXPECT_EQ(rows[3][2]["fmt"], "#,##0.000");  // {0, 3}
  for (int r = 1; r <= 3; ++r) EXPECT_EQ(rows[r][3]["fmt"], "#,##0.00") << "money column, row " << r;
  EXPECT_EQ(rows[1][4]["fmt"], "General");  // whole numbers: no separators (a year, a count)
  EXPECT_EQ(rows[1][0]["fmt"], "General");
}

TEST_F(XlsxExport, TheHeadingRowIsBoldAndFrozen) {
  const json wb = read_back(stock_summary());
  ASSERT_TRUE(wb.is_object()) << wb;
  EXPECT_EQ(wb["freeze"], "A2");
  for (int c = 0; c < 5; ++c) EXPECT_TRUE(wb["rows"][0][c]["bold"].get<bool>()) << "column " << c;
  EXPECT_FALSE(wb["rows"][1][0]["bold"].get<bool>());
}

TEST_F(XlsxExport, AWidthHintIsTheColumnsWidthAndOtherwiseTheContentsGuideIt) {
  Table t = stock_summary();
  t.rows[0][1] = std::string("一个很长很长很长很长的物料名称");  // 15 wide characters: 30 columns
  const json wb = read_back(t);
  ASSERT_TRUE(wb.is_object()) << wb;
  const json& widths = wb["widths"];
  // libxlsxwriter rounds a width to whole pixels of a digit (7 px).
  EXPECT_NEAR(widths["E"].get<double>(), 30, 1) << widths;
  EXPECT_GE(widths["B"].get<double>(), 30) << widths;
  EXPECT_LT(widths["B"].get<double>(), 40) << widths;
}

TEST_F(XlsxExport, TextLongerThanACellHoldsIsRefusedNotCut) {
  Table t;
  t.columns = {{"备注"}};
  t.rows = {{std::string(excel::kMaxCellText, 'a')}};
  const json wb = read_back(t);
  ASSERT_TRUE(wb.is_object()) << wb;
  EXPECT_EQ(wb["rows"][1][0]["v"].get<std::string>().size(), excel::kMaxCellText);

  t.rows = {{std::string("ok")}, {std::string(excel::kMaxCellText + 1, 'a')}};
  auto refused = to_xlsx(t);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().code(), Errc::invalid_argument);
  EXPECT_EQ(refused.status().fact("row"), "2");
  EXPECT_EQ(refused.status().fact("column"), "1");
  EXPECT_EQ(refused.status().fact("chars"), "32768");

  // Excel counts UTF-16 code units: 16,384 emoji are 32,768 of them.
  std::string emoji;
  for (int i = 0; i < 16'384; ++i) emoji += "\xF0\x9F\x93\xA6";
  t.rows = {{emoji}};
  EXPECT_EQ(to_xlsx(t).status().fact("chars"), "32768");
}

// Checked before anything is written: a million empty rows cost
// milliseconds here, not a workbook.
TEST_F(XlsxExport, MoreRowsThanASheetHoldsIsRefusedWithAReason) {
  Table t;
  t.title = "收发存汇总";
  t.columns = {{"SKU"}};
  t.rows.resize(excel::kMaxRows);  // with the heading, one more than a sheet has
  auto refused = to_xlsx(t);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.status().code(), Errc::invalid_argument);
  EXPECT_EQ(refused.status().fact("rows"), "1048576");
  EXPECT_NE(refused.status().reason().find("CSV"), std::string::npos) << refused.status().reason();
  EXPECT_TRUE(std::filesystem::is_empty(dir_ / "tmp"));
}

TEST_F(XlsxExport, LeavesNothingBehindInTheTemporaryFolder) {
  ASSERT_TRUE(to_xlsx(stock_summary()));
  EXPECT_TRUE(std::filesystem::is_empty(dir_ / "tmp"));
}

TEST_F(XlsxExport, ATemporaryFolderThatCannotBeMadeIsAnIoError) {
  ::setenv("TMPDIR", (dir_ / "missing").c_str(), 1);
  auto failed = to_xlsx(stock_summary());
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.status().code(), Errc::io);
  EXPECT_NE(failed.status().reason().find((dir_ / "missing").string()), std::string::npos)
      << failed.status().reason();
}

TEST_F(XlsxExport, AnEmptyTableIsAnEmptySheet) {
  const json wb = read_back(Table{});
  ASSERT_TRUE(wb.is_object()) << wb;
  EXPECT_EQ(wb["sheets"], json::array({"Sheet1"}));
}

}  // namespace
}  // namespace jxc::exporting
