// The alert page channel messages link to, through the real server with curl
// as the browser: a GET never acknowledges, a manager signs in on the page and
// acknowledges once, with the API's audit and outbox event; an operator, a
// missing CSRF token and an unknown id are refused; everything is escaped.
#include <gtest/gtest.h>

#include "edge/alerts/alert_store.h"
#include "edge/http/test_api.h"
#include "edge/inventory/test_store.h"

namespace jxc::http {
namespace {

using inventory::Role;
using testing::curl;
using testing::Reply;
using Args = std::vector<std::string>;

class AlertPageTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    add_user("boss", Role::manager, "boss password");
    add_user("clerk", Role::operator_, "clerk password");
    config_.site.timezone = "Asia/Shanghai";
    start();
  }
  std::int64_t alert(const std::string& detail = "绿茶 低于预警值") {
    auto a = engine_->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
      alerts::Alert al =
          alerts::make_alert({alerts::Kind::low_stock, "TEA-500", "A-01", "", ""}, 3, 10, detail, tx.now());
      JXC_ASSIGN(bool opened, alerts::store_raise(tx, al));
      (void)opened;
      return al.id;
    });
    EXPECT_TRUE(a.is_ok()) << a.status().to_string();
    return *a;
  }
  std::string page(std::int64_t id) const { return url("/alerts/" + std::to_string(id)); }
  // Signs in through the page's form; the session cookie ("jxc_session=...").
  std::string sign_in(std::int64_t id, const std::string& user, const std::string& password) {
    Reply r = curl(page(id) + "/sign-in?lang=zh-CN",
                   {"--data-urlencode", "user=" + user, "--data-urlencode", "password=" + password});
    EXPECT_EQ(r.status, 303) << r.headers << r.body;
    EXPECT_EQ(r.header("Location"), "/alerts/" + std::to_string(id) + "?lang=zh-CN");
    const std::string set = r.header("Set-Cookie");
    return set.substr(0, set.find(';'));
  }
  static std::string csrf_in(const std::string& html) {
    const std::string mark = "name=\"csrf_token\" value=\"";
    const auto at = html.find(mark);
    if (at == std::string::npos) return "";
    return html.substr(at + mark.size(), html.find('"', at + mark.size()) - at - mark.size());
  }
  Reply acknowledge(std::int64_t id, const std::string& cookie, const std::string& csrf) {
    Args args = {"-b", cookie, "-X", "POST", "-H", "Content-Type: application/x-www-form-urlencoded"};
    if (!csrf.empty()) args.insert(args.end(), {"--data-urlencode", "csrf_token=" + csrf});
    return curl(page(id) + "/acknowledge?lang=zh-CN", args);
  }
  std::int64_t count(const std::string& sql) {
    auto q = inventory::Queries::open(store_path_);
    return *inventory::testing::query_int(**q, sql);
  }
  std::int64_t acks() { return count("SELECT count(*) FROM outbox WHERE type='alert.acknowledged'"); }
  std::int64_t audits() { return count("SELECT count(*) FROM audit WHERE action='alert.acknowledge'"); }
  bool acked(std::int64_t id) {
    return count("SELECT count(*) FROM alerts WHERE id=" + std::to_string(id) + " AND acked_at IS NOT NULL") == 1;
  }
};

TEST_F(AlertPageTest, AGetNeverAcknowledgesSignedInOrNot) {
  const std::int64_t id = alert();
  Reply anonymous = curl(page(id));
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(anonymous.body.find("请先登录"), std::string::npos) << anonymous.body;
  EXPECT_NE(anonymous.body.find("action=\"/alerts/" + std::to_string(id) + "/sign-in?lang=zh-CN\""),
            std::string::npos);
  EXPECT_EQ(anonymous.body.find("TEA-500"), std::string::npos) << "the alert is shown to managers only";
  const std::string boss = sign_in(id, "boss", "boss password");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(curl(page(id), {"-b", boss}).status, 200);
  EXPECT_EQ(curl(page(id) + "/acknowledge", {"-b", boss}).status, 405);  // a link followed is a GET
  EXPECT_FALSE(acked(id));
  EXPECT_EQ(acks(), 0);
  EXPECT_EQ(audits(), 0);
}

TEST_F(AlertPageTest, AManagerSignsInOnThePageAndAcknowledgesOnce) {
  const std::int64_t id = alert();
  Reply wrong = curl(page(id) + "/sign-in", {"--data-urlencode", "user=boss", "--data-urlencode", "password=nope"});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("用户名或密码错误"), std::string::npos) << wrong.body;
  EXPECT_EQ(wrong.header("Set-Cookie"), "");

  const std::string boss = sign_in(id, "boss", "boss password");
  Reply shown = curl(page(id), {"-b", boss});
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_NE(shown.body.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(shown.body.find("状态: 待处理"), std::string::npos) << shown.body;
  EXPECT_NE(shown.body.find("Green tea 500g (TEA-500)"), std::string::npos) << shown.body;
  EXPECT_NE(shown.body.find("(UTC+08:00)"), std::string::npos) << "the site's local time";
  EXPECT_NE(shown.body.find("<button type=\"submit\">确认</button>"), std::string::npos);
  EXPECT_EQ(shown.header("Cache-Control"), "no-store");
  const std::string csrf = csrf_in(shown.body);
  ASSERT_FALSE(csrf.empty()) << shown.body;

  Reply done = acknowledge(id, boss, csrf);
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("Location"), "/alerts/" + std::to_string(id) + "?lang=zh-CN");
  EXPECT_TRUE(acked(id));
  EXPECT_EQ(acks(), 1);
  EXPECT_EQ(audits(), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit WHERE action='alert.acknowledge' AND actor='user:boss'"), 1);
  // An acknowledged alert no longer escalates.
  auto due = engine_->run<std::size_t>([](inventory::Tx& tx) -> Result<std::size_t> {
    JXC_ASSIGN(auto escalated, alerts::store_escalate(tx, tx.now() + 24 * 3600 * 1000));
    return escalated.size();
  });
  ASSERT_TRUE(due.is_ok());
  EXPECT_EQ(*due, 0u);

  EXPECT_EQ(acknowledge(id, boss, csrf).status, 303);  // sent again: nothing more
  EXPECT_EQ(acks(), 1);
  EXPECT_EQ(audits(), 1);
  Reply after = curl(page(id), {"-b", boss});
  EXPECT_NE(after.body.find("状态: 已确认"), std::string::npos) << after.body;
  EXPECT_NE(after.body.find("user:boss"), std::string::npos);
  EXPECT_EQ(csrf_in(after.body), "") << "no button once acknowledged";
}

TEST_F(AlertPageTest, EnglishByQueryOrAcceptLanguage) {
  const std::int64_t id = alert();
  const std::string boss = sign_in(id, "boss", "boss password");
  for (const Args& asked : {Args{}, Args{"-H", "Accept-Language: en-US,en;q=0.9,zh;q=0.5"}}) {
    Reply r = curl(page(id) + (asked.empty() ? "?lang=en" : ""), [&] {
      Args a = {"-b", boss};
      a.insert(a.end(), asked.begin(), asked.end());
      return a;
    }());
    EXPECT_NE(r.body.find("<html lang=\"en\">"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("State: Open"), std::string::npos);
    EXPECT_NE(r.body.find("<button type=\"submit\">Acknowledge</button>"), std::string::npos);
    EXPECT_NE(r.body.find("/acknowledge?lang=en\""), std::string::npos);
  }
  Reply zh = curl(page(id), {"-b", boss, "-H", "Accept-Language: zh-CN,en;q=0.8"});
  EXPECT_NE(zh.body.find("<html lang=\"zh-CN\">"), std::string::npos);
}

TEST_F(AlertPageTest, AnOperatorIsRefused) {
  const std::int64_t id = alert();
  const std::string clerk = sign_in(id, "clerk", "clerk password");
  Reply shown = curl(page(id), {"-b", clerk});
  EXPECT_EQ(shown.status, 403);
  EXPECT_NE(shown.body.find("需要经理权限"), std::string::npos) << shown.body;
  EXPECT_EQ(shown.body.find("TEA-500"), std::string::npos);
  EXPECT_EQ(csrf_in(shown.body), "");
  // With the operator's own session token, as a script could read from the API's login.
  Reply api = curl(url("/api/v1/session"), {"-H", "Content-Type: application/json", "--data-binary",
                                             R"({"user":"clerk","password":"clerk password"})"});
  ASSERT_EQ(api.status, 200);
  const std::string cookie = api.header("Set-Cookie").substr(0, api.header("Set-Cookie").find(';'));
  EXPECT_EQ(acknowledge(id, cookie, api.json()["csrf_token"]).status, 403);
  EXPECT_FALSE(acked(id));
  EXPECT_EQ(audits(), 0);
}

TEST_F(AlertPageTest, AnUnknownIdIsANotFoundPage) {
  const std::int64_t id = alert();
  const std::string boss = sign_in(id, "boss", "boss password");
  for (const std::string path : {"/alerts/999", "/alerts/abc", "/alerts/0"}) {
    Reply r = curl(url(path), {"-b", boss});
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("没有这条预警"), std::string::npos) << r.body;
  }
  const std::string csrf = csrf_in(curl(page(id), {"-b", boss}).body);
  EXPECT_EQ(acknowledge(999, boss, csrf).status, 404);
}

TEST_F(AlertPageTest, AnAcknowledgementWithoutTheSessionsCsrfTokenIsRefused) {
  const std::int64_t id = alert();
  const std::string boss = sign_in(id, "boss", "boss password");
  const std::string csrf = csrf_in(curl(page(id), {"-b", boss}).body);
  ASSERT_FALSE(csrf.empty());
  Reply missing = acknowledge(id, boss, "");
  EXPECT_EQ(missing.status, 403);
  EXPECT_NE(missing.body.find("页面已过期"), std::string::npos) << missing.body;
  EXPECT_EQ(acknowledge(id, boss, csrf + "x").status, 403);
  EXPECT_EQ(acknowledge(id, "", csrf).status, 401);  // no session at all
  EXPECT_FALSE(acked(id));
  EXPECT_EQ(audits(), 0);
  EXPECT_EQ(acks(), 0);
}

TEST_F(AlertPageTest, WhatTheStoreHoldsIsEscaped) {
  const std::int64_t id = alert("<script>alert(\"x\")</script> & 'y'");
  const std::string boss = sign_in(id, "boss", "boss password");
  Reply r = curl(page(id), {"-b", boss});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"), std::string::npos)
      << r.body;
  EXPECT_NE(r.header("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
}

}  // namespace
}  // namespace jxc::http
