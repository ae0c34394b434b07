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

void Router::add(beast_http::verb method, std::string pattern, Handler handler) {
  for (const auto& r : routes_)
    if (r.method == method && r.pattern == pattern) return;
  Route r{method, pattern, split_path(pattern), std::move(handler)};
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

Response Router::route(Request& req) const {
  std::vector<std::string> segments = split_path(req.target.path);
  for (auto& s : segments) {
    auto decoded = percent_decode(s, false);
    if (!decoded) return problem(400, "bad_request", "the path holds a malformed %-escape");
    s = std::move(*decoded);
  }
  std::set<std::string> allowed;
  for (const auto& r : routes_) {
    if (!match(r, segments, nullptr)) continue;
    if (r.method != req.method()) {
      allowed.insert(std::string(beast_http::to_string(r.method)));
      continue;
    }
    std::map<std::string, std::string> params;
    match(r, segments, &params);
    req.params = std::move(params);
    return r.handler(req);
  }
  if (allowed.empty()) return problem(404, "not_found", "no resource at " + req.target.path);
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  Response res = problem(405, "method_not_allowed",
                         std::string(beast_http::to_string(req.method())) + " is not allowed here; allowed: " + allow);
  res.headers.emplace_back("Allow", allow);
  return res;
}

std::string Router::pattern_of(const std::string& path) const {
  std::vector<std::string> segments = split_path(path);
  for (const auto& r : routes_)
    if (match(r, segments, nullptr)) return r.pattern;
  return "unmatched";
}

}  // namespace jxc::http
