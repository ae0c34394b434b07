#pragma once
// What a handler answers: a status, a content type, a body and extra
// headers; and the error answers, RFC 9457 problem details
// (application/problem+json) with a stable `code` a program can branch on and
// a `detail` a person can read. A problem keeps its parts (status, code,
// English detail, facts) beside the body, so that the server can tell it in
// the language the request prefers (problem_text.h). Pure code.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "edge/common/status.h"

namespace jxc::http {

class StreamBody;  // stream_body.h

/// What a problem response says, before it is put into words.
struct ProblemParts {
  unsigned status = 500;
  std::string code;
  std::string detail;  // English
  Facts facts;         // named values behind the detail ("sku", "have", ...)
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  /// Set: the body is this string, shared with whoever keeps it (a kept
  /// stock answer) and sent without a copy; `body` is ignored.
  std::shared_ptr<const std::string> shared_body;
  /// Set: the body is these bytes, which live as long as the process (the
  /// web app's files in the binary), sent without a copy; `body` is ignored.
  std::optional<std::string_view> static_body;
  /// Beyond Content-Type and Content-Length. The server adds
  /// `Cache-Control: no-store` and `X-Content-Type-Options: nosniff` unless
  /// these name their own.
  std::vector<std::pair<std::string, std::string>> headers;
  /// Close the connection after this response (parse errors, limits).
  bool close = false;
  /// Set: `body` is ignored and the body is what `stream` yields, sent
  /// chunked until it ends (Server-Sent Events).
  std::shared_ptr<StreamBody> stream;
  /// Set on problem responses: what localise_problem() words anew.
  std::shared_ptr<const ProblemParts> problem;
};

/// `value` as the body, serialised without ever throwing (invalid UTF-8 in a
/// stored string is replaced, not an exception).
Response json_response(const nlohmann::json& value, unsigned status = 200);

/// {"type":"about:blank","title":<reason phrase>,"status":..,"code":..,"detail":..},
/// in English; `facts` let problem_text.h word it in Chinese.
Response problem(unsigned status, std::string_view code, std::string_view detail, Facts facts = {});

/// The problem for a refused store operation: unknown_* 404, invalid_argument
/// 400, invalid_state/conflict 409, insufficient_stock/tolerance_exceeded/
/// retired/four_eyes 422, unavailable 503, anything else 500. The code is the
/// Errc name; the status's facts go with it.
Response problem_for(const Status& s);

/// The reason phrase of a status ("Not Found"); "Unknown" for none.
std::string_view reason_phrase(unsigned status);

}  // namespace jxc::http
