// A robot's rate limit as sliding windows, and the digest that carries what
// it held back: pure, as tables.
#include <gtest/gtest.h>

#include "edge/alerts/channels/messages.h"
#include "edge/alerts/channels/rate_limit.h"

namespace jxc::alerts::channels {
namespace {

TEST(RateLimit, TwentyAMinuteForDingTalkAndWeCom) {
  for (const char* kind : {"dingtalk", "wecom"}) {
    RateLimit r(robot_rate_rules(kind));
    ASSERT_TRUE(r.limited());
    const TimeMs t0 = 1'000'000;
    for (int i = 0; i < 20; ++i) {
      EXPECT_EQ(r.next_free(t0 + i * 1000), t0 + i * 1000) << kind << " message " << i;
      r.take(t0 + i * 1000);
    }
    // The 21st waits until the first has left the minute.
    EXPECT_EQ(r.next_free(t0 + 20'000), t0 + 60'000) << kind;
    r.take(t0 + 60'000);
    EXPECT_EQ(r.next_free(t0 + 60'000), t0 + 61'000) << kind;
  }
}

TEST(RateLimit, FeishuHundredAMinuteAndFiveASecond) {
  RateLimit r(robot_rate_rules("feishu"));
  const TimeMs t0 = 5'000'000;
  for (int i = 0; i < 5; ++i) r.take(t0);
  EXPECT_EQ(r.next_free(t0), t0 + 1000);
  TimeMs t = t0 + 1000;
  for (int i = 5; i < 100; ++i) {
    t = r.next_free(t);
    r.take(t);
  }
  EXPECT_EQ(r.next_free(t), std::max(t0 + 60'000, t));
}

TEST(RateLimit, WebhookAndSmtpHaveNone) {
  EXPECT_FALSE(RateLimit(robot_rate_rules("webhook")).limited());
  EXPECT_FALSE(RateLimit(robot_rate_rules("smtp")).limited());
}

TEST(RateLimit, ARobotThatSaysSlowDownGetsAWholeWindow) {
  RateLimit r(robot_rate_rules("wecom"));
  r.take(1000);
  r.saturate(2000);
  EXPECT_EQ(r.next_free(2000), 62'000);
}

TEST(Digest, ListsEveryAlertOrSaysHowManyMoreWithinItsBudget) {
  std::vector<DigestItem> items;
  for (int i = 1; i <= 200; ++i) {
    Alert a;
    a.id = i;
    a.key = {Kind::low_stock, "SKU-" + std::to_string(i), "A-01", "", ""};
    a.severity = Severity::warning;
    items.push_back({a, "raised"});
  }
  const std::string all = digest_markdown({items.begin(), items.begin() + 3}, "gw-1", 4000);
  EXPECT_EQ(all,
            "### [gw-1] 预警汇总 · 3 条\n"
            "- 新预警 · 警告 · 低库存 · SKU-1 @ A-01 · #1\n"
            "- 新预警 · 警告 · 低库存 · SKU-2 @ A-01 · #2\n"
            "- 新预警 · 警告 · 低库存 · SKU-3 @ A-01 · #3\n");
  const std::string cut = digest_markdown(items, "gw-1", 4000);
  EXPECT_LE(cut.size(), 4000u);
  EXPECT_NE(cut.find("- …… 另有 "), std::string::npos);
  const std::size_t listed = static_cast<std::size_t>(std::count(cut.begin(), cut.end(), '\n')) - 2;
  EXPECT_NE(cut.find("另有 " + std::to_string(200 - listed) + " 条\n"), std::string::npos) << cut;
  Wording en;
  en.language = Language::en;
  EXPECT_EQ(digest_title(40, "gw-1", en), "[gw-1] Alert digest · 40 alerts");
  EXPECT_NE(digest_markdown(items, "gw-1", 2000, en).find("- ... and "), std::string::npos);
}

}  // namespace
}  // namespace jxc::alerts::channels
