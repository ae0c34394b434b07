#include "edge/http/handlers_session.h"

#include <spdlog/spdlog.h>

#include "edge/http/audit_log.h"
#include "edge/http/auth.h"
#include "edge/http/credentials.h"
#include "edge/http/json_body.h"
#include "edge/http/login_alert.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {
namespace {

using inventory::AuditEntry;

std::string set_cookie(const std::string& value, bool secure, std::int64_t max_age_s) {
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_s) + (secure ? "; Secure" : "");
}

Response too_many(TimeMs wait_ms) {
  Response r = problem(429, "login_locked", "too many failed logins; try again later");
  r.headers.emplace_back("Retry-After", std::to_string((wait_ms + 999) / 1000));
  return r;
}

Response login(ApiContext& ctx, Request& req) {
  auto body = json_object_body(req);
  if (auto* p = std::get_if<Response>(&body)) return std::move(*p);
  const auto& json = std::get<nlohmann::json>(body);
  auto user = string_member(json, "user");
  if (auto* p = std::get_if<Response>(&user)) return std::move(*p);
  auto password = string_member(json, "password");
  if (auto* p = std::get_if<Response>(&password)) return std::move(*p);
  auto signed_in = sign_in(ctx, req, std::get<std::string>(user), std::get<std::string>(password));
  if (auto* p = std::get_if<Response>(&signed_in)) return std::move(*p);
  const Session& s = std::get<Session>(signed_in);
  Response r = json_response({{"user", s.user},
                              {"role", inventory::to_string(s.role)},
                              {"csrf_token", s.csrf},
                              {"expires_at", format_iso8601(s.expires_at)}});
  r.headers.emplace_back("Set-Cookie", session_cookie(ctx, req, s.id));
  return r;
}

}  // namespace

std::string session_cookie(ApiContext& ctx, const Request& req, const std::string& id) {
  return set_cookie(id, req.tls, ctx.sessions.absolute().count() / 1000);
}

std::optional<Response> login_lockout(ApiContext& ctx, const Request& req, const std::string& name) {
  LoginLimiter& limiter = ctx.login_limiter;
  if (TimeMs wait = std::max(limiter.locked_for("user:" + name), limiter.locked_for("address:" + req.peer)); wait > 0)
    return too_many(wait);
  return std::nullopt;
}

void count_failed_login(ApiContext& ctx, const Request& req, const std::string& name, const std::string& detail) {
  const std::string user_key = "user:" + name, address_key = "address:" + req.peer;
  const bool user_locked = ctx.login_limiter.failed(user_key);
  const bool address_locked = ctx.login_limiter.failed(address_key);
  (void)record_audit(ctx, AuditEntry{0, 0, "user:" + name, "login.failed", "", detail, req.peer});
  if (user_locked || address_locked) {
    const std::string what = user_locked ? "user " + name : "address " + req.peer;
    spdlog::warn("http: login locked for {} after {} failed attempts", what, ctx.config.http.login_max_failures);
    (void)record_audit(ctx, AuditEntry{0, 0, "user:" + name, "login.locked", user_locked ? user_key : address_key, "",
                                       req.peer});
    if (user_locked) raise_login_locked(ctx, user_key, req.peer);
    if (address_locked) raise_login_locked(ctx, address_key, req.peer);
  }
}

std::variant<Session, Response> sign_in(ApiContext& ctx, const Request& req, const std::string& name,
                                        const std::string& given) {
  if (auto locked = login_lockout(ctx, req, name)) return std::move(*locked);

  auto q = ctx.queries.take();
  if (!q) return problem_for(q.status());
  auto found = inventory::user_by_name(**q, name);
  if (!found) return problem_for(found.status());
  bool ok = false;
  if (*found && (*found)->active) {
    ok = verify_password(given, (*found)->password_hash);
  } else {
    verify_against_nothing(given);
  }
  if (!ok) {
    count_failed_login(ctx, req, name, "");
    return problem(401, "invalid_credentials", "wrong user name or password");
  }
  ctx.login_limiter.succeeded("user:" + name);
  ctx.login_limiter.succeeded("address:" + req.peer);
  Session s = ctx.sessions.create(name, (*found)->role);
  if (Status st = record_audit(ctx, AuditEntry{0, 0, "user:" + name, "login", "", "", req.peer}); !st) {
    ctx.sessions.end(s.id);
    return problem_for(st);
  }
  return s;
}

void add_session_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  using inventory::Role;
  router.add(verb::post, "/api/v1/session", [&ctx](Request& req) { return login(ctx, req); });
  router.add(verb::delete_, "/api/v1/session", guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal& p) {
               if (p.via != Principal::Via::session)
                 return problem(400, "no_session", "an API token has no session to end");
               ctx.sessions.end(p.session_id);
               (void)record_audit(ctx, AuditEntry{0, 0, p.actor(), "logout", "", "", req.peer});
               Response r;
               r.status = 204;
               r.content_type.clear();
               r.headers.emplace_back("Set-Cookie", set_cookie("", req.tls, 0));
               return r;
             }));
  // The site's facts pages need to show times and amounts as people there
  // read them: its zone by IANA name (the system's when [site] timezone is
  // "", as everywhere else) and the currency values are kept in. Both need a
  // restart to change, so they are looked up once.
  const std::string site_zone = ctx.config.time_zone().name();
  const std::string site_currency = ctx.config.site.currency;
  router.add(verb::get, "/api/v1/me",
             guarded(ctx, Role::operator_, [site_zone, site_currency](Request&, const Principal& p) {
               return json_response({{"user", p.user},
                                     {"role", inventory::to_string(p.role)},
                                     {"via", p.via == Principal::Via::session ? "session" : "token"},
                                     {"timezone", site_zone},
                                     {"currency", site_currency}});
             }));
}

}  // namespace jxc::http
