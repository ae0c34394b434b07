#include "edge/http/json_body.h"

#include "edge/common/text.h"

namespace jxc::http {

int json_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    else if (c == ']' || c == '}') --depth;
  }
  return deepest;
}

std::variant<nlohmann::json, Response> json_object_body(const Request& req) {
  std::string type = req.header(beast_http::field::content_type);
  std::string media = type.substr(0, type.find(';'));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media != "application/json")
    return problem(415, "unsupported_media_type",
                   "the body must be application/json" + (type.empty() ? std::string() : ", not " + type));
  const std::string& body = req.raw.body();
  if (!text::is_valid_utf8(body))
    return problem(400, "malformed_json", "the body is not well-formed UTF-8", {{"why", "utf8"}});
  if (json_depth(body) > kMaxJsonDepth)
    return problem(400, "malformed_json",
                   "the body nests arrays and objects deeper than " + std::to_string(kMaxJsonDepth),
                   {{"why", "depth"}, {"max_depth", std::to_string(kMaxJsonDepth)}});
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte: the 1-based position where the text stopped being JSON.
    const std::string at = std::to_string(e.byte);
    return problem(400, "malformed_json", "the body is not valid JSON (at byte " + at + ")",
                   {{"why", "syntax"}, {"byte", at}});
  } catch (const nlohmann::json::exception&) {  // a number beyond a double
    return problem(400, "malformed_json", "the body is not valid JSON", {{"why", "syntax_value"}});
  }
  if (!value.is_object())
    return problem(400, "malformed_json", "the body must be a JSON object", {{"why", "not_object"}});
  return value;
}

std::variant<std::string, Response> string_member(const nlohmann::json& object, const std::string& name) {
  auto it = object.find(name);
  if (it == object.end()) return problem(400, "invalid_field", "'" + name + "' is missing");
  if (!it->is_string()) return problem(400, "invalid_field", "'" + name + "' must be a string");
  return it->get<std::string>();
}

}  // namespace jxc::http
