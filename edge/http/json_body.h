#pragma once
// Request bodies as JSON: the content type, well-formed UTF-8, a bounded
// depth and the shape are checked before a handler sees a value, so that a
// handler reads fields and nothing else. Pure code.

#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "edge/http/problem.h"
#include "edge/http/request.h"

namespace jxc::http {

/// Deepest nesting of arrays and objects accepted.
inline constexpr int kMaxJsonDepth = 32;

/// The body as a JSON object, or the problem to answer: 415 when the content
/// type is not application/json, 400 when the body is not well-formed UTF-8,
/// not JSON, nested deeper than kMaxJsonDepth or not an object.
std::variant<nlohmann::json, Response> json_object_body(const Request& req);

/// Nesting depth of `text` (arrays and objects outside strings), counted
/// without parsing, so that a deep body is refused before the parser
/// recurses into it.
int json_depth(std::string_view text);

/// A string member, or the 400 problem naming it (missing, or not a string).
std::variant<std::string, Response> string_member(const nlohmann::json& object, const std::string& name);

}  // namespace jxc::http
