#include "edge/export/excel_limits.h"

#include <gtest/gtest.h>

#include <string>

namespace jxc::exporting::excel {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";
const std::string kEmoji = "\xF0\x9F\x93\xA6";  // U+1F4E6 PACKAGE: two UTF-16 code units

TEST(ExcelSize, ASheetHoldsAMillionRowsUnderItsHeadingAndNoMore) {
  EXPECT_TRUE(check_size(0, 0).is_ok());
  EXPECT_TRUE(check_size(1'048'575, 16'384).is_ok());
  const Status rows = check_size(1'048'576, 3);
  EXPECT_EQ(rows.code(), Errc::invalid_argument);
  EXPECT_NE(rows.reason().find("1048576 rows"), std::string::npos) << rows.reason();
  EXPECT_NE(rows.reason().find("1048575"), std::string::npos) << rows.reason();
  EXPECT_EQ(rows.fact("rows"), "1048576");
  EXPECT_EQ(rows.fact("limit"), "1048575");
}

TEST(ExcelSize, ASheetHoldsSixteenThousandColumns) {
  const Status columns = check_size(10, 16'385);
  EXPECT_EQ(columns.code(), Errc::invalid_argument);
  EXPECT_EQ(columns.fact("columns"), "16385");
  EXPECT_EQ(columns.fact("limit"), "16384");
}

TEST(ExcelLength, CountsUtf16CodeUnitsAsExcelDoes) {
  EXPECT_EQ(length(""), 0u);
  EXPECT_EQ(length("abc"), 3u);
  EXPECT_EQ(length("收发存"), 3u);
  EXPECT_EQ(length("é"), 1u);
  EXPECT_EQ(length(kEmoji), 2u);
}

TEST(SheetName, ForbiddenCharactersBecomeUnderscores) {
  EXPECT_EQ(sheet_name("收发存汇总 2024/01"), "收发存汇总 2024_01");
  EXPECT_EQ(sheet_name("a[b]c:d*e?f/g\\h"), "a_b_c_d_e_f_g_h");
}

TEST(SheetName, IsCutTo31CharactersBetweenWholeCodePoints) {
  std::string forty;
  for (int i = 0; i < 40; ++i) forty += "库";
  std::string thirty_one;
  for (int i = 0; i < 31; ++i) thirty_one += "库";
  EXPECT_EQ(sheet_name(forty), thirty_one);
  // 30 characters and an emoji (two code units) are 32: the emoji is left out, not halved.
  std::string thirty(30, 'x');
  EXPECT_EQ(sheet_name(thirty + kEmoji), thirty);
  std::string twenty_nine(29, 'x');
  EXPECT_EQ(sheet_name(twenty_nine + kEmoji), twenty_nine + kEmoji);
}

TEST(SheetName, HasNoApostropheOrSpaceAtEitherEnd) {
  EXPECT_EQ(sheet_name("'库存' "), "库存");
  EXPECT_EQ(sheet_name(std::string(30, 'x') + " 'y"), std::string(30, 'x'));  // cut, then trimmed
  EXPECT_EQ(sheet_name("it's"), "it's");
}

TEST(SheetName, IsOneLineOfWellFormedText) {
  EXPECT_EQ(sheet_name("库存\r\n明细"), "库存 明细");
  EXPECT_EQ(sheet_name("a\tb"), "a b");
  EXPECT_EQ(sheet_name("bad\xFF"), "bad" + kFffd);
  EXPECT_EQ(sheet_name("\x1B[31mred"), kFffd + "_31mred");
}

TEST(SheetName, FallsBackForAnEmptyTitleAndAvoidsExcelsOwnHistory) {
  EXPECT_EQ(sheet_name(""), "Sheet1");
  EXPECT_EQ(sheet_name(" '' "), "Sheet1");
  EXPECT_EQ(sheet_name("History"), "History_");
  EXPECT_EQ(sheet_name("HISTORY"), "HISTORY_");
  EXPECT_EQ(sheet_name("History 2024"), "History 2024");
}

}  // namespace
}  // namespace jxc::exporting::excel
