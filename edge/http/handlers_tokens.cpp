#include "edge/http/handlers_tokens.h"

#include <charconv>

#include "edge/http/auth.h"
#include "edge/http/credentials.h"
#include "edge/http/handler_support.h"
#include "edge/http/json_body.h"
#include "edge/http/params.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {
namespace {

using inventory::Role;
using inventory::TokenListing;

constexpr std::size_t kMaxLabel = 200;
constexpr std::int64_t kMaxDays = 3650;  // as `jxc-edge user token --days`

nlohmann::json token_json(const TokenListing& t) {
  auto time_or_null = [](TimeMs t) { return t == 0 ? nlohmann::json() : nlohmann::json(format_iso8601(t)); };
  return {{"id", t.id},
          {"user", t.user},
          {"label", t.label},
          {"created_at", format_iso8601(t.created_at)},
          {"expires_at", time_or_null(t.expires_at)},
          {"revoked_at", time_or_null(t.revoked_at)}};
}

Response list_tokens(ApiContext& ctx, Request& req) {
  Response refused;
  auto user = text_param(req, "user");
  if (failed(user, &refused)) return refused;
  auto q = ctx.queries.take();
  if (!q) return problem_for(q.status());
  auto tokens = inventory::list_api_tokens(**q, std::get<std::string>(user));
  if (!tokens) return problem_for(tokens.status());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : *tokens) out.push_back(token_json(t));
  return json_response({{"tokens", out}});
}

struct NewToken {
  std::string user, label;
  std::int64_t days = 0;  // 0: until revoked
};

std::variant<NewToken, Response> new_token_body(const Request& req) {
  Response refused;
  auto body = json_object_body(req);
  if (failed(body, &refused)) return refused;
  NewToken t;
  for (const auto& [key, value] : std::get<nlohmann::json>(body).items()) {
    if (key == "user") {
      if (!value.is_string() || value.get<std::string>().empty())
        return problem(400, "invalid_field", "'user' must be a user's name");
      t.user = value.get<std::string>();
    } else if (key == "label") {
      if (!value.is_string() || value.get<std::string>().empty() || value.get<std::string>().size() > kMaxLabel)
        return problem(400, "invalid_field", "'label' must be 1 to 200 bytes saying what the token is for");
      t.label = value.get<std::string>();
    } else if (key == "expires_in_days") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 1 || value.get<std::int64_t>() > kMaxDays)
        return problem(400, "invalid_field", "'expires_in_days' must be a whole number from 1 to 3650");
      t.days = value.get<std::int64_t>();
    } else {
      return problem(400, "unknown_field", "'" + key + "' is not a field of this body");
    }
  }
  if (t.user.empty()) return problem(400, "invalid_field", "'user' is missing");
  if (t.label.empty()) return problem(400, "invalid_field", "'label' is missing");
  return t;
}

Response add_token(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto body = new_token_body(req);
  if (failed(body, &refused)) return refused;
  const NewToken t = std::get<NewToken>(body);
  const std::string token = new_api_token();
  inventory::AuditEntry audit{0, 0, who.actor(), "token.add", "user:" + t.user, t.label, req.peer};
  auto added = ctx.engine.run<TokenListing>(
      [t, hash = token_hash(token), audit](inventory::Tx& tx) -> Result<TokenListing> {
        TokenListing out{0, t.user, t.label, tx.now(), t.days > 0 ? tx.now() + t.days * 86'400'000 : 0, 0};
        JXC_ASSIGN(out.id, inventory::add_api_token(tx, t.user, t.label, hash, out.expires_at));
        JXC_TRY(inventory::append_audit(tx, audit));
        return out;
      });
  if (!added && added.status().code() == Errc::invalid_argument)
    return problem(422, "unknown_user", "no user named '" + t.user + "'", {{"key", t.user}});
  if (!added) return problem_for(added.status());
  nlohmann::json out = token_json(*added);
  out["token"] = token;  // shown once: only its hash is stored
  Response r = json_response(out, 201);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response revoke_token(ApiContext& ctx, Request& req, const Principal& who) {
  const std::string& text = req.params.at("id");
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 1)
    return problem(400, "invalid_parameter", "'id' must be a positive integer");
  auto done = revoke_token_audited(ctx.engine, id, who.actor(), req.peer);
  if (!done) return problem_for(done.status());
  if (done->outcome == inventory::TokenRevoked::Outcome::no_such_token)
    return problem(404, "unknown_token", "no API token with id " + text, {{"key", "#" + text}});
  // Requests made with it are refused from this answer on.
  ctx.tokens.clear();
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace

Result<inventory::TokenRevoked> revoke_token_audited(inventory::Engine& engine, std::int64_t id,
                                                     const std::string& actor, const std::string& address) {
  return engine.run<inventory::TokenRevoked>(
      [id, actor, address](inventory::Tx& tx) -> Result<inventory::TokenRevoked> {
        JXC_ASSIGN(inventory::TokenRevoked r, inventory::revoke_api_token(tx, id));
        if (r.outcome == inventory::TokenRevoked::Outcome::revoked)
          JXC_TRY(inventory::append_audit(tx, {0, 0, actor, "token.revoke", "token:" + std::to_string(id),
                                               "user " + r.token.user + ", " + r.token.label, address}));
        return r;
      });
}

void add_token_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  router.add(verb::get, "/api/v1/tokens", guarded(ctx, Role::admin, [&ctx](Request& req, const Principal&) {
               return list_tokens(ctx, req);
             }));
  router.add(verb::post, "/api/v1/tokens", guarded(ctx, Role::admin, [&ctx](Request& req, const Principal& p) {
               return add_token(ctx, req, p);
             }));
  router.add(verb::delete_, "/api/v1/tokens/{id}", guarded(ctx, Role::admin, [&ctx](Request& req, const Principal& p) {
               return revoke_token(ctx, req, p);
             }));
}

}  // namespace jxc::http
