#pragma once
// One HTTP request as a handler sees it: method, decoded path, query
// parameters, the path parameters its route captured, headers and body, and
// who sent it. Parsing the target is pure code (parse_target()).

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace jxc::http {

namespace beast_http = boost::beast::http;
using BeastRequest = beast_http::request<beast_http::string_body>;

struct Principal;  // auth.h

struct Target {
  std::string path;                          // as sent, not decoded (segments are decoded by the router)
  std::multimap<std::string, std::string> query;  // decoded names and values
};

/// Splits "/a/b?x=1&y=%E4%B8%AD" into path and decoded query. nullopt when
/// the target is not an origin-form path or a percent escape is malformed.
std::optional<Target> parse_target(std::string_view target);

/// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt on a
/// malformed escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

struct Request {
  const BeastRequest& raw;
  Target target;
  std::map<std::string, std::string> params;  // path parameters, decoded
  std::string peer;                           // client address, no port
  bool tls = false;
  const Principal* principal = nullptr;       // set once authenticated

  beast_http::verb method() const { return raw.method(); }
  /// The first value of query parameter `name`.
  std::optional<std::string> query(const std::string& name) const;
  /// A header's value; empty when absent.
  std::string header(beast_http::field f) const;
  std::string header(std::string_view name) const;
};

}  // namespace jxc::http
