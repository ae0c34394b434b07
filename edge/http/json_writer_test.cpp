// The JSON writer of the hottest answers, read back by the JSON library:
// nesting and commas, every escape JSON requires, ill-formed UTF-8 replaced.
#include "edge/http/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace jxc::http {
namespace {

using nlohmann::json;

TEST(JsonWriter, NestedObjectsAndArraysReadBackAsWritten) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("a").value(std::int64_t{-9'007'199'254'740'993}).key("b").begin_array();
  w.value(true).value(false).null().raw("2.5").begin_object().end_object().begin_array().end_array();
  w.end_array().key("c").begin_object().key("d").value("e").end_object().key("f").begin_array().end_array();
  w.end_object();
  EXPECT_EQ(out, R"({"a":-9007199254740993,"b":[true,false,null,2.5,{},[]],"c":{"d":"e"},"f":[]})");
  json back = json::parse(out);
  EXPECT_EQ(back["a"].get<std::int64_t>(), -9'007'199'254'740'993);
  EXPECT_EQ(back["c"]["d"], "e");
}

TEST(JsonWriter, StringsCarryEveryEscapeAndKeepChineseText) {
  std::string nasty = "quote\" back\\slash\nline\rret\ttab\bbs\ffeed";
  nasty += '\0';
  nasty += "\x01\x1f\x7f 龙井茶 250g";
  std::string out;
  JsonWriter(out).begin_object().key("k\"ey").value(nasty).end_object();
  json back = json::parse(out);
  EXPECT_EQ(back["k\"ey"].get<std::string>(), nasty);
  EXPECT_NE(out.find("\\u0000"), std::string::npos);
  EXPECT_NE(out.find("\\u001f"), std::string::npos);
  EXPECT_NE(out.find("龙井茶"), std::string::npos) << "UTF-8 text is written as it is";
}

TEST(JsonWriter, IllFormedUtf8BecomesTheReplacementCharacter) {
  std::string out;
  JsonWriter(out).begin_array().value(std::string("ok\xC3(\xFF!")).end_array();
  json back = json::parse(out);  // strict: throws on ill-formed UTF-8
  EXPECT_EQ(back[0].get<std::string>(), "ok\xEF\xBF\xBD(\xEF\xBF\xBD!");
}

}  // namespace
}  // namespace jxc::http
