#pragma once
// Query parameters read with their bounds: a bad value is a 400 problem
// naming the parameter, never a silent default.

#include <cstdint>
#include <utility>
#include <variant>

#include "edge/common/local_time.h"

#include "edge/http/problem.h"
#include "edge/http/request.h"

namespace jxc::http {

/// The integer parameter `name` in [min, max], `fallback` when absent.
std::variant<std::int64_t, Response> integer_param(const Request& req, const std::string& name,
                                                   std::int64_t fallback, std::int64_t min, std::int64_t max);

/// A text parameter, "" when absent; 400 when it is not well-formed UTF-8
/// or longer than `max_bytes`.
std::variant<std::string, Response> text_param(const Request& req, const std::string& name,
                                               std::size_t max_bytes = 256);

/// A period of the site's calendar: `from` and `to` (YYYY-MM-DD, both
/// required), `to` not before `from`.
using DayPeriod = std::pair<DayNumber, DayNumber>;
std::variant<DayPeriod, Response> period_params(const Request& req);

}  // namespace jxc::http
