#pragma once
// Maps method and path to a handler. Patterns are written like the OpenAPI
// paths they implement ("/api/v1/items/{sku}"): literal segments match
// exactly, a {name} segment matches any one non-empty segment and is handed
// to the handler percent-decoded. A path no pattern matches is 404; a path
// that matches with another method is 405 with an Allow header. Pure code:
// no sockets, safe to share between threads once built.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "edge/http/problem.h"
#include "edge/http/request.h"

namespace jxc::http {

using Handler = std::function<Response(Request&)>;
/// A handler that may answer on the connection's own thread because it
/// needs no store work that could wait (an answer kept in memory); nullopt
/// hands the request to the route's Handler, on the threads that read.
using QuickHandler = std::function<std::optional<Response>(Request&)>;

class Router {
 public:
  /// Adds a route; later routes with the same pattern and method are ignored.
  void add(beast_http::verb method, std::string pattern, Handler handler, QuickHandler quick = {});

  /// Runs the handler of the route `req` matches (filling req.params), or
  /// answers 404/405/400 (a malformed escape in a segment).
  Response route(Request& req) const;
  /// The answer of the quick handler of the route `req` matches (its
  /// pattern put in `pattern`); nullopt when the route has none, it did not
  /// answer, or no route matches.
  std::optional<Response> route_quick(Request& req, std::string* pattern) const;

  /// The pattern `path` matches, for metrics labels ("/api/v1/items/{sku}");
  /// "unmatched" when none does, so that labels stay few whatever clients send.
  std::string pattern_of(const std::string& path) const;

 private:
  struct Route {
    beast_http::verb method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" for a parameter
    Handler handler;
    QuickHandler quick;
  };
  // The route of `req` (its parameters put in req.params); nullptr when
  // none matches; *refused is set for a malformed escape or another method.
  const Route* find(Request& req, Response* refused) const;
  static bool match(const Route& r, const std::vector<std::string>& segments,
                    std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
};

/// "/a/b/" → {"a", "b", ""}; "/" → {""}.
std::vector<std::string> split_path(const std::string& path);

}  // namespace jxc::http
