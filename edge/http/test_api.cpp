#include "edge/http/test_api.h"

#include "edge/inventory/tx.h"

namespace jxc::http::testing {

void ApiTest::SetUp() {
  StoreTest::SetUp();
  config_.store.path = store_path_;
  config_.http.enabled = true;
  config_.http.port = 0;
  config_.http.max_body_bytes = 1024;
  config_.http.max_header_bytes = 1024;
  config_.http.request_timeout_s = 1;
  config_.http.idle_timeout_s = 5;
}

void ApiTest::TearDown() {
  service_.reset();
  StoreTest::TearDown();
}

void ApiTest::start() {
  auto s = HttpService::start(config_, *engine_, health_, metrics_, clock_, scans_);
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  service_ = std::move(s).value();
  service_->set_ready(true);
}

std::string ApiTest::url(const std::string& path) const {
  return (config_.http.tls_enabled() ? "https://127.0.0.1:" : "http://127.0.0.1:") +
         std::to_string(service_->port()) + path;
}

bool ApiTest::still_answers() { return curl(url("/healthz")).status == 200; }

void ApiTest::add_user(const std::string& name, inventory::Role role, const std::string& password) {
  auto hash = hash_password(password);
  ASSERT_TRUE(hash.is_ok());
  auto r = engine_->run<std::int64_t>(
      [&](inventory::Tx& tx) { return inventory::add_user(tx, name, role, *hash); });
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
}

Login ApiTest::login(const std::string& name, const std::string& password) {
  nlohmann::json body = {{"user", name}, {"password", password}};
  auto r = curl(url("/api/v1/session"),
                {"-X", "POST", "-H", "Content-Type: application/json", "--data-binary", body.dump()});
  EXPECT_EQ(r.status, 200) << r.body << r.error;
  std::string set = r.header("Set-Cookie");
  Login l;
  l.cookie = set.substr(0, set.find(';'));
  l.csrf = r.json().value("csrf_token", "");
  return l;
}

std::vector<std::string> ApiTest::as(const Login& l, bool with_csrf) const {
  std::vector<std::string> args = {"-b", l.cookie};
  if (with_csrf) {
    args.push_back("-H");
    args.push_back("X-CSRF-Token: " + l.csrf);
  }
  return args;
}

std::string ApiTest::token_for(const std::string& user) {
  std::string token = new_api_token();
  auto r = engine_->run<std::int64_t>(
      [&](inventory::Tx& tx) { return inventory::add_api_token(tx, user, "test", token_hash(token), 0); });
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return token;
}

void expect_problem(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body << r.error;
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
  auto j = r.json();
  EXPECT_EQ(j["status"], status) << r.body;
  EXPECT_EQ(j["code"], code) << r.body;
  EXPECT_TRUE(j["detail"].is_string()) << r.body;
  EXPECT_TRUE(j["title"].is_string()) << r.body;
}

}  // namespace jxc::http::testing
