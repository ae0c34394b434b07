#include "edge/http/handlers_users.h"

#include "edge/http/audit_log.h"
#include "edge/http/auth.h"
#include "edge/http/credentials.h"
#include "edge/http/json_body.h"
#include "edge/http/params.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {
namespace {

using inventory::Role;

template <typename T>
bool failed(std::variant<T, Response>& v, Response* out) {
  if (auto* p = std::get_if<Response>(&v)) {
    *out = std::move(*p);
    return true;
  }
  return false;
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
  for (const auto& u : *users)
    out.push_back({{"name", u.name},
                   {"role", inventory::to_string(u.role)},
                   {"active", u.active},
                   {"created_at", format_iso8601(u.created_at)}});
  return json_response({{"users", out}});
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
  router.add(verb::get, "/api/v1/audit", guarded(ctx, Role::manager, [&ctx](Request& req, const Principal&) {
               return list_audit(ctx, req);
             }));
}

}  // namespace jxc::http
