#include "edge/http/handlers_setup.h"

#include <spdlog/spdlog.h>

#include "edge/http/credentials.h"
#include "edge/http/handlers_users.h"
#include "edge/http/json_body.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {
namespace {

using inventory::Role;

Response admin_exists() {
  return problem(409, "admin_exists", "an admin exists already; log in, or ask an admin for an account");
}

Response setup(ApiContext& ctx, SetupToken* token, Request& req) {
  auto body = json_object_body(req);
  if (auto* p = std::get_if<Response>(&body)) return std::move(*p);
  const auto& json = std::get<nlohmann::json>(body);
  std::string fields[3];
  const char* names[3] = {"token", "name", "password"};
  for (int i = 0; i < 3; ++i) {
    auto v = string_member(json, names[i]);
    if (auto* p = std::get_if<Response>(&v)) return std::move(*p);
    fields[i] = std::get<std::string>(v);
  }
  const std::string &given = fields[0], &name = fields[1], &password = fields[2];
  if (!token) return admin_exists();

  std::lock_guard one_at_a_time(token->in_use());
  switch (token->check(given)) {
    case SetupToken::Check::spent:
      return problem(410, "setup_done", "the setup token has been used; the first admin exists");
    case SetupToken::Check::wrong:
      spdlog::warn("http: POST /api/v1/setup from {} with a wrong setup token", req.peer);
      return problem(401, "invalid_setup_token", "the setup token is wrong; it is in the log and the setup-token file");
    case SetupToken::Check::ok: break;
  }
  {
    auto q = ctx.queries.take();
    if (!q) return problem_for(q.status());
    auto admin = inventory::has_active_admin(**q);
    if (!admin) return problem_for(admin.status());
    if (*admin) {
      token->spend();  // made on the box meanwhile: the token has nothing left to do
      return admin_exists();
    }
  }
  if (name.empty() || name.size() > 64 || !is_valid_user_name(name))
    return problem(400, "invalid_field", "'name' must be 1 to 64 letters, digits, '.', '_', '-' or '@'");
  if (auto why = password_problem(password); !why.empty()) return problem(422, "weak_password", why);
  auto hash = hash_password(password);
  if (!hash) return problem_for(hash.status());
  inventory::AuditEntry audit{0, 0, "setup-token", "user.add", "user:" + name, "role admin (first admin)", req.peer};
  auto added = ctx.engine.run<std::int64_t>([name, h = *hash, audit](inventory::Tx& tx) -> Result<std::int64_t> {
    JXC_ASSIGN(std::int64_t id, inventory::add_user(tx, name, Role::admin, h));
    JXC_TRY(inventory::append_audit(tx, audit));
    return id;
  });
  if (!added) return problem_for(added.status());
  token->spend();
  spdlog::info("http: first admin {} created with the setup token from {}", name, req.peer);
  Response r = json_response({{"name", name}, {"role", "admin"}, {"active", true}}, 201);
  r.headers.emplace_back("Location", "/api/v1/users/" + name);
  return r;
}

}  // namespace

void add_setup_routes(Router& router, ApiContext& ctx, SetupToken* token) {
  router.add(beast_http::verb::post, "/api/v1/setup",
             [&ctx, token](Request& req) { return setup(ctx, token, req); });
}

}  // namespace jxc::http
