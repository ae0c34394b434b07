#include "edge/config/redact.h"

#include <gtest/gtest.h>

#include "edge/config/diff.h"
#include "edge/config/section.h"

namespace jxc::config {
namespace {

TEST(RedactUrls, MasksRobotTokensAndSignaturesAndKeepsTheRest) {
  EXPECT_EQ(redact_urls("https://oapi.dingtalk.com/robot/send?access_token=0123abcd"),
            "https://oapi.dingtalk.com/robot/send?access_token=***");
  EXPECT_EQ(redact_urls("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"),
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***");
  EXPECT_EQ(redact_urls("https://open.feishu.cn/open-apis/bot/v2/hook/2b0f1c7e-aaaa"),
            "https://open.feishu.cn/open-apis/bot/v2/hook/***");
  EXPECT_EQ(redact_urls("https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=17&sign=abc%3D"),
            "https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=17&sign=***");
  EXPECT_EQ(redact_urls("http://127.0.0.1:8080/hook?Key=x&site=S1"), "http://127.0.0.1:8080/hook?Key=***&site=S1");
  EXPECT_EQ(redact_urls("http://ops.example/alerts"), "http://ops.example/alerts");
  EXPECT_EQ(redact_urls("no url, key=value"), "no url, key=value");
}

TEST(RedactUrls, FindsUrlsInsideTextAndLists) {
  EXPECT_EQ(redact_urls(R"(["https://a/send?access_token=t1", "https://b/send?key=t2"])"),
            R"(["https://a/send?access_token=***", "https://b/send?key=***"])");
  EXPECT_EQ(redact_urls("URL https://a/x?token=t1 is not reachable"), "URL https://a/x?token=*** is not reachable");
}

// The reload diff notices a new token and shows neither.
TEST(RedactUrls, TheReloadDiffSeesANewTokenButShowsNone) {
  Section robots;
  robots.name = "robots";
  robots.keys = {"robots.url"};
  robots.render = [](const Config& c, std::string_view) { return "\"" + c.source + "\""; };
  Config a = defaults(), b = defaults();
  // `source` stands in for a section's value here: render reads it.
  a.source = "https://oapi.dingtalk.com/robot/send?access_token=OLDTOKEN";
  b.source = "https://oapi.dingtalk.com/robot/send?access_token=NEWTOKEN";
  auto changes = diff(a, b, {robots});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].key, "robots.url");
  EXPECT_EQ(changes[0].before, "\"https://oapi.dingtalk.com/robot/send?access_token=***\"");
  EXPECT_EQ(changes[0].after, changes[0].before);
}

}  // namespace
}  // namespace jxc::config
