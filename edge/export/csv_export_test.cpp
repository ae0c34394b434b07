#include "edge/export/csv_export.h"

#include <gtest/gtest.h>

#include <string>

namespace jxc::exporting {
namespace {

const std::string kBom = "\xEF\xBB\xBF";
const std::string kFffd = "\xEF\xBF\xBD";

Table stock_summary() {
  Table t;
  t.title = "收发存汇总";
  t.columns = {{"物料编码"}, {"名称, 规格"}, {"数量"}, {"金额"}};
  t.rows = {
      {std::string("A-1"), std::string("螺丝 \"不锈钢\""), Decimal{12345, 2}, Decimal{-5, 1}},
      {std::string("B-2"), std::string("第一行\r\n第二行"), Decimal{0, 3}, Decimal{1, 4}},
      {std::string("C-3"), std::monostate{}, std::int64_t{-3}, Decimal{150, 2}},
  };
  return t;
}

TEST(CsvExport, WritesBomHeadingRowCrlfAndRfc4180Quoting) {
  EXPECT_EQ(to_csv(stock_summary()),
            kBom +
                "物料编码,\"名称, 规格\",数量,金额\r\n"
                "A-1,\"螺丝 \"\"不锈钢\"\"\",123.45,-0.5\r\n"
                "B-2,\"第一行\r\n第二行\",0.000,0.0001\r\n"
                "C-3,,-3,1.50\r\n");
}

// OWASP's CSV injection advice: text a spreadsheet would take for a formula
// gets a ' before it; negative numbers are numbers and stay as they are.
TEST(CsvExport, TextThatWouldRunAsAFormulaIsPrefixedWithAQuote) {
  Table t;
  t.columns = {{"a"}, {"b"}, {"c"}, {"d"}, {"e"}, {"f"}, {"g"}};
  t.rows = {{std::string("=HYPERLINK(\"http://x\",\"y\")"), std::string("+1"), std::string("-2"),
             std::string("@SUM(A1)"), std::string("\tx"), std::string("\rz"), std::string("a=b")},
            {std::int64_t{-2}, Decimal{-25, 1}, std::string("'=x"), std::string(" =x"), std::monostate{},
             std::string("—"), std::string("")}};
  EXPECT_EQ(to_csv(t), kBom +
                           "a,b,c,d,e,f,g\r\n"
                           "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1,'-2,'@SUM(A1),'\tx,\"'\rz\",a=b\r\n"
                           "-2,-2.5,'=x, =x,,—,\r\n");
}

TEST(CsvExport, HeadingsAreGuardedToo) {
  Table t;
  t.columns = {{"-变动"}, {"=1+1"}};
  EXPECT_EQ(to_csv(t), kBom + "'-变动,'=1+1\r\n");
}

// Each maximal ill-formed part becomes one U+FFFD (edge/common/text.h).
TEST(CsvExport, InvalidUtf8BecomesReplacementCharacters) {
  Table t;
  t.columns = {{"名\xFF称"}};
  t.rows = {{std::string("ok\xC3")}, {std::string("\xE4\xB8")}, {std::string("\xED\xA0\x80x")}};
  EXPECT_EQ(to_csv(t), kBom + "名" + kFffd + "称\r\n" + "ok" + kFffd + "\r\n" + kFffd + "\r\n" + kFffd + kFffd +
                           kFffd + "x\r\n");
}

TEST(CsvExport, EveryLineHasAsManyFieldsAsTheHeading) {
  Table t;
  t.columns = {{"a"}, {"b"}, {"c"}};
  t.rows = {{std::string("x")}, {}, {std::string("1"), std::string("2"), std::string("3"), std::string("extra")}};
  EXPECT_EQ(to_csv(t), kBom + "a,b,c\r\nx,,\r\n,,\r\n1,2,3,extra\r\n");
}

// An empty line is skipped by many readers, edge/app/csv.h among them, and
// the row would be lost.
TEST(CsvExport, ARowOfOneEmptyFieldIsNotAnEmptyLine) {
  Table t;
  t.columns = {{"备注"}};
  t.rows = {{std::string("")}, {std::monostate{}}, {}};
  EXPECT_EQ(to_csv(t), kBom + "备注\r\n\"\"\r\n\"\"\r\n\"\"\r\n");
}

TEST(CsvExport, ATableWithoutRowsIsItsHeading) {
  Table t;
  t.columns = {{"SKU"}, {"Qty"}};
  EXPECT_EQ(to_csv(t), kBom + "SKU,Qty\r\n");
}

}  // namespace
}  // namespace jxc::exporting
