#include "edge/app/csv.h"

#include <gtest/gtest.h>

namespace jxc::app::csv {
namespace {

const Columns kItemColumns{{"sku", "name"}, {"uom", "gtins", "unit_cost"}};

std::vector<std::string> fields(const Record& r) { return r.fields; }

TEST(CsvSplit, PlainRecordsWithLfAndCrlf) {
  std::vector<Error> errors;
  auto recs = split("a,b,c\r\n1,2,3\n4,5,6", &errors);
  ASSERT_TRUE(errors.empty());
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(fields(recs[0]), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(fields(recs[2]), (std::vector<std::string>{"4", "5", "6"}));
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(recs[2].line, 3u);
}

TEST(CsvSplit, QuotedFieldsKeepCommasQuotesAndLineBreaks) {
  std::vector<Error> errors;
  auto recs = split("sku,name\r\nA-1,\"Bolt, M8 \"\"hex\"\"\"\r\nA-2,\"two\r\nlines\"\r\nA-3,x\r\n",
                    &errors);
  ASSERT_TRUE(errors.empty()) << to_string(errors.front());
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[1].fields[1], "Bolt, M8 \"hex\"");
  EXPECT_EQ(recs[2].fields[1], "two\r\nlines");
  // The record after a two-line field starts on line 5, as an editor shows it.
  EXPECT_EQ(recs[3].line, 5u);
}

TEST(CsvSplit, EmptyFieldsAndTrailingComma) {
  auto recs = split("a,,c,\n\"\",b\n", nullptr);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(fields(recs[0]), (std::vector<std::string>{"a", "", "c", ""}));
  EXPECT_EQ(fields(recs[1]), (std::vector<std::string>{"", "b"}));
}

TEST(CsvSplit, ByteOrderMarkIsDroppedAndBlankLinesSkipped) {
  auto recs = split("\xEF\xBB\xBFsku\n\nA\r\n\r\nB\n", nullptr);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].fields[0], "sku");
  EXPECT_EQ(recs[1].line, 3u);
  EXPECT_EQ(recs[2].line, 5u);
}

TEST(CsvSplit, UnterminatedQuoteIsAnErrorOnTheLineItOpens) {
  std::vector<Error> errors;
  auto recs = split("a,b\n1,\"never closed\n2,3\n", &errors);
  ASSERT_EQ(recs.size(), 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2u);
  EXPECT_NE(errors[0].reason.find("unterminated"), std::string::npos);
}

TEST(CsvSplit, StrayQuotesAreErrorsAndParsingGoesOn) {
  std::vector<Error> errors;
  auto recs = split("a,b\n1,ab\"c\n\"x\"y,2\n3,4\n", &errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].line, 2u);
  EXPECT_NE(errors[0].reason.find("quote inside an unquoted"), std::string::npos);
  EXPECT_EQ(errors[1].line, 3u);
  EXPECT_NE(errors[1].reason.find("after its closing quote"), std::string::npos);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].line, 4u);
}

TEST(CsvSplit, NonUtf8RecordIsRefused) {
  std::vector<Error> errors;
  // "螺丝" in GBK, as a spreadsheet might save it.
  auto recs = split("sku,name\nA,\xC2\xDD\xCB\xBF\nB,\xE8\x9E\xBA\xE4\xB8\x9D\n", &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2u);
  EXPECT_NE(errors[0].reason.find("UTF-8"), std::string::npos);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].fields[1], "螺丝");
}

// Every kind of ill-formed UTF-8 in a name refuses its record, and only it.
TEST(CsvSplit, EveryIllFormedSequenceRefusesItsRecord) {
  for (const char* bad : {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\x80", "\xFF"}) {
    std::vector<Error> errors;
    auto recs = split(std::string("sku,name\nA,ok\nB,x") + bad + "y\nC,ok\n", &errors);
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].line, 3u);
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[2].fields[0], "C");
  }
}

TEST(CsvTable, ControlCharactersInAFieldRefuseTheRow) {
  auto t = Table::parse("sku,name\nA,\"Bolt\tM8\"\nB,\"\x1B[31mred\"\nC,\"two\nlines\"\nD,\"c1 \xC2\x9B\"\nE,ok\n",
                        kItemColumns);
  ASSERT_EQ(t.errors().size(), 3u);
  EXPECT_EQ(to_string(t.errors()[0]),
            "line 3: field 2 holds control character U+001B (names and codes are one line of text)");
  EXPECT_NE(to_string(t.errors()[1]).find("line 4: field 2 holds control character U+000A"), std::string::npos);
  EXPECT_NE(to_string(t.errors()[2]).find("line 6: field 2 holds control character U+009B"), std::string::npos);
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.get(t.rows()[0], "name"), "Bolt\tM8");  // tab is fine
  EXPECT_EQ(t.get(t.rows()[1], "sku"), "E");
}

TEST(CsvTable, ValuesLongerThanTheirColumnAllowsRefuseTheRowNamingTheLine) {
  const Columns columns{{"sku", "name"}, {"note"}, {"sku"}, {"name"}};
  const std::string code64(kMaxCodeChars, 'A'), name200(kMaxNameChars, 'n');
  std::string han;  // 200 characters of three bytes each: counted as characters, not bytes
  for (std::size_t i = 0; i < kMaxNameChars; ++i) han += "\xE8\x9E\xBA";
  const std::string text = "sku,name,note\n" + code64 + "," + name200 + ",ok\n" +   // line 2: at the limits
                           "B," + han + "," + std::string(kMaxFieldChars, 'x') + "\n" +  // line 3: at the limits
                           code64 + "X,short,\n" +                                   // line 4: code too long
                           "C," + name200 + "n,\n" +                                 // line 5: name too long
                           "D,\"" + std::string(100000, 'y') + "\",\n" +             // line 6: a huge name
                           "E,e," + std::string(kMaxFieldChars + 1, 'x') + "\n";     // line 7: any other column
  auto t = Table::parse(text, columns);
  ASSERT_EQ(t.errors().size(), 4u);
  EXPECT_EQ(to_string(t.errors()[0]), "line 4: column 'sku' holds 65 characters; at most 64 are allowed");
  EXPECT_EQ(to_string(t.errors()[1]), "line 5: column 'name' holds 201 characters; at most 200 are allowed");
  EXPECT_EQ(to_string(t.errors()[2]), "line 6: column 'name' holds 100000 characters; at most 200 are allowed");
  EXPECT_EQ(to_string(t.errors()[3]), "line 7: column 'note' holds 1025 characters; at most 1024 are allowed");
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.get(t.rows()[1], "name"), han);
}

TEST(CsvTable, ColumnsByNameInAnyOrderAndCase) {
  auto t = Table::parse(" Name ,SKU,unit_cost\n螺丝 M8, A-1 ,1.5\n", kItemColumns);
  ASSERT_TRUE(t.errors().empty()) << to_string(t.errors().front());
  ASSERT_EQ(t.rows().size(), 1u);
  EXPECT_EQ(t.get(t.rows()[0], "sku"), "A-1");
  EXPECT_EQ(t.get(t.rows()[0], "name"), "螺丝 M8");
  EXPECT_EQ(t.get(t.rows()[0], "unit_cost"), "1.5");
  EXPECT_FALSE(t.get(t.rows()[0], "gtins").has_value());
  EXPECT_FALSE(t.has("uom"));
  EXPECT_EQ(t.rows()[0].line, 2u);
}

TEST(CsvTable, WrongFieldCountIsReportedWithItsLine) {
  auto t = Table::parse("sku,name\nA,a\nB\nC,c,extra\nD,d\n", kItemColumns);
  ASSERT_EQ(t.errors().size(), 2u);
  EXPECT_EQ(to_string(t.errors()[0]), "line 3: has 1 fields, the header has 2");
  EXPECT_EQ(t.errors()[1].line, 4u);
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.rows()[1].line, 5u);
}

TEST(CsvTable, UnknownAndMissingColumnsAreHeaderErrors) {
  auto t = Table::parse("sku,nmae\nA,a\n", kItemColumns);
  ASSERT_EQ(t.errors().size(), 2u);
  EXPECT_EQ(t.errors()[0].line, 1u);
  EXPECT_NE(t.errors()[0].reason.find("unknown column 'nmae'"), std::string::npos);
  EXPECT_NE(t.errors()[1].reason.find("missing required column 'name'"), std::string::npos);
  // With a bad header no row can be trusted.
  EXPECT_TRUE(t.rows().empty());
}

TEST(CsvTable, DuplicateColumnIsAnError) {
  auto t = Table::parse("sku,name,sku\nA,a,B\n", kItemColumns);
  ASSERT_EQ(t.errors().size(), 1u);
  EXPECT_NE(t.errors()[0].reason.find("twice"), std::string::npos);
}

TEST(CsvTable, EmptyFileNeedsAHeader) {
  auto t = Table::parse("\xEF\xBB\xBF\r\n", kItemColumns);
  ASSERT_EQ(t.errors().size(), 1u);
  EXPECT_EQ(t.errors()[0].line, 0u);
  EXPECT_NE(t.errors()[0].reason.find("empty"), std::string::npos);
}

TEST(CsvTable, BadHeaderRecordStopsTheTable) {
  auto t = Table::parse("sku,\"name\nA,a\n", kItemColumns);
  EXPECT_TRUE(t.rows().empty());
  ASSERT_FALSE(t.errors().empty());
  EXPECT_EQ(t.errors()[0].line, 1u);
}

TEST(CsvTable, RowsOfBareCommasAreIgnored) {
  auto t = Table::parse("sku,name\nA,a\n,\n , \n", kItemColumns);
  EXPECT_TRUE(t.errors().empty());
  EXPECT_EQ(t.rows().size(), 1u);
}

TEST(CsvTable, HeaderOnlyHasNoRows) {
  auto t = Table::parse("sku,name\r\n", kItemColumns);
  EXPECT_TRUE(t.errors().empty());
  EXPECT_TRUE(t.rows().empty());
}

}  // namespace
}  // namespace jxc::app::csv

namespace jxc::app::csv {
namespace {

TEST(CsvTable, AliasesNameTheirColumnsInAnyLanguage) {
  const Columns columns{{"sku", "quantity"}, {"unit_cost"}, {}, {}, {{"item", "sku"}, {"数量", "quantity"},
                                                                   {"unit cost", "unit_cost"}}};
  auto t = Table::parse("Item, 数量 ,Unit Cost\nA-1,5,1.5\n", columns);
  ASSERT_TRUE(t.errors().empty()) << to_string(t.errors()[0]);
  ASSERT_EQ(t.rows().size(), 1u);
  EXPECT_EQ(t.get(t.rows()[0], "sku"), "A-1");
  EXPECT_EQ(t.get(t.rows()[0], "quantity"), "5");
  EXPECT_EQ(t.get(t.rows()[0], "unit_cost"), "1.5");
  // An alias and its column together are the same column twice.
  auto twice = Table::parse("item,sku,quantity\nA,A,1\n", columns);
  ASSERT_FALSE(twice.errors().empty());
  EXPECT_NE(to_string(twice.errors()[0]).find("'sku' appears twice"), std::string::npos);
}

}  // namespace
}  // namespace jxc::app::csv
