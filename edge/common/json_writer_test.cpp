#include "edge/common/json_writer.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace jxc
