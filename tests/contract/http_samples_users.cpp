// The session owner, users and their API tokens, and the audit trail.
#include <chrono>

#include "tests/contract/http_samples.h"

namespace jxc::samples {

void session_and_users(Run& run) {
  run.call("GET", "/api/v1/me", "/api/v1/me", run.clerk);
  run.call("GET", "/api/v1/me", "/api/v1/me", run.admin);
  run.call("GET", "/api/v1/me", "/api/v1/me", {});

  run.call("GET", "/api/v1/users", "/api/v1/users", run.admin);
  run.call("GET", "/api/v1/users", "/api/v1/users", run.clerk);
  const std::string bob = R"({"name":"bob","role":"manager","password":"bob password"})";
  run.call("POST", "/api/v1/users", "/api/v1/users", with(with(run.admin, kJson), data(bob)));
  run.call("POST", "/api/v1/users", "/api/v1/users", with(with(run.admin, kJson), data(bob)));
  run.call("POST", "/api/v1/users", "/api/v1/users",
       with(with(run.admin, kJson), data(R"({"name":"amy","role":"manager","password":"short"})")));
  run.call("POST", "/api/v1/users", "/api/v1/users", with(with(run.admin, kJson), data("{")));
  run.call("POST", "/api/v1/users", "/api/v1/users", with(run.admin, data("name=amy")));
  run.call("POST", "/api/v1/users", "/api/v1/users", with(with(run.clerk, kJson), data(bob)));

  // A user changed by an admin: bob (a manager, added above).
  const std::string user = "/api/v1/users/{name}";
  const Args admin_json = with(run.admin, kJson);
  run.call("PATCH", user, "/api/v1/users/bob", with(admin_json, data(R"({"role":"operator"})")));
  run.call("PATCH", user, "/api/v1/users/bob", with(admin_json, data(R"({"active":false})")));
  run.call("PATCH", user, "/api/v1/users/bob", with(admin_json, data(R"({"active":true,"role":"manager"})")));
  run.call("PATCH", user, "/api/v1/users/nobody", with(admin_json, data(R"({"active":false})")));
  run.call("PATCH", user, "/api/v1/users/root", with(admin_json, data(R"({"role":"manager"})")));  // the last admin
  run.call("PATCH", user, "/api/v1/users/bob", with(admin_json, data(R"({"role":"boss"})")));
  run.call("PATCH", user, "/api/v1/users/bob", with(admin_json, data(R"({"password":"short"})")));
  run.call("PATCH", user, "/api/v1/users/bob", with(admin_json, data(std::string(2000, ' '))));
  run.call("PATCH", user, "/api/v1/users/bob", with(run.admin, data(R"({"active":true})")));
  run.call("PATCH", user, "/api/v1/users/bob", with(with(run.manager, kJson), data(R"({"active":false})")));
  run.call("PATCH", user, "/api/v1/users/bob", with(kJson, data(R"({"active":false})")));

  // API tokens: one made for bob, listed, used, revoked.
  run.call("GET", "/api/v1/tokens", "/api/v1/tokens", run.admin);
  auto made = run.call("POST", "/api/v1/tokens", "/api/v1/tokens",
                       with(admin_json, data(R"({"user":"bob","label":"samples","expires_in_days":7})")));
  const std::string bob_token = made.json().value("token", "");
  const std::string bob_token_id = std::to_string(made.json().value("id", 0));
  const Args as_bob = {"-H", "Authorization: Bearer " + bob_token};
  run.call("POST", "/api/v1/tokens", "/api/v1/tokens",
           with(admin_json, data(R"({"user":"bob","label":"forever"})")));
  run.call("POST", "/api/v1/tokens", "/api/v1/tokens", with(admin_json, data(R"({"user":"nobody","label":"x"})")));
  run.call("POST", "/api/v1/tokens", "/api/v1/tokens", with(admin_json, data(R"({"user":"bob"})")));
  run.call("POST", "/api/v1/tokens", "/api/v1/tokens", with(admin_json, data(std::string(2000, ' '))));
  run.call("POST", "/api/v1/tokens", "/api/v1/tokens", with(run.admin, data(R"({"user":"bob","label":"x"})")));
  run.call("POST", "/api/v1/tokens", "/api/v1/tokens",
           with(with(run.manager, kJson), data(R"({"user":"bob","label":"x"})")));
  run.call("POST", "/api/v1/tokens", "/api/v1/tokens", with(kJson, data(R"({"user":"bob","label":"x"})")));
  run.call("GET", "/api/v1/tokens", "/api/v1/tokens?user=bob", run.admin);
  run.call("GET", "/api/v1/tokens", "/api/v1/tokens?user=%ff", run.admin);
  run.call("GET", "/api/v1/tokens", "/api/v1/tokens", run.manager);
  run.call("GET", "/api/v1/tokens", "/api/v1/tokens", {});

  // Bob's own password, with his token. The failed logins at the start have
  // locked this address: first that refusal, then past the lock-out.
  const std::string password = "/api/v1/me/password";
  const std::string change = R"({"current":"bob password","new":"bob's better password"})";
  run.call("POST", password, password, with(with(as_bob, kJson), data(change)));  // 429
  run.clock.advance(std::chrono::minutes(16));
  run.call("POST", password, password, with(with(as_bob, kJson), data(R"({"current":"guess","new":"bob's better password"})")));
  run.call("POST", password, password, with(with(as_bob, kJson), data(R"({"current":"bob password","new":"short"})")));
  run.call("POST", password, password, with(with(as_bob, kJson), data(R"({"current":"bob password"})")));
  run.call("POST", password, password, with(with(as_bob, kJson), data(std::string(2000, ' '))));
  run.call("POST", password, password, with(as_bob, data(change)));
  run.call("POST", password, password, with(kJson, data(change)));
  run.call("POST", password, password, with(run.clerk, with(kJson, data(change))));  // no CSRF token
  run.call("POST", password, password, with(with(as_bob, kJson), data(change)));

  const std::string token = "/api/v1/tokens/{id}";
  run.call("DELETE", token, "/api/v1/tokens/" + bob_token_id, run.admin);
  run.call("DELETE", token, "/api/v1/tokens/" + bob_token_id, run.admin);
  run.call("GET", "/api/v1/me", "/api/v1/me", as_bob);
  run.call("DELETE", token, "/api/v1/tokens/99999", run.admin);
  run.call("DELETE", token, "/api/v1/tokens/x", run.admin);
  run.call("DELETE", token, "/api/v1/tokens/" + bob_token_id, run.manager);
  run.call("DELETE", token, "/api/v1/tokens/" + bob_token_id, {});

  run.call("GET", "/api/v1/audit", "/api/v1/audit?limit=3", run.admin);
  run.call("GET", "/api/v1/audit", "/api/v1/audit?limit=0", run.admin);
  run.call("GET", "/api/v1/audit", "/api/v1/audit", run.clerk);

}

}  // namespace jxc::samples
