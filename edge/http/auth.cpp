#include "edge/http/auth.h"

#include "edge/http/credentials.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {

std::string Principal::actor() const {
  if (via == Via::token) return "token:" + std::to_string(token_id) + ":" + user;
  return "user:" + user;
}

std::string cookie(const Request& req, const std::string& name) {
  for (auto it = req.raw.find(beast_http::field::cookie); it != req.raw.end() && it->name() == beast_http::field::cookie;
       ++it) {
    std::string_view rest(it->value().data(), it->value().size());
    while (!rest.empty()) {
      std::size_t semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      std::size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
  }
  return {};
}

std::variant<Principal, Response> authenticate(ApiContext& ctx, const Request& req) {
  const std::string authorization = req.header(beast_http::field::authorization);
  if (!authorization.empty()) {
    if (!authorization.starts_with("Bearer "))
      return problem(401, "unauthenticated", "only Bearer API tokens are accepted in Authorization");
    const std::string hash = token_hash(authorization.substr(7));
    std::optional<inventory::TokenRecord> token = ctx.tokens.find(hash);
    if (!token) {
      const std::uint64_t generation = ctx.tokens.generation();
      auto q = ctx.queries.take();
      if (!q) return problem_for(q.status());
      auto found = inventory::usable_token(**q, hash, ctx.clock.now_ms());
      if (!found) return problem_for(found.status());
      if (!*found) return problem(401, "unauthenticated", "the API token is unknown, revoked or expired");
      token = std::move(*found);
      ctx.tokens.remember(hash, *token, generation);
    }
    Principal p;
    p.via = Principal::Via::token;
    p.user = token->user;
    p.role = token->role;
    p.token_id = token->id;
    return p;
  }
  const std::string id = cookie(req, kSessionCookie);
  if (id.empty()) return problem(401, "unauthenticated", "log in first (POST /api/v1/session) or send an API token");
  auto session = ctx.sessions.use(id);
  if (!session) return problem(401, "session_expired", "the session has ended; log in again");
  if (ctx.sessions.due_for_check(*session)) {
    // The user may have been changed where this process cannot see it (the
    // command line): a session lasts only while its user is as it was.
    auto q = ctx.queries.take();
    if (!q) return problem_for(q.status());
    auto user = inventory::user_by_name(**q, session->user);
    if (!user) return problem_for(user.status());
    if (!*user || !(*user)->active || (*user)->role != session->role || (*user)->updated_at > session->valid_from) {
      ctx.sessions.end(id);
      return problem(401, "session_expired", "the session has ended; log in again");
    }
    ctx.sessions.checked(id);
  }
  Principal p;
  p.via = Principal::Via::session;
  p.user = session->user;
  p.role = session->role;
  p.session_id = session->id;
  p.csrf = session->csrf;
  return p;
}

namespace {
// The principal of `req` when it may do what a route of role `minimum`
// does, or the refusal to answer.
std::variant<Principal, Response> permitted(ApiContext& ctx, inventory::Role minimum, const Request& req) {
  auto who = authenticate(ctx, req);
  if (auto* refused = std::get_if<Response>(&who)) {
    refused->headers.emplace_back("WWW-Authenticate", "Bearer");
    return std::move(*refused);
  }
  const Principal& p = std::get<Principal>(who);
  if (static_cast<int>(p.role) < static_cast<int>(minimum))
    return problem(403, "forbidden",
                   "this needs the " + std::string(inventory::to_string(minimum)) + " role; " + p.user + " is " +
                       std::string(inventory::to_string(p.role)));
  const auto m = req.method();
  const bool safe = m == beast_http::verb::get || m == beast_http::verb::head || m == beast_http::verb::options;
  if (p.via == Principal::Via::session && !safe && !equal_secrets(req.header("X-CSRF-Token"), p.csrf))
    return problem(403, "csrf_token_invalid",
                   "a change made with a session cookie needs the session's X-CSRF-Token header");
  return who;
}
}  // namespace

Handler guarded(ApiContext& ctx, inventory::Role minimum, AuthedHandler h) {
  return [&ctx, minimum, h = std::move(h)](Request& req) -> Response {
    auto who = permitted(ctx, minimum, req);
    if (auto* refused = std::get_if<Response>(&who)) return std::move(*refused);
    const Principal& p = std::get<Principal>(who);
    req.principal = &p;
    return h(req, p);
  };
}

QuickHandler guarded_quick(ApiContext& ctx, inventory::Role minimum, QuickAuthedHandler h) {
  return [&ctx, minimum, h = std::move(h)](Request& req) -> std::optional<Response> {
    auto who = permitted(ctx, minimum, req);
    if (std::holds_alternative<Response>(who)) return std::nullopt;  // the full handler refuses it
    const Principal& p = std::get<Principal>(who);
    req.principal = &p;
    auto answer = h(req, p);
    req.principal = nullptr;
    return answer;
  };
}

}  // namespace jxc::http
