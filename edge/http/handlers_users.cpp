#include "edge/http/handlers_users.h"

#include "edge/http/audit_log.h"
#include "edge/http/auth.h"
#include "edge/http/credentials.h"
#include "edge/http/handler_support.h"
#include "edge/http/handlers_session.h"
#include "edge/http/json_body.h"
#include "edge/http/params.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {
namespace {

using inventory::Role;

nlohmann::json user_json(const inventory::UserRecord& u) {
  return {{"name", u.name},
          {"role", inventory::to_string(u.role)},
          {"active", u.active},
          {"created_at", format_iso8601(u.created_at)}};
}

Response add_user(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto body = json_object_body(req);
  if (failed(body, &refused)) return refused;
  const auto& json = std::get<nlohmann::json>(body);
  auto name = string_member(json, "name");
  auto role_text = string_member(json, "role");
  auto password = string_member(json, "password");
  if (failed(name, &refused) || failed(role_text, &refused) || failed(password, &refused)) return refused;
  const std::string& n = std::get<std::string>(name);
  if (n.empty() || n.size() > 64 || !is_valid_user_name(n))
    return problem(400, "invalid_field", "'name' must be 1 to 64 letters, digits, '.', '_', '-' or '@'");
  Role role;
  if (!inventory::parse_role(std::get<std::string>(role_text), &role))
    return problem(400, "invalid_field", "'role' must be \"operator\", \"manager\" or \"admin\"");
  if (auto why = password_problem(std::get<std::string>(password)); !why.empty())
    return problem(422, "weak_password", why);
  auto hash = hash_password(std::get<std::string>(password));
  if (!hash) return problem_for(hash.status());
  inventory::AuditEntry audit{0, 0, who.actor(), "user.add", "user:" + n,
                              "role " + std::string(inventory::to_string(role)), req.peer};
  auto added = ctx.engine.run<std::int64_t>([n, role, h = *hash, audit](inventory::Tx& tx) -> Result<std::int64_t> {
    JXC_ASSIGN(std::int64_t id, inventory::add_user(tx, n, role, h));
    JXC_TRY(inventory::append_audit(tx, audit));
    return id;
  });
  if (!added) return problem_for(added.status());
  Response r = json_response({{"name", n}, {"role", inventory::to_string(role)}, {"active", true}}, 201);
  r.headers.emplace_back("Location", "/api/v1/users/" + n);
  return r;
}

Response list_users(ApiContext& ctx) {
  auto q = ctx.queries.take();
  if (!q) return problem_for(q.status());
  auto users = inventory::list_users(**q);
  if (!users) return problem_for(users.status());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& u : *users) out.push_back(user_json(u));
  return json_response({{"users", out}});
}

// The audit rows of one change to a user, one per thing changed.
std::vector<inventory::AuditEntry> change_audit(const inventory::UserChanged& c, const std::string& actor,
                                                const std::string& address) {
  const std::string target = "user:" + c.after.name;
  std::vector<inventory::AuditEntry> out;
  if (c.before.role != c.after.role)
    out.push_back({0, 0, actor, "user.role", target,
                   std::string(inventory::to_string(c.before.role)) + " -> " +
                       std::string(inventory::to_string(c.after.role)),
                   address});
  if (c.before.active != c.after.active)
    out.push_back({0, 0, actor, c.after.active ? "user.activate" : "user.deactivate", target, "", address});
  if (c.before.password_hash != c.after.password_hash)
    out.push_back({0, 0, actor, "user.password", target, "", address});
  return out;
}

Response change_refused(const inventory::UserChanged& c, const std::string& name) {
  if (c.outcome == inventory::UserChanged::Outcome::no_such_user)
    return problem(404, "unknown_user", "no user named '" + name + "'", {{"key", name}});
  return problem(409, "last_admin",
                 name + " is the last active admin; add or activate another admin before demoting or "
                        "deactivating " + name,
                 {{"user", name}});
}

// PATCH /api/v1/users/{name}: {"role"?, "active"?, "password"?}.
Response patch_user(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto body = json_object_body(req);
  if (failed(body, &refused)) return refused;
  const auto& json = std::get<nlohmann::json>(body);
  inventory::UserChange change;
  std::string password;
  for (const auto& [key, value] : json.items()) {
    if (key == "role") {
      Role role;
      if (!value.is_string() || !inventory::parse_role(value.get<std::string>(), &role))
        return problem(400, "invalid_field", "'role' must be \"operator\", \"manager\" or \"admin\"");
      change.role = role;
    } else if (key == "active") {
      if (!value.is_boolean()) return problem(400, "invalid_field", "'active' must be true or false");
      change.active = value.get<bool>();
    } else if (key == "password") {
      if (!value.is_string()) return problem(400, "invalid_field", "'password' must be a string");
      password = value.get<std::string>();
      if (auto why = password_problem(password); !why.empty()) return problem(422, "weak_password", why);
      change.password_hash = "";
    } else {
      return problem(400, "unknown_field", "'" + key + "' is not a field of this body");
    }
  }
  if (!change.role && !change.active && !change.password_hash)
    return problem(400, "invalid_field", "give at least one of 'role', 'active' and 'password'");
  if (change.password_hash) {
    auto hash = hash_password(password);
    if (!hash) return problem_for(hash.status());
    change.password_hash = *hash;
  }
  const std::string& name = req.params.at("name");
  auto done = apply_user_change(ctx.engine, name, change, who.actor(), req.peer);
  if (!done) return problem_for(done.status());
  if (done->outcome != inventory::UserChanged::Outcome::changed) return change_refused(*done, name);
  // What a session or a cached token was let in with no longer holds: both
  // stop working before this answer goes out. An admin setting their own
  // password alone keeps the session they did it with.
  const bool rights = done->before.role != done->after.role || done->before.active != done->after.active;
  const bool own_password = !rights && change.password_hash && who.user == name;
  if (rights || change.password_hash) ctx.sessions.end_all_of(name, own_password ? who.session_id : "");
  if (own_password) ctx.sessions.renew(who.session_id);
  if (rights) ctx.tokens.clear();
  return json_response(user_json(done->after));
}

// POST /api/v1/me/password: {"current", "new"}. A wrong current password
// counts as a failed login, so the lock-out bounds guessing through here too.
Response change_own_password(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto body = json_object_body(req);
  if (failed(body, &refused)) return refused;
  const auto& json = std::get<nlohmann::json>(body);
  auto current = string_member(json, "current");
  auto wanted = string_member(json, "new");
  if (failed(current, &refused) || failed(wanted, &refused)) return refused;
  if (auto why = password_problem(std::get<std::string>(wanted)); !why.empty())
    return problem(422, "weak_password", why);
  if (auto locked = login_lockout(ctx, req, who.user)) return std::move(*locked);
  {
    auto q = ctx.queries.take();
    if (!q) return problem_for(q.status());
    auto found = inventory::user_by_name(**q, who.user);
    if (!found) return problem_for(found.status());
    if (!*found || !(*found)->active) return problem(401, "unauthenticated", who.user + " is no longer active");
    if (!verify_password(std::get<std::string>(current), (*found)->password_hash)) {
      count_failed_login(ctx, req, who.user, "password change");
      return problem(403, "wrong_password", "the current password is wrong");
    }
  }
  ctx.login_limiter.succeeded("user:" + who.user);
  ctx.login_limiter.succeeded("address:" + req.peer);
  auto hash = hash_password(std::get<std::string>(wanted));
  if (!hash) return problem_for(hash.status());
  inventory::UserChange change;
  change.password_hash = *hash;
  auto done = apply_user_change(ctx.engine, who.user, change, who.actor(), req.peer);
  if (!done) return problem_for(done.status());
  if (done->outcome != inventory::UserChanged::Outcome::changed) return change_refused(*done, who.user);
  ctx.sessions.end_all_of(who.user, who.session_id);
  ctx.sessions.renew(who.session_id);
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response list_audit(ApiContext& ctx, Request& req) {
  Response refused;
  auto actor = text_param(req, "actor");
  auto action = text_param(req, "action");
  auto before = integer_param(req, "before", 0, 0, INT64_MAX);
  auto limit = integer_param(req, "limit", 100, 1, 1000);
  if (failed(actor, &refused) || failed(action, &refused) || failed(before, &refused) || failed(limit, &refused))
    return refused;
  inventory::AuditFilter f;
  f.actor = std::get<std::string>(actor);
  f.action = std::get<std::string>(action);
  f.before_id = std::get<std::int64_t>(before);
  f.limit = static_cast<std::size_t>(std::get<std::int64_t>(limit));
  auto q = ctx.queries.take();
  if (!q) return problem_for(q.status());
  auto entries = inventory::audit_entries(**q, f);
  if (!entries) return problem_for(entries.status());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : *entries)
    out.push_back({{"id", e.id},
                   {"at", format_iso8601(e.at)},
                   {"actor", e.actor},
                   {"action", e.action},
                   {"target", e.target},
                   {"detail", e.detail},
                   {"address", e.address}});
  nlohmann::json page = {{"entries", out}, {"next_before", nullptr}};
  if (entries->size() == f.limit) page["next_before"] = entries->back().id;
  return json_response(page);
}

}  // namespace

Result<inventory::UserChanged> apply_user_change(inventory::Engine& engine, const std::string& name,
                                                 const inventory::UserChange& change, const std::string& actor,
                                                 const std::string& address) {
  return engine.run<inventory::UserChanged>(
      [name, change, actor, address](inventory::Tx& tx) -> Result<inventory::UserChanged> {
        JXC_ASSIGN(inventory::UserChanged c, inventory::change_user(tx, name, change));
        if (c.outcome == inventory::UserChanged::Outcome::changed)
          for (const auto& e : change_audit(c, actor, address)) JXC_TRY(inventory::append_audit(tx, e));
        return c;
      });
}

bool is_valid_user_name(const std::string& name) {
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-' || c == '@';
    if (!ok) return false;
  }
  return true;
}

void add_user_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  router.add(verb::get, "/api/v1/users",
             guarded(ctx, Role::admin, [&ctx](Request&, const Principal&) { return list_users(ctx); }));
  router.add(verb::post, "/api/v1/users", guarded(ctx, Role::admin, [&ctx](Request& req, const Principal& p) {
               return add_user(ctx, req, p);
             }));
  router.add(verb::patch, "/api/v1/users/{name}", guarded(ctx, Role::admin, [&ctx](Request& req, const Principal& p) {
               return patch_user(ctx, req, p);
             }));
  router.add(verb::post, "/api/v1/me/password",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal& p) {
               return change_own_password(ctx, req, p);
             }));
  router.add(verb::get, "/api/v1/audit", guarded(ctx, Role::manager, [&ctx](Request& req, const Principal&) {
               return list_audit(ctx, req);
             }));
}

}  // namespace jxc::http
