// A login lock-out raises a login_locked alert, with the texts people read,
// through the real login endpoint and store.
#include <gtest/gtest.h>

#include <set>

#include "edge/alerts/alert_store.h"
#include "edge/http/test_api.h"

namespace jxc::http::testing {
namespace {

class LoginAlertTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    config_.http.login_max_failures = 2;
    config_.http.login_lockout_minutes = 15;
    add_user("clerk", inventory::Role::operator_, "clerk password 1");
  }
  Reply try_login(const std::string& user, const std::string& password) {
    nlohmann::json body = {{"user", user}, {"password", password}};
    return curl(url("/api/v1/session"),
                {"-X", "POST", "-H", "Content-Type: application/json", "--data-binary", body.dump()});
  }
  std::vector<alerts::Alert> open_alerts() {
    auto a = alerts::load_alerts(q(), alerts::AlertFilter{});
    EXPECT_TRUE(a.is_ok());
    return a.is_ok() ? *a : std::vector<alerts::Alert>{};
  }
};

TEST_F(LoginAlertTest, LockOutRaisesAnAlertPerLockedKey) {
  start();
  expect_problem(try_login("clerk", "wrong"), 401, "invalid_credentials");
  EXPECT_TRUE(open_alerts().empty());  // one failure locks nothing
  expect_problem(try_login("clerk", "wrong"), 401, "invalid_credentials");
  auto open = open_alerts();
  ASSERT_EQ(open.size(), 2u);  // the user name and the address, both at their limit
  std::set<std::string> subjects;
  for (const auto& a : open) {
    EXPECT_EQ(a.key.kind, alerts::Kind::login_locked);
    subjects.insert(a.key.subject);
  }
  EXPECT_EQ(subjects, (std::set<std::string>{"user:clerk", "address:127.0.0.1"}));
  for (const auto& a : open) {
    if (a.key.subject == "user:clerk") {
      EXPECT_EQ(a.detail, "用户 clerk 连续 2 次登录失败，已锁定 15 分钟（最后一次来自 127.0.0.1）。");
    }
  }
  expect_problem(try_login("clerk", "clerk password 1"), 429, "login_locked");
  EXPECT_EQ(open_alerts().size(), 2u);  // refused attempts raise nothing more

  // Acknowledged, the finding is done with; a later lock-out raises it again.
  auto acked = engine_->run<alerts::Alert>(
      [id = open[0].id](inventory::Tx& tx) { return alerts::store_acknowledge(tx, id, "boss"); });
  ASSERT_TRUE(acked.is_ok()) << acked.status().to_string();
  EXPECT_FALSE(acked->open);
  EXPECT_EQ(open_alerts().size(), 1u);
}

}  // namespace
}  // namespace jxc::http::testing
