// Administering users and API tokens through the real server, with curl as
// the client: role and state changes, passwords, tokens made, listed and
// revoked, and that each takes effect on the very next request.
#include <gtest/gtest.h>

#include "edge/http/test_api.h"
#include "edge/inventory/audit_records.h"

namespace jxc::http {
namespace {

using inventory::Role;
using testing::curl;
using testing::expect_problem;
using testing::Login;
using testing::Reply;

class UserAdminTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    config_.http.login_max_failures = 3;
    add_user("root", Role::admin, "admin password");
    add_user("bob", Role::operator_, "bob password");
  }
  Reply send(const std::string& method, const std::string& path, const std::string& body,
             std::vector<std::string> auth) {
    std::vector<std::string> args = {"-X", method};
    if (!body.empty()) args.insert(args.end(), {"-H", "Content-Type: application/json", "--data-binary", body});
    args.insert(args.end(), auth.begin(), auth.end());
    return curl(url(path), args);
  }
  Reply patch(const std::string& name, const std::string& body, std::vector<std::string> auth) {
    return send("PATCH", "/api/v1/users/" + name, body, std::move(auth));
  }
  std::vector<std::string> bearer(const std::string& token) { return {"-H", "Authorization: Bearer " + token}; }
  std::vector<inventory::AuditEntry> audit(const std::string& action) {
    inventory::AuditFilter f;
    f.action = action;
    auto r = inventory::audit_entries(q(), f);
    EXPECT_TRUE(r.is_ok());
    return r.is_ok() ? *r : std::vector<inventory::AuditEntry>{};
  }
  Reply try_login(const std::string& user, const std::string& password) {
    nlohmann::json body = {{"user", user}, {"password", password}};
    return send("POST", "/api/v1/session", body.dump(), {});
  }
};

TEST_F(UserAdminTest, ARoleChangeTakesEffectOnTheNextRequest) {
  start();
  auto admin = login("root", "admin password");
  auto bob = login("bob", "bob password");
  const std::string token = token_for("bob");
  // The token is known to the server (and cached) as an operator's.
  expect_problem(curl(url("/api/v1/audit"), bearer(token)), 403, "forbidden");

  auto changed = patch("bob", R"({"role":"manager"})", as(admin, true));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["role"], "manager");
  EXPECT_EQ(changed.json()["active"], true);

  EXPECT_EQ(curl(url("/api/v1/audit"), bearer(token)).status, 200) << "the token still acts as an operator";
  expect_problem(curl(url("/api/v1/me"), as(bob)), 401, "session_expired");
  EXPECT_EQ(curl(url("/api/v1/me"), as(admin)).status, 200) << "another user's session is left alone";
  auto rows = audit("user.role");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].actor, "user:root");
  EXPECT_EQ(rows[0].target, "user:bob");
  EXPECT_EQ(rows[0].detail, "operator -> manager");
}

TEST_F(UserAdminTest, ADeactivatedUserIsRefusedAtOnceAndAReactivatedOneLetInAgain) {
  start();
  auto admin = login("root", "admin password");
  auto bob = login("bob", "bob password");
  const std::string token = token_for("bob");
  ASSERT_EQ(curl(url("/api/v1/me"), bearer(token)).status, 200);
  ASSERT_EQ(curl(url("/api/v1/me"), as(bob)).status, 200);

  auto off = patch("bob", R"({"active":false})", as(admin, true));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json()["active"], false);
  expect_problem(curl(url("/api/v1/me"), as(bob)), 401, "session_expired");
  expect_problem(curl(url("/api/v1/me"), bearer(token)), 401, "unauthenticated");
  expect_problem(try_login("bob", "bob password"), 401, "invalid_credentials");

  ASSERT_EQ(patch("bob", R"({"active":true})", as(admin, true)).status, 200);
  EXPECT_EQ(try_login("bob", "bob password").status, 200);
  EXPECT_EQ(curl(url("/api/v1/me"), bearer(token)).status, 200);
  EXPECT_EQ(audit("user.deactivate").size(), 1u);
  EXPECT_EQ(audit("user.activate").size(), 1u);
}

TEST_F(UserAdminTest, TheLastActiveAdminCannotBeDemotedOrDeactivated) {
  add_user("ann", Role::admin, "ann password");
  start();
  auto admin = login("root", "admin password");
  ASSERT_EQ(patch("ann", R"({"active":false})", as(admin, true)).status, 200);
  // An inactive admin does not count.
  auto demote = patch("root", R"({"role":"manager"})", as(admin, true));
  expect_problem(demote, 409, "last_admin");
  EXPECT_NE(demote.json()["detail"].get<std::string>().find("root is the last active admin"), std::string::npos);
  expect_problem(patch("root", R"({"active":false})", as(admin, true)), 409, "last_admin");
  expect_problem(patch("root", R"({"role":"operator","active":true})", as(admin, true)), 409, "last_admin");
  EXPECT_EQ(curl(url("/api/v1/me"), as(admin)).json()["role"], "admin") << "nothing was written";
  EXPECT_TRUE(audit("user.role").empty());

  ASSERT_EQ(patch("ann", R"({"active":true})", as(admin, true)).status, 200);
  auto now = patch("root", R"({"role":"manager"})", as(admin, true));
  EXPECT_EQ(now.status, 200) << now.body;
  expect_problem(curl(url("/api/v1/me"), as(admin)), 401, "session_expired");
  auto ann = login("ann", "ann password");
  expect_problem(patch("ann", R"({"role":"operator"})", as(ann, true)), 409, "last_admin");
}

TEST_F(UserAdminTest, AChangeToWhatIsStoredAlreadyLeavesTheUserAlone) {
  start();
  auto admin = login("root", "admin password");
  auto bob = login("bob", "bob password");
  clock_.advance(std::chrono::milliseconds(5));
  auto same = patch("bob", R"({"role":"operator","active":true})", as(admin, true));
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.json()["role"], "operator");
  clock_.advance(std::chrono::seconds(2));  // past the session's next look at its user
  EXPECT_EQ(curl(url("/api/v1/me"), as(bob)).status, 200);
  EXPECT_TRUE(audit("user.role").empty());
  EXPECT_TRUE(audit("user.activate").empty());
}

TEST_F(UserAdminTest, ChangingAUserAnswersEachRefusal) {
  add_user("mgr", Role::manager, "manager pass");
  start();
  auto admin = login("root", "admin password");
  auto mgr = login("mgr", "manager pass");
  auto bob = login("bob", "bob password");
  auto w = as(admin, true);
  expect_problem(patch("nobody", R"({"role":"manager"})", w), 404, "unknown_user");
  expect_problem(patch("bob", R"({"role":"boss"})", w), 400, "invalid_field");
  expect_problem(patch("bob", R"({"active":"no"})", w), 400, "invalid_field");
  expect_problem(patch("bob", R"({})", w), 400, "invalid_field");
  expect_problem(patch("bob", R"({"role":"manager","colour":"red"})", w), 400, "unknown_field");
  expect_problem(patch("bob", R"({"password":"short"})", w), 422, "weak_password");
  expect_problem(patch("bob", R"({"role":"manager"})", as(admin)), 403, "csrf_token_invalid");
  expect_problem(patch("bob", R"({"role":"manager"})", as(mgr, true)), 403, "forbidden");
  expect_problem(patch("bob", R"({"role":"admin"})", as(bob, true)), 403, "forbidden");
  expect_problem(patch("bob", R"({"role":"manager"})", {}), 401, "unauthenticated");
  EXPECT_EQ(curl(url("/api/v1/me"), as(bob)).json()["role"], "operator");
  EXPECT_TRUE(audit("user.role").empty());
}

TEST_F(UserAdminTest, AnAdminSetsAPasswordAndTheOldOneAndItsSessionsStopWorking) {
  start();
  auto admin = login("root", "admin password");
  auto bob = login("bob", "bob password");
  const std::string token = token_for("bob");
  auto r = patch("bob", R"({"password":"bob's new password"})", as(admin, true));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_problem(curl(url("/api/v1/me"), as(bob)), 401, "session_expired");
  EXPECT_EQ(curl(url("/api/v1/me"), bearer(token)).status, 200) << "a token is no password";
  expect_problem(try_login("bob", "bob password"), 401, "invalid_credentials");
  EXPECT_EQ(try_login("bob", "bob's new password").status, 200);
  ASSERT_EQ(audit("user.password").size(), 1u);
  EXPECT_EQ(audit("user.password")[0].actor, "user:root");
}

TEST_F(UserAdminTest, AUserChangesTheirOwnPasswordAndTheirOtherSessionsEnd) {
  start();
  auto here = login("bob", "bob password");
  auto elsewhere = login("bob", "bob password");
  clock_.advance(std::chrono::milliseconds(5));  // the change comes after the logins
  auto r = send("POST", "/api/v1/me/password", R"({"current":"bob password","new":"a better secret"})",
                as(here, true));
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(curl(url("/api/v1/me"), as(here)).status, 200) << "the session that asked stays";
  clock_.advance(std::chrono::seconds(2));  // past the session's next look at its user
  EXPECT_EQ(curl(url("/api/v1/me"), as(here)).status, 200) << "and outlives its own change";
  expect_problem(curl(url("/api/v1/me"), as(elsewhere)), 401, "session_expired");
  expect_problem(try_login("bob", "bob password"), 401, "invalid_credentials");
  EXPECT_EQ(try_login("bob", "a better secret").status, 200);
  ASSERT_EQ(audit("user.password").size(), 1u);
  EXPECT_EQ(audit("user.password")[0].actor, "user:bob");
  EXPECT_EQ(audit("user.password")[0].target, "user:bob");
}

TEST_F(UserAdminTest, AWrongCurrentPasswordIsRefusedAndCountedLikeAFailedLogin) {
  start();
  auto bob = login("bob", "bob password");
  auto change = [&](const std::string& body) { return send("POST", "/api/v1/me/password", body, as(bob, true)); };
  expect_problem(change(R"({"current":"bob password","new":"short"})"), 422, "weak_password");
  expect_problem(change(R"({"current":"bob password"})"), 400, "invalid_field");
  expect_problem(send("POST", "/api/v1/me/password", R"({"current":"bob password","new":"a better secret"})",
                      as(bob)),
                 403, "csrf_token_invalid");
  for (int i = 0; i < 3; ++i)
    expect_problem(change(R"({"current":"guess )" + std::to_string(i) + R"(","new":"a better secret"})"), 403,
                   "wrong_password");
  auto failed = audit("login.failed");
  ASSERT_EQ(failed.size(), 3u);
  EXPECT_EQ(failed[0].detail, "password change");
  EXPECT_EQ(audit("login.locked").size(), 1u);
  expect_problem(change(R"({"current":"bob password","new":"a better secret"})"), 429, "login_locked");
  expect_problem(try_login("bob", "bob password"), 429, "login_locked");
  EXPECT_TRUE(audit("user.password").empty());
}

// The command line changes the store from another process: the server
// learns of it when it looks at the user again, within a second.
TEST_F(UserAdminTest, AChangeMadeOnTheBoxEndsSessionsAndStopsTokensWithinASecond) {
  add_user("amy", Role::operator_, "amy password");
  add_user("cy", Role::operator_, "cy password");
  start();
  auto bob = login("bob", "bob password"), amy = login("amy", "amy password"), cy = login("cy", "cy password");
  const std::string token = token_for("bob");
  ASSERT_EQ(curl(url("/api/v1/me"), bearer(token)).status, 200);
  clock_.advance(std::chrono::milliseconds(5));  // the changes come after the logins
  auto on_the_box = [&](const std::string& name, inventory::UserChange change) {
    auto r = engine_->run<inventory::UserChanged>(
        [&](inventory::Tx& tx) { return inventory::change_user(tx, name, change); });
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    ASSERT_EQ(r->outcome, inventory::UserChanged::Outcome::changed);
  };
  on_the_box("bob", {std::nullopt, false, std::nullopt});
  on_the_box("amy", {Role::manager, std::nullopt, std::nullopt});
  auto hash = hash_password("cy's new password");
  ASSERT_TRUE(hash.is_ok());
  on_the_box("cy", {std::nullopt, std::nullopt, *hash});
  clock_.advance(std::chrono::seconds(1));
  expect_problem(curl(url("/api/v1/me"), as(bob)), 401, "session_expired");
  expect_problem(curl(url("/api/v1/me"), bearer(token)), 401, "unauthenticated");
  expect_problem(curl(url("/api/v1/me"), as(amy)), 401, "session_expired");
  expect_problem(curl(url("/api/v1/me"), as(cy)), 401, "session_expired");
  auto root = login("root", "admin password");
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(curl(url("/api/v1/me"), as(root)).status, 200) << "an unchanged user's session goes on";
}

TEST_F(UserAdminTest, AnAdminMakesListsAndRevokesTokensEachEffectiveAtOnce) {
  start();
  auto admin = login("root", "admin password");
  auto made = send("POST", "/api/v1/tokens", R"({"user":"bob","label":"handheld 3","expires_in_days":30})",
                   as(admin, true));
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.header("Cache-Control"), "no-store");
  const auto m = made.json();
  const std::string token = m["token"];
  EXPECT_TRUE(token.starts_with("jxc_"));
  EXPECT_EQ(m["user"], "bob");
  EXPECT_TRUE(m["revoked_at"].is_null());
  EXPECT_EQ(m["expires_at"], format_iso8601(clock_.now_ms() + 30LL * 86'400'000));
  auto me = curl(url("/api/v1/me"), bearer(token));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"], "bob");
  EXPECT_EQ(*inventory::testing::query_int(q(), "SELECT count(*) FROM api_tokens WHERE token_hash = '" +
                                                        token_hash(token) + "'"),
            1);

  token_for("root");
  auto all = curl(url("/api/v1/tokens"), as(admin));
  ASSERT_EQ(all.status, 200) << all.body;
  const auto listed = all.json();  // the loop below walks it: it must outlive the loop
  ASSERT_EQ(listed["tokens"].size(), 2u);
  for (const auto& t : listed["tokens"]) {
    EXPECT_FALSE(t.contains("token")) << t.dump();
    EXPECT_FALSE(t.contains("token_hash")) << t.dump();
  }
  EXPECT_EQ(all.body.find(token_hash(token)), std::string::npos);
  auto bobs = curl(url("/api/v1/tokens?user=bob"), as(admin));
  ASSERT_EQ(bobs.json()["tokens"].size(), 1u);
  EXPECT_EQ(bobs.json()["tokens"][0]["label"], "handheld 3");
  EXPECT_EQ(bobs.json()["tokens"][0]["id"], m["id"]);

  const std::string id = std::to_string(m["id"].get<std::int64_t>());
  auto revoked = send("DELETE", "/api/v1/tokens/" + id, "", as(admin, true));
  EXPECT_EQ(revoked.status, 204) << revoked.body;
  expect_problem(curl(url("/api/v1/me"), bearer(token)), 401, "unauthenticated");
  EXPECT_EQ(audit("token.revoke").size(), 1u);
  EXPECT_EQ(send("DELETE", "/api/v1/tokens/" + id, "", as(admin, true)).status, 204) << "again: no change";
  auto after = curl(url("/api/v1/tokens?user=bob"), as(admin));
  EXPECT_TRUE(after.json()["tokens"][0]["revoked_at"].is_string()) << after.body;
  ASSERT_EQ(audit("token.revoke").size(), 1u) << "revoking again is not audited";
  EXPECT_EQ(audit("token.revoke")[0].target, "token:" + id);
  ASSERT_EQ(audit("token.add").size(), 1u);
  EXPECT_EQ(audit("token.add")[0].detail, "handheld 3");
}

TEST_F(UserAdminTest, TokenRequestsAnswerEachRefusal) {
  add_user("mgr", Role::manager, "manager pass");
  start();
  auto admin = login("root", "admin password");
  auto mgr = login("mgr", "manager pass");
  auto bob = login("bob", "bob password");
  auto w = as(admin, true);
  expect_problem(send("POST", "/api/v1/tokens", R"({"user":"nobody","label":"x"})", w), 422, "unknown_user");
  expect_problem(send("POST", "/api/v1/tokens", R"({"user":"bob"})", w), 400, "invalid_field");
  expect_problem(send("POST", "/api/v1/tokens", R"({"user":"bob","label":"x","expires_in_days":0})", w), 400,
                 "invalid_field");
  expect_problem(send("POST", "/api/v1/tokens", R"({"user":"bob","label":"x","role":"admin"})", w), 400,
                 "unknown_field");
  expect_problem(send("DELETE", "/api/v1/tokens/999", "", w), 404, "unknown_token");
  expect_problem(send("DELETE", "/api/v1/tokens/abc", "", w), 400, "invalid_parameter");
  for (const Login* l : {&mgr, &bob}) {
    expect_problem(curl(url("/api/v1/tokens"), as(*l)), 403, "forbidden");
    expect_problem(send("POST", "/api/v1/tokens", R"({"user":"bob","label":"x"})", as(*l, true)), 403, "forbidden");
    expect_problem(send("DELETE", "/api/v1/tokens/1", "", as(*l, true)), 403, "forbidden");
  }
  EXPECT_TRUE(audit("token.add").empty());
}

}  // namespace
}  // namespace jxc::http
