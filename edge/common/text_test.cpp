#include "edge/common/text.h"

#include <gtest/gtest.h>

#include <string>

namespace jxc::text {
namespace {

// Expected text is written with '@' for U+FFFD (no input below holds '@').
std::string r(std::string_view with_marks) {
  std::string out;
  for (char c : with_marks) {
    if (c == '@') out += kReplacement;
    else out += c;
  }
  return out;
}

struct Case {
  const char* what;
  std::string in;
  std::string out;  // '@' marks U+FFFD
};

// Boundary code points of every sequence length and of the excluded ranges;
// each must come through unchanged.
const Case kWellFormed[] = {
    {"empty", "", ""},
    {"ASCII", "door-1 ok", "door-1 ok"},
    {"U+0000 (controls are encoding-valid)", std::string("a\0b", 3), std::string("a\0b", 3)},
    {"U+007F, last one-byte", "\x7F", "\x7F"},
    {"U+0080, first two-byte", "\xC2\x80", "\xC2\x80"},
    {"U+07FF, last two-byte", "\xDF\xBF", "\xDF\xBF"},
    {"U+0800, first three-byte", "\xE0\xA0\x80", "\xE0\xA0\x80"},
    {"U+D7FF, below the surrogates", "\xED\x9F\xBF", "\xED\x9F\xBF"},
    {"U+E000, above the surrogates", "\xEE\x80\x80", "\xEE\x80\x80"},
    {"U+FFFD itself", "\xEF\xBF\xBD", "\xEF\xBF\xBD"},
    {"U+FFFF, last three-byte", "\xEF\xBF\xBF", "\xEF\xBF\xBF"},
    {"U+10000, first four-byte", "\xF0\x90\x80\x80", "\xF0\x90\x80\x80"},
    {"U+10FFFF, the last code point", "\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"},
    {"Chinese text", "货架 3 读写器故障", "货架 3 读写器故障"},
};

// One U+FFFD per maximal ill-formed subpart (the counts Python's
// decode('utf-8', 'replace') gives for the same bytes).
const Case kIllFormed[] = {
    {"lone continuation byte 80", "\x80", "@"},
    {"lone continuation byte BF", "\xBF", "@"},
    {"two continuation bytes", "\x80\xBF", "@@"},
    {"overlong NUL C0 80", "\xC0\x80", "@@"},
    {"overlong C1 BF", "\xC1\xBF", "@@"},
    {"overlong three-byte E0 80 80", "\xE0\x80\x80", "@@@"},
    {"overlong three-byte E0 9F BF (U+07FF)", "\xE0\x9F\xBF", "@@@"},
    {"surrogate U+D800", "\xED\xA0\x80", "@@@"},
    {"surrogate U+DFFF", "\xED\xBF\xBF", "@@@"},
    {"overlong four-byte F0 80 80 80", "\xF0\x80\x80\x80", "@@@@"},
    {"overlong four-byte F0 8F BF BF (U+FFFF)", "\xF0\x8F\xBF\xBF", "@@@@"},
    {"U+110000, past the last code point", "\xF4\x90\x80\x80", "@@@@"},
    {"lead byte F5", "\xF5\x80\x80\x80", "@@@@"},
    {"five-byte form F8", "\xF8\x88\x80\x80\x80", "@@@@@"},
    {"byte FE", "\xFE", "@"},
    {"byte FF", "\xFF", "@"},
    {"two-byte cut short at the end", "ab\xC3", "ab@"},
    {"three-byte cut short at the end", "ab\xE2\x82", "ab@"},
    {"four-byte cut short at the end", "ab\xF0\x9F\x98", "ab@"},
    {"three-byte cut short by ASCII", "\xE2\x82" "A", "@A"},
    {"four-byte cut short by ASCII", "\xF0\x9F\x98" "A", "@A"},
    {"cut short by a new lead byte", "\xC3\xC3\xA9", "@\xC3\xA9"},
    {"bad second byte, good third", "\xE2(\xA1", "@(@"},
    // GBK for 螺丝: its last two bytes happen to be U+02FF in UTF-8.
    {"GBK bytes (a spreadsheet's CSV)", "\xC2\xDD\xCB\xBF", "@@\xCB\xBF"},
    {"Latin-1 e-acute between ASCII", "caf\xE9 ok", "caf@ ok"},
};

TEST(Text, WellFormedTextIsKeptAsItIs) {
  for (const Case& c : kWellFormed) {
    SCOPED_TRACE(c.what);
    EXPECT_TRUE(is_valid_utf8(c.in));
    EXPECT_EQ(to_valid_utf8(c.in), c.out);
  }
}

TEST(Text, EachMaximalIllFormedSubpartBecomesOneReplacementCharacter) {
  for (const Case& c : kIllFormed) {
    SCOPED_TRACE(c.what);
    EXPECT_FALSE(is_valid_utf8(c.in));
    const std::string out = to_valid_utf8(c.in);
    EXPECT_EQ(out, r(c.out));
    EXPECT_TRUE(is_valid_utf8(out));
  }
}

TEST(Text, EveryByteSequenceComesOutWellFormed) {
  // Every one- and two-byte input, and every byte after a three- or
  // four-byte lead with a good middle: whatever comes in, UTF-8 comes out.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string two{static_cast<char>(a), static_cast<char>(b)};
      ASSERT_TRUE(is_valid_utf8(to_valid_utf8(two))) << a << " " << b;
      ASSERT_TRUE(is_valid_utf8(to_clean_text(two))) << a << " " << b;
      const std::string four{static_cast<char>(a), '\x90', '\x80', static_cast<char>(b)};
      ASSERT_TRUE(is_valid_utf8(to_valid_utf8(four))) << a << " " << b;
    }
  }
}

TEST(Text, CleanTextReplacesControlsAndFoldsLineBreaks) {
  const Case cases[] = {
      {"plain", "reader error: R_DeviceError", "reader error: R_DeviceError"},
      {"tab stays", "a\tb", "a\tb"},
      {"LF becomes a space", "line 1\nline 2", "line 1 line 2"},
      {"CR LF becomes one space", "line 1\r\nline 2", "line 1 line 2"},
      {"lone CR becomes a space", "ok\rforged", "ok forged"},
      {"ESC of a terminal escape", "\x1B[2Jcleared", "@[2Jcleared"},
      {"NUL", std::string("a\0b", 3), "a@b"},
      {"BS", "abc\x08\x08x", "abc@@x"},
      {"U+001F, last C0", "\x1F", "@"},
      {"DEL", "\x7F", "@"},
      {"U+0080, first C1", "\xC2\x80", "@"},
      {"C1 CSI U+009B", "\xC2\x9B" "31m", "@31m"},
      {"U+009F, last C1", "\xC2\x9F", "@"},
      {"U+00A0, first after C1, stays", "\xC2\xA0", "\xC2\xA0"},
      {"space and tilde stay", " ~", " ~"},
      {"ill-formed and controls together", "\xFF\x1B\xE6\x9E\xB6", "@@\xE6\x9E\xB6"},
      {"Chinese text stays", "读写器\t故障", "读写器\t故障"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const std::string out = to_clean_text(c.in);
    EXPECT_EQ(out, r(c.out));
    EXPECT_TRUE(is_valid_utf8(out));
  }
  for (const Case& c : kIllFormed) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(to_clean_text(c.in), r(c.out));
  }
}

TEST(Text, ControlCharactersAreC0DelAndC1) {
  EXPECT_TRUE(is_control(0x00));
  EXPECT_TRUE(is_control(U'\t'));
  EXPECT_TRUE(is_control(0x1F));
  EXPECT_FALSE(is_control(0x20));
  EXPECT_FALSE(is_control(0x7E));
  EXPECT_TRUE(is_control(0x7F));
  EXPECT_TRUE(is_control(0x80));
  EXPECT_TRUE(is_control(0x9F));
  EXPECT_FALSE(is_control(0xA0));
  EXPECT_FALSE(is_control(0xFFFD));
}

TEST(Text, FindControlNamesTheFirstOneNotAllowed) {
  EXPECT_EQ(find_control("plain 文字"), std::nullopt);
  EXPECT_EQ(find_control("a\tb"), std::nullopt);
  EXPECT_EQ(find_control("a\nb"), U'\n');
  EXPECT_EQ(find_control("a\nb", "\t\r\n"), std::nullopt);
  EXPECT_EQ(find_control("a\r\nb\x1B", "\t\r\n"), char32_t{0x1B});
  EXPECT_EQ(find_control("a\tb", ""), U'\t');
  EXPECT_EQ(find_control("x\x7F"), char32_t{0x7F});
  EXPECT_EQ(find_control("x\xC2\x85y"), char32_t{0x85});
  EXPECT_EQ(find_control("\xC2\xA0\xC3\xA9"), std::nullopt);
  EXPECT_EQ(find_control("\xE4\xB8\x80\xC2\x9B"), char32_t{0x9B});
}

TEST(Text, DisplayWidthCountsWideCharactersAsTwoColumns) {
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("A-1"), 3u);
  EXPECT_EQ(display_width("螺丝M3"), 6u);
  EXPECT_EQ(display_width("\xEF\xBC\xA1"), 2u);      // U+FF21 FULLWIDTH A
  EXPECT_EQ(display_width("e\xCC\x81"), 1u);          // e and a combining acute
  EXPECT_EQ(display_width("\xF0\xA0\x80\x80"), 2u);  // U+20000, an ideograph outside the BMP
  EXPECT_EQ(display_width("a\xFF\xE4\xB8"), 3u);      // each ill-formed part shows as one U+FFFD
}

}  // namespace
}  // namespace jxc::text
