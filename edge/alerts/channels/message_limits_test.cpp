// Texts cut to a robot's limit: never inside a UTF-8 character, with a last
// line that says how much was left out.
#include "edge/alerts/channels/message_limits.h"

#include <gtest/gtest.h>

namespace jxc::alerts::channels {
namespace {

// Whether `s` is well-formed UTF-8 (no character cut short at either end).
bool well_formed(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::string chinese_lines(int n) {
  std::string text = "### [gw-1] 每日汇总\n#### 补货建议 (" + std::to_string(n) + ")\n";
  for (int i = 0; i < n; ++i)
    text += "- 农夫山泉饮用天然水550毫升 (SKU-" + std::to_string(1000 + i) + ") @ A区01号货架 (A-01) · 建议补货 24 瓶\n";
  return text;
}

TEST(MessageLimits, TheRobotsDocumentedLimits) {
  EXPECT_EQ(text_limit("wecom"), 4096u);
  EXPECT_EQ(text_limit("dingtalk"), 20000u);
  EXPECT_EQ(text_limit("feishu"), 18000u);
  EXPECT_EQ(text_limit("webhook"), 0u);
  EXPECT_EQ(text_limit("smtp"), 0u);
}

TEST(MessageLimits, APrefixEndsBetweenCharacters) {
  const std::string s = "库存ab";  // two 3-byte characters, then ASCII
  EXPECT_EQ(utf8_prefix(s, 2), 0u);
  EXPECT_EQ(utf8_prefix(s, 3), 3u);
  EXPECT_EQ(utf8_prefix(s, 5), 3u);
  EXPECT_EQ(utf8_prefix(s, 6), 6u);
  EXPECT_EQ(utf8_prefix(s, 7), 7u);
  EXPECT_EQ(utf8_prefix(s, 100), 8u);
}

TEST(MessageLimits, ManyChineseLinesAreCutToWholeLinesAndSayHowManyMore) {
  const std::string text = chinese_lines(200);
  ASSERT_GT(text.size(), 4096u);
  const std::string fit = fit_text(text, 4096, Language::zh_CN);
  EXPECT_LE(fit.size(), 4096u);
  EXPECT_TRUE(well_formed(fit));
  const std::size_t kept = [&] {
    std::size_t n = 0;
    for (std::size_t at = fit.find("\n- 农夫"); at != std::string::npos; at = fit.find("\n- 农夫", at + 1)) ++n;
    return n;
  }();
  ASSERT_GT(kept, 10u);
  const std::string last = "- …… 另有 " + std::to_string(200 - kept) + " 条\n";
  ASSERT_GE(fit.size(), last.size());
  EXPECT_EQ(fit.substr(fit.size() - last.size()), last) << fit.substr(fit.size() - 200);
  EXPECT_EQ(text.rfind(fit.substr(0, fit.size() - last.size()), 0), 0u);  // a prefix of whole lines
}

TEST(MessageLimits, InEnglishTheLastLineSaysHowManyMore) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "- line " + std::to_string(i) + "\n";
  const std::string fit = fit_text(text, 200, Language::en);
  EXPECT_LE(fit.size(), 200u);
  const std::size_t kept = static_cast<std::size_t>(std::count(fit.begin(), fit.end(), '\n')) - 1;
  EXPECT_EQ(fit.substr(fit.rfind("- ...")), "- ... and " + std::to_string(100 - kept) + " more\n");
}

TEST(MessageLimits, ALineLongerThanTheRoomIsCutBetweenCharacters) {
  std::string line;
  for (int i = 0; i < 2000; ++i) line += "货";  // 6000 bytes in one line
  for (std::size_t limit : {4096u, 4097u, 4098u, 300u}) {
    const std::string fit = fit_text(line + "\n- 其后\n", limit, Language::zh_CN);
    EXPECT_LE(fit.size(), limit);
    EXPECT_TRUE(well_formed(fit)) << limit;
    EXPECT_EQ(fit.substr(fit.size() - std::string("- …… 另有 1 条\n").size()), "- …… 另有 1 条\n");
  }
}

TEST(MessageLimits, ShortenedDropsAtLeastWhatIsAskedBetweenCharacters) {
  const std::string s = "库存不足请补货";  // 21 bytes
  EXPECT_EQ(shortened(s, 0), s);
  EXPECT_EQ(shortened(s, 1), "库存不足请…");  // at most 21 - 1 - 3 bytes kept: 5 characters, 15 bytes
  EXPECT_EQ(shortened(s, 7), "库存不…");
  EXPECT_EQ(shortened(s, 30), "…");
}

TEST(MessageLimits, ATextWithinTheLimitOrWithoutOneIsUnchanged) {
  const std::string text = chinese_lines(3);
  EXPECT_EQ(fit_text(text, 4096, Language::zh_CN), text);
  const std::string big = chinese_lines(500);
  EXPECT_EQ(fit_text(big, 0, Language::zh_CN), big);
}

}  // namespace
}  // namespace jxc::alerts::channels
