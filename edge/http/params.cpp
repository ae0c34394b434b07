#include "edge/http/params.h"

#include <charconv>

#include "edge/common/text.h"

namespace jxc::http {

std::variant<std::int64_t, Response> integer_param(const Request& req, const std::string& name,
                                                   std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto text = req.query(name);
  if (!text) return fallback;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < min || v > max)
    return problem(400, "invalid_parameter",
                   "'" + name + "' must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return v;
}

std::variant<std::string, Response> text_param(const Request& req, const std::string& name, std::size_t max_bytes) {
  auto text = req.query(name);
  if (!text) return std::string();
  if (!jxc::text::is_valid_utf8(*text)) return problem(400, "invalid_parameter", "'" + name + "' is not well-formed UTF-8");
  if (text->size() > max_bytes)
    return problem(400, "invalid_parameter", "'" + name + "' is longer than " + std::to_string(max_bytes) + " bytes");
  return *text;
}

std::variant<DayPeriod, Response> period_params(const Request& req) {
  auto from = text_param(req, "from"), to = text_param(req, "to");
  for (auto* p : {&from, &to})
    if (auto* refused = std::get_if<Response>(p)) return std::move(*refused);
  auto first = parse_day(std::get<std::string>(from), "from");
  if (!first) return problem(400, "invalid_parameter", first.status().reason());
  auto last = parse_day(std::get<std::string>(to), "to");
  if (!last) return problem(400, "invalid_parameter", last.status().reason());
  if (*last < *first) return problem(400, "invalid_parameter", "'to' is before 'from'");
  return DayPeriod{*first, *last};
}

}  // namespace jxc::http
