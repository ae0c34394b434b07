#include "edge/http/problem.h"

#include <boost/beast/http/status.hpp>

namespace jxc::http {

Response json_response(const nlohmann::json& value, unsigned status) {
  Response r;
  r.status = status;
  r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

std::string_view reason_phrase(unsigned status) {
  auto text = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  return text.empty() || text == "<unknown-status>" ? std::string_view("Unknown")
                                                     : std::string_view(text.data(), text.size());
}

Response problem(unsigned status, std::string_view code, std::string_view detail, Facts facts) {
  nlohmann::json body = {{"type", "about:blank"},
                         {"title", reason_phrase(status)},
                         {"status", status},
                         {"code", code},
                         {"detail", detail}};
  Response r = json_response(body, status);
  r.content_type = "application/problem+json";
  r.headers.emplace_back("Content-Language", "en");
  r.problem = std::make_shared<const ProblemParts>(
      ProblemParts{status, std::string(code), std::string(detail), std::move(facts)});
  return r;
}

Response problem_for(const Status& s) {
  unsigned status = 500;
  switch (s.code()) {
    case Errc::ok: status = 200; break;
    case Errc::invalid_argument: status = 400; break;
    case Errc::unknown_item:
    case Errc::unknown_location:
    case Errc::unknown_document:
    case Errc::unknown_order: status = 404; break;
    case Errc::invalid_state:
    case Errc::conflict: status = 409; break;
    case Errc::insufficient_stock:
    case Errc::tolerance_exceeded:
    case Errc::retired:
    case Errc::four_eyes: status = 422; break;
    case Errc::unavailable: status = 503; break;
    default: status = 500; break;
  }
  return problem(status, errc_name(s.code()), s.reason(), s.facts());
}

}  // namespace jxc::http
