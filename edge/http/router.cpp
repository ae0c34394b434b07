#include "edge/http/router.h"

#include <set>

namespace jxc::http {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  for (;;) {
    std::size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

void Router::add(beast_http::verb method, std::string pattern, Handler handler, QuickHandler quick) {
  for (const auto& r : routes_)
    if (r.method == method && r.pattern == pattern) return;
  Route r{method, pattern, split_path(pattern), std::move(handler), std::move(quick)};
  routes_.push_back(std::move(r));
}

bool Router::match(const Route& r, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>* params) {
  if (r.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = r.segments[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (segments[i].empty()) return false;
      if (params) (*params)[want.substr(1, want.size() - 2)] = segments[i];
    } else if (want != segments[i]) {
      return false;
    }
  }
  return true;
}

const Router::Route* Router::find(Request& req, Response* refused) const {
  std::vector<std::string> segments = split_path(req.target.path);
  for (auto& s : segments) {
    auto decoded = percent_decode(s, false);
    if (!decoded) {
      *refused = problem(400, "bad_request", "the path holds a malformed %-escape");
      return nullptr;
    }
    s = std::move(*decoded);
  }
  std::set<std::string> allowed;
  for (const auto& r : routes_) {
    if (!match(r, segments, nullptr)) continue;
    // HEAD is answered by the GET route, without the body (connection.cpp).
    const bool head_as_get = req.method() == beast_http::verb::head && r.method == beast_http::verb::get;
    if (r.method != req.method() && !head_as_get) {
      allowed.insert(std::string(beast_http::to_string(r.method)));
      if (r.method == beast_http::verb::get) allowed.insert("HEAD");
      continue;
    }
    std::map<std::string, std::string> params;
    match(r, segments, &params);
    req.params = std::move(params);
    return &r;
  }
  if (allowed.empty()) {
    *refused = problem(404, "not_found", "no resource at " + req.target.path);
    return nullptr;
  }
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  *refused = problem(405, "method_not_allowed",
                     std::string(beast_http::to_string(req.method())) + " is not allowed here; allowed: " + allow);
  refused->headers.emplace_back("Allow", allow);
  return nullptr;
}

Response Router::route(Request& req) const {
  Response refused;
  const Route* r = find(req, &refused);
  return r ? r->handler(req) : refused;
}

std::optional<Response> Router::route_quick(Request& req, std::string* pattern) const {
  Response refused;
  const Route* r = find(req, &refused);
  if (!r || !r->quick) return std::nullopt;
  auto res = r->quick(req);
  if (res) *pattern = r->pattern;
  return res;
}

std::string Router::pattern_of(const std::string& path) const {
  std::vector<std::string> segments = split_path(path);
  for (const auto& r : routes_)
    if (match(r, segments, nullptr)) return r.pattern;
  return "unmatched";
}

}  // namespace jxc::http
