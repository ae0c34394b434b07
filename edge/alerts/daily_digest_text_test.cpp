// Golden daily digests: what a Chinese and an English reader get at 08:30 in
// Asia/Shanghai, with item names beside SKUs, units and local times.
#include <gtest/gtest.h>

#include "edge/alerts/channels/messages.h"
#include "edge/alerts/daily_digest.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kDigestAt = 1'796'430'600'000;  // 2026-12-05T00:30:00Z, 08:30 in Shanghai
constexpr TimeMs kRaised = 1'796'371'500'000;    // 2026-12-04T08:05:00Z, 16:05 in Shanghai
constexpr TimeMs kAcked = 1'796'426'100'000;     // 2026-12-04T23:15:00Z, 07:15 on the 5th in Shanghai
constexpr TimeMs kHeld = 1'796'377'200'000;      // 2026-12-04T09:40:00Z, 17:40 in Shanghai

Wording shanghai(Language l) {
  auto z = TimeZone::named("Asia/Shanghai");
  EXPECT_TRUE(z.is_ok());
  return {l, z ? *z : TimeZone::utc()};
}

Names water(Language l) {
  Names n;
  n.item = "矿泉水 Mineral water 550ml";
  n.uom = l == Language::en ? "btl" : "瓶";
  n.location = l == Language::en ? "Aisle A bin 01" : "A区01号货架";
  return n;
}

DailyDigest digest(Language l) {
  DailyDigest d;
  d.day = "2026-12-05";
  d.at = kDigestAt;
  Alert out;
  out.id = 42;
  out.key = {Kind::stockout, "SKU-2001", "A-01", "", ""};
  out.severity = Severity::critical;
  out.raised_at = kRaised;
  out.names = water(l);
  Alert offline;
  offline.id = 43;
  offline.key = {Kind::device_offline, "", "", "", "reader-dock-1"};
  offline.severity = Severity::warning;
  offline.raised_at = kRaised;
  offline.acked_at = kAcked;
  offline.acked_by = "wang.li";
  d.alerts = {out, offline};
  d.alert_count = 2;
  d.suggestions = {DigestSuggestion{7, "SKU-2001", "A-01", water(l), 24, kRaised}};
  d.suggestion_count = 1;
  DigestHeld held;
  held.number = "RCV-000031";
  held.type = "receipt";
  held.source = "door-D1";
  held.created_at = kHeld;
  held.exceptions = {"unknown tag 3034F4"};
  Names kg;
  kg.item = "散装大米 Rice";
  kg.uom = "kg";
  kg.decimals = 3;
  held.lines = {DigestHeldLine{"SKU-2001", water(l), 10, "short"}, DigestHeldLine{"RICE-B", kg, 12500, ""}};
  d.held = {held};
  d.held_count = 3;  // two more than the reader's limit let in
  return d;
}

const char* kGateway = "https://gw-sh-01.warehouse.lan:8443";

TEST(DailyDigestGolden, Chinese) {
  const Wording w = shanghai(Language::zh_CN);
  const DailyDigest d = digest(w.language);
  const std::string title = daily_digest_title(d, "gw-sh-01", w);
  EXPECT_EQ(title, "[gw-sh-01] 每日汇总 · 2026-12-05 08:30 (UTC+08:00)");
  EXPECT_EQ(channels::daily_markdown(title, daily_digest_sections(d, w, kGateway), w.language),
            "### [gw-sh-01] 每日汇总 · 2026-12-05 08:30 (UTC+08:00)\n"
            "#### 未处理预警 (2)\n"
            "- 严重 · 缺货 · 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · "
            "2026-12-04 16:05 (UTC+08:00) · #42 · [确认](https://gw-sh-01.warehouse.lan:8443/alerts/42)\n"
            "- 警告 · 设备离线 · reader-dock-1 · 2026-12-04 16:05 (UTC+08:00) · #43 · 已确认 wang.li · "
            "[确认](https://gw-sh-01.warehouse.lan:8443/alerts/43)\n"
            "#### 补货建议 (1)\n"
            "- 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · 建议补货 24 瓶 · "
            "2026-12-04 16:05 (UTC+08:00) · #7\n"
            "#### 待审核单据 (3)\n"
            "- RCV-000031 · 收货单 · 来源 door-D1 · 2026-12-04 17:40 (UTC+08:00) · "
            "矿泉水 Mineral water 550ml (SKU-2001) 10 瓶 (short)、散装大米 Rice (RICE-B) 12.500 kg · "
            "异常：unknown tag 3034F4\n"
            "- …… 另有 2 条\n");
}

TEST(DailyDigestGolden, English) {
  const Wording w = shanghai(Language::en);
  const DailyDigest d = digest(w.language);
  const std::string title = daily_digest_title(d, "gw-sh-01", w);
  EXPECT_EQ(title, "[gw-sh-01] Daily digest · 2026-12-05 08:30 (UTC+08:00)");
  EXPECT_EQ(channels::daily_markdown(title, daily_digest_sections(d, w, ""), w.language),
            "### [gw-sh-01] Daily digest · 2026-12-05 08:30 (UTC+08:00)\n"
            "#### Open alerts (2)\n"
            "- critical · Stockout · 矿泉水 Mineral water 550ml (SKU-2001) @ Aisle A bin 01 (A-01) · "
            "2026-12-04 16:05 (UTC+08:00) · #42\n"
            "- warning · Device offline · reader-dock-1 · 2026-12-04 16:05 (UTC+08:00) · #43 · "
            "acknowledged by wang.li\n"
            "#### Replenishment suggestions (1)\n"
            "- 矿泉水 Mineral water 550ml (SKU-2001) @ Aisle A bin 01 (A-01) · order 24 btl · "
            "2026-12-04 16:05 (UTC+08:00) · #7\n"
            "#### Documents held for review (3)\n"
            "- RCV-000031 · receipt · from door-D1 · 2026-12-04 17:40 (UTC+08:00) · "
            "矿泉水 Mineral water 550ml (SKU-2001) 10 btl (short), 散装大米 Rice (RICE-B) 12.500 kg · "
            "exceptions: unknown tag 3034F4\n"
            "- ... and 2 more\n");
}

TEST(DailyDigestGolden, NothingOpenSaysSo) {
  const Wording w = shanghai(Language::zh_CN);
  DailyDigest d;
  d.at = kDigestAt;
  const std::string text = channels::daily_markdown("t", daily_digest_sections(d, w, kGateway), w.language);
  EXPECT_EQ(text, "### t\n#### 未处理预警 (0)\n- 无\n#### 补货建议 (0)\n- 无\n#### 待审核单据 (0)\n- 无\n");
}

TEST(DailyDigestGolden, TheEmailHasTheSectionsInBothParts) {
  const Wording w = shanghai(Language::zh_CN);
  const DailyDigest d = digest(w.language);
  const std::string title = daily_digest_title(d, "gw-sh-01", w);
  const std::string mail = channels::daily_email(title, daily_digest_sections(d, w, kGateway), "gw-sh-01", d.day,
                                                 "gw@x.test", "boss@x.test", kDigestAt, w);
  EXPECT_NE(mail.find("Date: Sat, 05 Dec 2026 08:30:00 +0800\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Message-ID: <jxc.gw-sh-01.digest.2026-12-05.1796430600000@x.test>\r\n"), std::string::npos);
  EXPECT_NE(mail.find("\r\n待审核单据 (3)\r\n- RCV-000031 · 收货单"), std::string::npos) << mail;
  EXPECT_NE(mail.find("(确认: https://gw-sh-01.warehouse.lan:8443/alerts/42)\r\n"), std::string::npos) << mail;
}

// Due from digest_at on, once per local day: the UTC date is not the site's.
TEST(DailyDigestDue, OncePerLocalDayFromItsTime) {
  const TimeZone z = shanghai(Language::zh_CN).zone;
  const TimeMs day5_0729 = 1'796'426'940'000;  // 2026-12-04T23:29:00Z, 07:29 on the 5th in Shanghai
  const TimeMs minute = 60'000;
  EXPECT_FALSE(digest_due("07:30", std::nullopt, day5_0729, z));
  EXPECT_TRUE(digest_due("07:30", std::nullopt, day5_0729 + minute, z));
  EXPECT_TRUE(digest_due("07:30", std::string("2026-12-04"), day5_0729 + minute, z));
  EXPECT_FALSE(digest_due("07:30", std::string("2026-12-05"), day5_0729 + minute, z));
  // 00:10Z on the 5th: a new UTC day, still the 5th in Shanghai.
  EXPECT_FALSE(digest_due("07:30", std::string("2026-12-05"), day5_0729 + 41 * minute, z));
  // 23:59 on the 5th, then 00:00 and 07:30 on the 6th.
  const TimeMs day5_2359 = day5_0729 + (16 * 60 + 30) * minute;
  EXPECT_FALSE(digest_due("07:30", std::string("2026-12-05"), day5_2359, z));
  EXPECT_FALSE(digest_due("07:30", std::string("2026-12-05"), day5_2359 + minute, z));
  EXPECT_TRUE(digest_due("07:30", std::string("2026-12-05"), day5_2359 + (7 * 60 + 31) * minute, z));
}

}  // namespace
}  // namespace jxc::alerts
