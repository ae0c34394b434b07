#pragma once
// JSON written straight into a string, for the answers asked most often (a
// stock lookup): no tree of nodes to build and free per request. Everything
// else builds nlohmann::json, which is easier to read. Strings are written as
// well-formed UTF-8 (ill-formed bytes become U+FFFD, as the JSON library's
// replacing serialiser does) with the escapes JSON requires.
//
// Usage: keys and values alternate inside objects; commas are the writer's.
//   JsonWriter w(out);
//   w.begin_object().key("sku").value(sku).key("qty").value(qty).end_object();

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jxc::http {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// An object's key; `k` is written escaped like any string.
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  /// A JSON number or literal already formatted (e.g. "2.5").
  JsonWriter& raw(std::string_view json);

 private:
  void separate();
  std::string& out_;
  // Per open object or array: whether nothing has been written in it yet.
  std::vector<bool> first_;
  bool after_key_ = false;
};

/// `s` as a JSON string, quotes included, appended to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace jxc::http
