#include "edge/common/json_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace jxc {
namespace {

TEST(JsonWriter, NestsObjectsAndArraysWithCommasInTheRightPlaces) {
  JsonWriter w;
  w.begin_object()
      .member("a", 1)
      .member("b", "x")
      .key("c").begin_array().value(true).begin_object().member("d", std::int64_t{-5}).end_object().end_array()
      .key("e").begin_object().end_object()
      .key("f").begin_array().end_array()
      .end_object();
  EXPECT_EQ(w.str(), R"({"a":1,"b":"x","c":[true,{"d":-5}],"e":{},"f":[]})");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharactersAndKeepsUtf8) {
  JsonWriter w;
  w.begin_array().value("q\"b\\n\n\x01\x1f 仓库").end_array();
  EXPECT_EQ(w.str(), "[\"q\\\"b\\\\n\\n\\u0001\\u001f 仓库\"]");
}

// An empty view may carry no data pointer at all; under UBSan a copy from it
// (even of no bytes) stops the test.
TEST(JsonWriter, EmptyViewsWithoutDataAreEmptyStrings) {
  JsonWriter w;
  const std::string_view none;
  ASSERT_EQ(none.data(), nullptr);
  w.begin_object().member("a", none).key(none).value(none).end_object();
  EXPECT_EQ(w.str(), R"({"a":"","":""})");
}

// Plain text is copied in runs between escapes: escapes at either end, side
// by side, alone, and no escape at all must come out the same as one by one.
TEST(JsonWriter, EscapesAtTheEdgesOfPlainRuns) {
  JsonWriter w;
  w.begin_array().value("\"").value("\"ab\"").value("\t\r\b\f").value("").value("plain 文本").end_array();
  EXPECT_EQ(w.str(), R"(["\"","\"ab\"","\t\r\b\f","","plain 文本"])");
  JsonWriter n;
  n.begin_object().member("min", std::int64_t{-9223372036854775807 - 1}).member("zero", 0).end_object();
  EXPECT_EQ(n.str(), R"({"min":-9223372036854775808,"zero":0})");
}

// Byte by byte, the way RFC 8259 reads: what the word-at-a-time scan must
// agree with.
std::string escaped_one_by_one(std::string_view s) {
  std::string out = "[\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"]";
}

// Every byte value at every offset of strings around the scan's eight-byte
// words, on plain ASCII and on UTF-8 (bytes >= 0x80) backgrounds: a byte the
// word test let through unescaped, or a word wrongly taken as plain, shows.
TEST(JsonWriter, EveryByteAtEveryOffsetIsEscapedAsOneByOneWould) {
  for (char background : {'a', static_cast<char>(0xe4), '\x7f', ' '}) {
    for (std::size_t len : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 24u}) {
      for (std::size_t at = 0; at < len; ++at) {
        for (int b = 0; b < 256; ++b) {
          std::string s(len, background);
          s[at] = static_cast<char>(b);
          JsonWriter w;
          w.begin_array().value(s).end_array();
          ASSERT_EQ(w.str(), escaped_one_by_one(s)) << "byte " << b << " at " << at << " of " << len;
        }
      }
    }
  }
  // Two escapes in one word, and escapes in consecutive words.
  std::string s = "ab\"cd\\efgh\n\x01ijklmnop\"";
  JsonWriter w;
  w.begin_array().value(s).end_array();
  EXPECT_EQ(w.str(), escaped_one_by_one(s));
}

}  // namespace
}  // namespace jxc
