// Users, sessions, tokens, roles and the audit trail through the real
// server, with curl as the client.
#include <gtest/gtest.h>

#include "edge/common/local_time.h"
#include "edge/http/test_api.h"
#include "edge/inventory/audit_records.h"
#include "tests/child_process.h"

namespace jxc::http {
namespace {

using inventory::Role;
using testing::curl;
using testing::expect_problem;
using testing::Reply;

class AuthTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    config_.http.login_max_failures = 3;
    config_.http.login_lockout_minutes = 15;
    config_.http.session_idle_minutes = 30;
    config_.http.session_absolute_hours = 2;
  }
  Reply post_login(const std::string& user, const std::string& password) {
    nlohmann::json body = {{"user", user}, {"password", password}};
    return curl(url("/api/v1/session"),
                {"-X", "POST", "-H", "Content-Type: application/json", "--data-binary", body.dump()});
  }
  Reply post_json(const std::string& path, const std::string& body, std::vector<std::string> auth) {
    std::vector<std::string> args = {"-X", "POST", "-H", "Content-Type: application/json", "--data-binary", body};
    args.insert(args.end(), auth.begin(), auth.end());
    return curl(url(path), args);
  }
  std::vector<inventory::AuditEntry> audit(const std::string& action) {
    inventory::AuditFilter f;
    f.action = action;
    auto r = inventory::audit_entries(q(), f);
    EXPECT_TRUE(r.is_ok());
    return r.is_ok() ? *r : std::vector<inventory::AuditEntry>{};
  }
  std::vector<std::string> bearer(const std::string& token) { return {"-H", "Authorization: Bearer " + token}; }
};

TEST_F(AuthTest, ThereIsNoDefaultUser) {
  start();
  expect_problem(post_login("admin", "admin"), 401, "invalid_credentials");
  expect_problem(post_login("admin", ""), 401, "invalid_credentials");
  expect_problem(curl(url("/api/v1/me")), 401, "unauthenticated");
}

TEST_F(AuthTest, ALoginSetsAnHttpOnlyStrictCookieThatIdentifiesTheUser) {
  add_user("li.wei", Role::operator_, "correct horse");
  start();
  auto r = post_login("li.wei", "correct horse");
  ASSERT_EQ(r.status, 200) << r.body;
  std::string cookie = r.header("Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("jxc_session=")) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Max-Age=7200"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP: " << cookie;
  EXPECT_EQ(r.json()["role"], "operator");
  EXPECT_FALSE(r.json()["csrf_token"].get<std::string>().empty());

  auto me = curl(url("/api/v1/me"), {"-b", cookie.substr(0, cookie.find(';'))});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json(), nlohmann::json({{"user", "li.wei"},
                                       {"role", "operator"},
                                       {"via", "session"},
                                       {"timezone", TimeZone::system().name()},
                                       {"currency", "CNY"}}));
  ASSERT_EQ(audit("login").size(), 1u);
  EXPECT_EQ(audit("login")[0].actor, "user:li.wei");
  EXPECT_EQ(audit("login")[0].address, "127.0.0.1");
}

// Pages show times in the site's zone and amounts in its currency, which
// only the configuration knows.
TEST_F(AuthTest, MeNamesTheSitesTimeZoneAndCurrency) {
  add_user("li.wei", Role::operator_, "correct horse");
  config_.site.timezone = "Europe/Berlin";
  config_.site.currency = "EUR";
  start();
  auto me = curl(url("/api/v1/me"), as(login("li.wei", "correct horse")));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["timezone"], "Europe/Berlin");
  EXPECT_EQ(me.json()["currency"], "EUR");
  auto by_token = curl(url("/api/v1/me"), bearer(token_for("li.wei")));
  EXPECT_EQ(by_token.json()["timezone"], "Europe/Berlin");
  EXPECT_EQ(by_token.json()["currency"], "EUR");
}

// [site] timezone = "" is the system's zone, as for every other local time:
// pages get its name, never "".
TEST_F(AuthTest, MeNamesTheSystemsZoneWhenTheSiteSetsNone) {
  add_user("li.wei", Role::operator_, "correct horse");
  ASSERT_EQ(config_.site.timezone, "");
  start();
  auto me = curl(url("/api/v1/me"), as(login("li.wei", "correct horse")));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["timezone"], TimeZone::system().name());
  EXPECT_NE(me.json()["timezone"], "");
}

TEST_F(AuthTest, AWrongPasswordIsRefusedAndAudited) {
  add_user("li.wei", Role::operator_, "correct horse");
  start();
  expect_problem(post_login("li.wei", "wrong horse"), 401, "invalid_credentials");
  ASSERT_EQ(audit("login.failed").size(), 1u);
  EXPECT_EQ(audit("login.failed")[0].actor, "user:li.wei");
  EXPECT_TRUE(audit("login").empty());
}

TEST_F(AuthTest, RepeatedFailuresLockTheUserOutUntilTheLockoutPasses) {
  add_user("li.wei", Role::operator_, "correct horse");
  start();
  for (int i = 0; i < 3; ++i) expect_problem(post_login("li.wei", "guess " + std::to_string(i)), 401, "invalid_credentials");
  auto locked = post_login("li.wei", "correct horse");
  expect_problem(locked, 429, "login_locked");
  EXPECT_EQ(locked.header("Retry-After"), "900");
  ASSERT_EQ(audit("login.locked").size(), 1u);
  clock_.advance(std::chrono::minutes(15));
  EXPECT_EQ(post_login("li.wei", "correct horse").status, 200);
}

TEST_F(AuthTest, FailuresFromOneAddressAcrossUserNamesLockTheAddress) {
  add_user("li.wei", Role::operator_, "correct horse");
  start();
  for (const char* name : {"a", "b", "c"}) expect_problem(post_login(name, "x"), 401, "invalid_credentials");
  expect_problem(post_login("li.wei", "correct horse"), 429, "login_locked");
  auto locked = audit("login.locked");
  ASSERT_EQ(locked.size(), 1u);
  EXPECT_EQ(locked[0].target, "address:127.0.0.1");
}

TEST_F(AuthTest, ASessionEndsWhenIdleAndAtItsAbsoluteLimit) {
  add_user("li.wei", Role::operator_, "correct horse");
  start();
  auto idle = login("li.wei", "correct horse");
  clock_.advance(std::chrono::minutes(29));
  EXPECT_EQ(curl(url("/api/v1/me"), as(idle)).status, 200);
  clock_.advance(std::chrono::minutes(30));
  expect_problem(curl(url("/api/v1/me"), as(idle)), 401, "session_expired");

  auto busy = login("li.wei", "correct horse");
  for (int i = 0; i < 4; ++i) {
    clock_.advance(std::chrono::minutes(29));
    EXPECT_EQ(curl(url("/api/v1/me"), as(busy)).status, 200) << i;
  }
  clock_.advance(std::chrono::minutes(5));  // 2 h 1 min after login
  expect_problem(curl(url("/api/v1/me"), as(busy)), 401, "session_expired");
}

TEST_F(AuthTest, CookieWritesNeedTheCsrfToken) {
  add_user("li.wei", Role::operator_, "correct horse");
  start();
  auto s = login("li.wei", "correct horse");
  std::vector<std::string> no_token = as(s);
  no_token.insert(no_token.begin(), {"-X", "DELETE"});
  expect_problem(curl(url("/api/v1/session"), no_token), 403, "csrf_token_invalid");
  std::vector<std::string> wrong = {"-X", "DELETE", "-b", s.cookie, "-H", "X-CSRF-Token: nope"};
  expect_problem(curl(url("/api/v1/session"), wrong), 403, "csrf_token_invalid");
  std::vector<std::string> right = as(s, true);
  right.insert(right.begin(), {"-X", "DELETE"});
  auto out = curl(url("/api/v1/session"), right);
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  expect_problem(curl(url("/api/v1/me"), as(s)), 401, "session_expired");
  EXPECT_EQ(audit("logout").size(), 1u);
}

TEST_F(AuthTest, ApiTokensAuthenticateAndAreStoredHashed) {
  add_user("erp", Role::admin, "long enough secret");
  start();
  std::string token = token_for("erp");
  auto me = curl(url("/api/v1/me"), bearer(token));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["via"], "token");
  EXPECT_EQ(*inventory::testing::query_int(q(), "SELECT count(*) FROM api_tokens WHERE token_hash = '" +
                                                        token_hash(token) + "'"),
            1);
  EXPECT_EQ(*inventory::testing::query_int(q(), "SELECT count(*) FROM api_tokens WHERE token_hash = '" +
                                                        token + "'"),
            0);
  expect_problem(curl(url("/api/v1/me"), bearer(token + "x")), 401, "unauthenticated");
  expect_problem(curl(url("/api/v1/me"), {"-H", "Authorization: Basic ZXJwOng="}), 401, "unauthenticated");
  // A token is no cookie: no CSRF token is asked of it.
  auto added = post_json("/api/v1/users", R"({"name":"bob","role":"operator","password":"12345678"})", bearer(token));
  EXPECT_EQ(added.status, 201) << added.body;
}

// A token's check runs on a pooled read connection before the request's
// own reads; it must not leave that connection inside the snapshot it read,
// or what the request reads next comes from the past.
TEST_F(AuthTest, ATokenCheckLeavesNoSnapshotBehindOnItsConnection) {
  add_user("erp", Role::admin, "long enough secret");
  std::string token = token_for("erp");
  auto found = inventory::usable_token(q(), token_hash(token), clock_.now_ms());
  ASSERT_TRUE(found.is_ok() && found->has_value());
  receive("TEA-500", 7, "A-02");
  inventory::StockFilter f;
  f.sku = "TEA-500";
  auto rows = q().stock(f);
  ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
  inventory::Qty total = 0;
  for (const auto& b : *rows) total += b.qty;
  EXPECT_EQ(total, 7);
}

TEST_F(AuthTest, EachRoleIsRefusedWhatItMayNotDo) {
  add_user("op", Role::operator_, "operator pass");
  add_user("mgr", Role::manager, "manager pass");
  add_user("root", Role::admin, "admin password");
  start();
  auto op = login("op", "operator pass"), mgr = login("mgr", "manager pass"), admin = login("root", "admin password");
  const std::string bob = R"({"name":"bob","role":"operator","password":"12345678"})";

  expect_problem(curl(url("/api/v1/audit"), as(op)), 403, "forbidden");
  EXPECT_EQ(curl(url("/api/v1/audit"), as(mgr)).status, 200);
  EXPECT_EQ(curl(url("/api/v1/audit"), as(admin)).status, 200);

  expect_problem(curl(url("/api/v1/users"), as(op)), 403, "forbidden");
  expect_problem(curl(url("/api/v1/users"), as(mgr)), 403, "forbidden");
  expect_problem(post_json("/api/v1/users", bob, as(mgr, true)), 403, "forbidden");
  EXPECT_EQ(post_json("/api/v1/users", bob, as(admin, true)).status, 201);
  auto list = curl(url("/api/v1/users"), as(admin));
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.json()["users"].size(), 4u);
}

TEST_F(AuthTest, AddingAUserAnswersEachErrorClass) {
  add_user("root", Role::admin, "admin password");
  start();
  auto admin = login("root", "admin password");
  auto w = as(admin, true);
  EXPECT_EQ(post_json("/api/v1/users", R"({"name":"bob","role":"manager","password":"12345678"})", w).status, 201);
  expect_problem(post_json("/api/v1/users", R"({"name":"bob","role":"manager","password":"12345678"})", w), 409,
                 "conflict");
  expect_problem(post_json("/api/v1/users", R"({"name":"amy","role":"manager","password":"short"})", w), 422,
                 "weak_password");
  expect_problem(post_json("/api/v1/users", R"({"name":"amy","role":"boss","password":"12345678"})", w), 400,
                 "invalid_field");
  expect_problem(post_json("/api/v1/users", R"({"name":"amy","role":"manager"})", w), 400, "invalid_field");
  expect_problem(post_json("/api/v1/users", R"({"name":"amy", )", w), 400, "malformed_json");
  expect_problem(post_json("/api/v1/users", "[1]", w), 400, "malformed_json");
  expect_problem(post_json("/api/v1/users", "{\"name\":\"\xff\"}", w), 400, "malformed_json");
  std::string deep = "1";
  for (int i = 0; i < 40; ++i) deep = "{\"name\":" + deep + "}";  // an object, 40 deep
  expect_problem(post_json("/api/v1/users", deep, w), 400, "malformed_json");
  std::vector<std::string> form = {"-X", "POST", "--data-binary", "name=amy"};
  form.insert(form.end(), w.begin(), w.end());
  expect_problem(curl(url("/api/v1/users"), form), 415, "unsupported_media_type");
  expect_problem(curl(url("/api/v1/users"), {"-X", "PUT"}), 405, "method_not_allowed");
}

TEST_F(AuthTest, TheAuditTrailNamesWhoDidWhatAndPagesBackwards) {
  add_user("root", Role::admin, "admin password");
  add_user("mgr", Role::manager, "manager pass");
  start();
  auto admin = login("root", "admin password");
  ASSERT_EQ(post_json("/api/v1/users", R"({"name":"bob","role":"operator","password":"12345678"})",
                      as(admin, true)).status, 201);
  auto mgr = login("mgr", "manager pass");
  auto added = curl(url("/api/v1/audit?action=user.add"), as(mgr));
  ASSERT_EQ(added.status, 200) << added.body;
  ASSERT_EQ(added.json()["entries"].size(), 1u);
  EXPECT_EQ(added.json()["entries"][0]["actor"], "user:root");
  EXPECT_EQ(added.json()["entries"][0]["target"], "user:bob");

  auto first = curl(url("/api/v1/audit?limit=1"), as(mgr));
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.json()["entries"].size(), 1u);
  EXPECT_EQ(first.json()["entries"][0]["action"], "login");  // mgr's, the newest
  auto before = first.json()["next_before"].get<std::int64_t>();
  auto next = curl(url("/api/v1/audit?limit=1&before=" + std::to_string(before)), as(mgr));
  ASSERT_EQ(next.json()["entries"].size(), 1u);
  EXPECT_EQ(next.json()["entries"][0]["action"], "user.add");
  expect_problem(curl(url("/api/v1/audit?limit=0"), as(mgr)), 400, "invalid_parameter");
  expect_problem(curl(url("/api/v1/audit?limit=abc"), as(mgr)), 400, "invalid_parameter");
  // Append-only: the store refuses to change history.
  EXPECT_FALSE(inventory::testing::exec_sql(*engine_, "DELETE FROM audit").is_ok());
}

TEST_F(AuthTest, TheNetworkIsServedOnlyOnceAnAdminExists) {
  config_.http.address = "0.0.0.0";
  config_.http.allow_plain_http_on_lan = true;
  add_user("mgr", Role::manager, "manager pass");
  start();
  EXPECT_EQ(service_->address(), "127.0.0.1");
  EXPECT_TRUE(still_answers());
  service_.reset();
  add_user("root", Role::admin, "admin password");
  start();
  EXPECT_EQ(service_->address(), "0.0.0.0");
}

TEST_F(AuthTest, OverTlsTheSessionCookieIsSecure) {
  jxc::testing::TempDir dir;
  auto made = jxc::testing::run_to_exit(
      {{"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir / "key.pem", "-out",
        dir / "cert.pem"}});
  ASSERT_TRUE(made.exited_with(0)) << made.output;
  config_.http.tls.cert_file = dir / "cert.pem";
  config_.http.tls.key_file = dir / "key.pem";
  add_user("li.wei", Role::operator_, "correct horse");
  start();
  auto r = curl(url("/api/v1/session"), {"--cacert", dir / "cert.pem", "-X", "POST", "-H",
                                         "Content-Type: application/json", "--data-binary",
                                         R"({"user":"li.wei","password":"correct horse"})"});
  ASSERT_EQ(r.status, 200) << r.body << r.error;
  EXPECT_NE(r.header("Set-Cookie").find("; Secure"), std::string::npos) << r.header("Set-Cookie");
}

}  // namespace
}  // namespace jxc::http
