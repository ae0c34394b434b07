// Golden texts: every alert kind as a Chinese and an English reader gets it,
// with item and location names, units, and times in Asia/Shanghai.
#include "edge/alerts/alert_text.h"

#include <gtest/gtest.h>

#include <set>

#include "edge/alerts/channels/messages.h"

namespace jxc::alerts {
namespace {

constexpr TimeMs kRaised = 1'796'371'500'000;       // 2026-12-04T08:05:00Z, 16:05 in Shanghai
constexpr TimeMs kOfflineSince = 1'796'370'780'000;  // 2026-12-04T07:53:00Z, 15:53 in Shanghai

Wording shanghai(Language l) {
  auto z = TimeZone::named("Asia/Shanghai");
  EXPECT_TRUE(z.is_ok());
  return {l, z ? *z : TimeZone::utc()};
}

// An alert as the alert service words it: named from master data, with its rule's facts.
Alert alert(Kind kind, Language l, const std::string& location = "A-01") {
  Alert a;
  a.id = 42;
  a.key.kind = kind;
  a.severity = default_severity(kind);
  a.raised_at = kRaised;
  if (kind == Kind::device_offline || kind == Kind::sync_backlog || kind == Kind::channel_failing ||
      kind == Kind::store_unavailable || kind == Kind::login_locked || kind == Kind::asn_overdue ||
      kind == Kind::sync_refused)
    return a;
  a.key.item = "SKU-2001";
  a.key.location = location;
  a.names.item = "矿泉水 Mineral water 550ml";
  a.names.uom = l == Language::en ? "btl" : "瓶";
  if (location == "A-01") a.names.location = l == Language::en ? "Aisle A bin 01" : "A区01号货架";
  if (location == "B-01-1") a.names.location = l == Language::en ? "Shelf B-01 level 1" : "B区01货架1层";
  return a;
}

Alert kind_case(Kind kind, Language l) {
  Alert a;
  switch (kind) {
    case Kind::low_stock:
      a = alert(kind, l);
      a.qty = 3, a.threshold = 10, a.suggested_qty = 24, a.facts.on_hand = 5, a.facts.reserved = 2;
      break;
    case Kind::stockout:
      a = alert(kind, l);
      a.qty = 0, a.threshold = 0, a.suggested_qty = 48, a.facts.on_hand = 2, a.facts.reserved = 2;
      break;
    case Kind::overstock:
      a = alert(kind, l);
      a.qty = 520, a.threshold = 500;
      break;
    case Kind::lot_expiring:
      a = alert(kind, l);
      a.key.lot = "L2611";
      a.qty = 12, a.threshold = 7, a.facts.date = "2026-12-10", a.facts.days = 6;
      break;
    case Kind::lot_expired:
      a = alert(kind, l);
      a.key.lot = "L2605";
      a.qty = 4, a.threshold = 7, a.facts.date = "2026-12-01";
      break;
    case Kind::slow_moving:
      a = alert(kind, l);
      a.qty = 80, a.threshold = 30, a.facts.days = 41;
      break;
    case Kind::weight_discrepancy:
      a = alert(kind, l, "B-01-1");
      a.key.subject = "shelf B-01-1-cables #17";
      a.qty = 37, a.threshold = 40, a.facts.book = 40, a.facts.document = "17";
      a.facts.slots = {"B-01-1-cables"};
      break;
    case Kind::count_variance:
      a = alert(kind, l);
      a.key.subject = "CNT-D1";
      a.qty = -3, a.threshold = 0, a.facts.counted = 17, a.facts.book = 20, a.facts.document = "CNT-D1";
      break;
    case Kind::device_offline:
      a = alert(kind, l);
      a.key.subject = "dock-1";
      a.qty = 12, a.threshold = 5, a.facts.source = "rfid", a.facts.reason = "connect: Connection refused";
      a.facts.since = kOfflineSince;
      break;
    case Kind::sync_backlog:
      a = alert(kind, l);
      a.key.subject = "outbox";
      a.qty = 12000, a.threshold = 10000, a.facts.minutes = 75, a.facts.limit = 60;
      break;
    case Kind::channel_failing:
      a = alert(kind, l);
      a.key.subject = "ops-dingtalk";
      a.qty = 3, a.threshold = 3, a.facts.source = "dingtalk", a.facts.reason = "HTTP 500: busy";
      break;
    case Kind::shelf_low_stock:
      a = alert(kind, l, "B-01-1");
      a.qty = 9, a.threshold = 10, a.facts.book = 50, a.facts.slots = {"B-01-1-cables"};
      break;
    case Kind::shelf_empty:
      a = alert(kind, l, "B-01-1");
      a.qty = 0, a.threshold = 0, a.facts.book = 50, a.facts.slots = {"B-01-1-a", "B-01-1-b"};
      break;
    case Kind::store_unavailable:
      a = alert(kind, l);
      a.key.subject = "rfid-portal/store-retries";
      a.facts.source = "store-retries", a.facts.reason = "storage: database or disk is full";
      break;
    case Kind::login_locked:
      a = alert(kind, l);
      a.key.subject = "user:li.wei";
      a.qty = 5, a.threshold = 5, a.facts.minutes = 15, a.facts.reason = "10.0.0.7";
      break;
    case Kind::asn_overdue:
      a = alert(kind, l);
      a.key.subject = "ASN-1003";
      a.qty = 185, a.threshold = 120, a.facts.since = kOfflineSince, a.facts.document = "PO-2026-0044";
      a.facts.partner = "佛山海天 Foshan Haitian", a.facts.door = "DOOR-1";
      a.facts.lines = {{"海天酱油 Soy sauce 250ml (SOY-250)", "48 EA"}, {"绿茶 Green tea (TEA-500)", "30 EA"}};
      break;
    case Kind::sync_refused:
      a = alert(kind, l);
      a.key.subject = "seq:1207";
      a.qty = 1207, a.threshold = 0;
      a.facts.reason = "connected; poison event: the broker refused seq 1207 5 times in a row: Not authorized";
      break;
  }
  return a;
}

struct Golden {
  Kind kind;
  const char* zh_detail;
  const char* zh_title;
  const char* en_detail;
  const char* en_title;
};

const Golden kGolden[] = {
    {Kind::low_stock,
     "矿泉水 Mineral water 550ml (SKU-2001) 在 A区01号货架 (A-01) 可用 3 瓶，低于预警值 10 瓶（在库 5 瓶，已预留 2 瓶）；"
     "建议补货 24 瓶。",
     "[gw-sh-01] 新预警 · 警告 · 低库存 · 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · #42",
     "矿泉水 Mineral water 550ml (SKU-2001) at Aisle A bin 01 (A-01): 3 btl available, below the alert level 10 btl "
     "(on hand 5 btl, reserved 2 btl); suggested order 24 btl.",
     "[gw-sh-01] Raised · warning · Low stock · 矿泉水 Mineral water 550ml (SKU-2001) @ Aisle A bin 01 (A-01) · #42"},
    {Kind::stockout,
     "矿泉水 Mineral water 550ml (SKU-2001) 在 A区01号货架 (A-01) 已无可用库存（在库 2 瓶，已预留 2 瓶）；建议补货 48 瓶。",
     "[gw-sh-01] 新预警 · 严重 · 缺货 · 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · #42",
     "矿泉水 Mineral water 550ml (SKU-2001) at Aisle A bin 01 (A-01): nothing available (on hand 2 btl, reserved "
     "2 btl); suggested order 48 btl.",
     "[gw-sh-01] Raised · critical · Stockout · 矿泉水 Mineral water 550ml (SKU-2001) @ Aisle A bin 01 (A-01) · #42"},
    {Kind::overstock, "矿泉水 Mineral water 550ml (SKU-2001) 在 A区01号货架 (A-01) 在库 520 瓶，超过上限 500 瓶。",
     "[gw-sh-01] 新预警 · 提示 · 超储 · 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · #42",
     "矿泉水 Mineral water 550ml (SKU-2001) at Aisle A bin 01 (A-01): 520 btl on hand, above the maximum 500 btl.",
     "[gw-sh-01] Raised · info · Overstock · 矿泉水 Mineral water 550ml (SKU-2001) @ Aisle A bin 01 (A-01) · #42"},
    {Kind::lot_expiring,
     "矿泉水 Mineral water 550ml (SKU-2001) 批次 L2611 在 A区01号货架 (A-01) 有 12 瓶，将于 2026-12-10 过期（还剩 6 天）。",
     "[gw-sh-01] 新预警 · 警告 · 批次临期 · 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · #42",
     "矿泉水 Mineral water 550ml (SKU-2001) lot L2611 at Aisle A bin 01 (A-01): 12 btl expire on 2026-12-10 (in 6 "
     "days).",
     "[gw-sh-01] Raised · warning · Lot expiring · 矿泉水 Mineral water 550ml (SKU-2001) @ Aisle A bin 01 (A-01) · #42"},
    {Kind::lot_expired,
     "矿泉水 Mineral water 550ml (SKU-2001) 批次 L2605 在 A区01号货架 (A-01) 有 4 瓶，已于 2026-12-01 过期。",
     "[gw-sh-01] 新预警 · 严重 · 批次过期 · 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · #42",
     "矿泉水 Mineral water 550ml (SKU-2001) lot L2605 at Aisle A bin 01 (A-01): 4 btl expired on 2026-12-01.",
     "[gw-sh-01] Raised · critical · Lot expired · 矿泉水 Mineral water 550ml (SKU-2001) @ Aisle A bin 01 (A-01) · #42"},
    {Kind::slow_moving,
     "矿泉水 Mineral water 550ml (SKU-2001) 在 A区01号货架 (A-01) 在库 80 瓶，已 41 天无出库（阈值 30 天）。",
     "[gw-sh-01] 新预警 · 提示 · 呆滞库存 · 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · #42",
     "矿泉水 Mineral water 550ml (SKU-2001) at Aisle A bin 01 (A-01): 80 btl on hand, no issue for 41 days "
     "(threshold 30 days).",
     "[gw-sh-01] Raised · info · Slow-moving stock · 矿泉水 Mineral water 550ml (SKU-2001) @ Aisle A bin 01 (A-01) · "
     "#42"},
    {Kind::weight_discrepancy,
     "矿泉水 Mineral water 550ml (SKU-2001) 在 B区01货架1层 (B-01-1) 的货架（B-01-1-cables）称重为 37 瓶，账面为 40 瓶"
     "（差异单 #17）。",
     "[gw-sh-01] 新预警 · 警告 · 称重差异 · 矿泉水 Mineral water 550ml (SKU-2001) @ B区01货架1层 (B-01-1) · #42",
     "矿泉水 Mineral water 550ml (SKU-2001) at Shelf B-01 level 1 (B-01-1): the shelf (slot B-01-1-cables) weighs 37 "
     "btl, the books say 40 btl (discrepancy #17).",
     "[gw-sh-01] Raised · warning · Weight discrepancy · 矿泉水 Mineral water 550ml (SKU-2001) @ Shelf B-01 level 1 "
     "(B-01-1) · #42"},
    {Kind::count_variance,
     "盘点单 CNT-D1：矿泉水 Mineral water 550ml (SKU-2001) 在 A区01号货架 (A-01) 实盘 17 瓶，账面 20 瓶，差异 -3 瓶"
     "（容差 0 瓶）。",
     "[gw-sh-01] 新预警 · 警告 · 盘点差异 · 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · #42",
     "Count CNT-D1: 矿泉水 Mineral water 550ml (SKU-2001) at Aisle A bin 01 (A-01) counted 17 btl, book 20 btl, "
     "variance -3 btl (tolerance 0 btl).",
     "[gw-sh-01] Raised · warning · Count variance · 矿泉水 Mineral water 550ml (SKU-2001) @ Aisle A bin 01 (A-01) · "
     "#42"},
    {Kind::device_offline,
     "设备 dock-1（rfid） 自 2026-12-04 15:53 (UTC+08:00) 起离线已 12 分钟（阈值 5 分钟）：connect: Connection "
     "refused。",
     "[gw-sh-01] 新预警 · 严重 · 设备离线 · dock-1 · #42",
     "Device dock-1 (rfid) offline since 2026-12-04 15:53 (UTC+08:00), 12 minutes (limit 5 minutes): connect: "
     "Connection refused.",
     "[gw-sh-01] Raised · critical · Device offline · dock-1 · #42"},
    {Kind::sync_backlog, "中心系统尚未确认 12000 条事件，最早的已等待 75 分钟（上限 10000 条、60 分钟）。",
     "[gw-sh-01] 新预警 · 警告 · 同步积压 · outbox · #42",
     "12000 events not acknowledged by the central system, the oldest 75 minutes old (limits 10000 events, 60 "
     "minutes).",
     "[gw-sh-01] Raised · warning · Sync backlog · outbox · #42"},
    {Kind::channel_failing, "通知渠道 ops-dingtalk（dingtalk）连续 3 次发送失败：HTTP 500: busy。",
     "[gw-sh-01] 新预警 · 严重 · 通知渠道故障 · ops-dingtalk · #42",
     "Alert channel ops-dingtalk (dingtalk) failed 3 deliveries in a row: HTTP 500: busy.",
     "[gw-sh-01] Raised · critical · Alert channel failing · ops-dingtalk · #42"},
    {Kind::shelf_low_stock,
     "矿泉水 Mineral water 550ml (SKU-2001) 在 B区01货架1层 (B-01-1) 的货架（B-01-1-cables）称重为 9 瓶，低于下限 10 瓶；"
     "账面为 50 瓶。",
     "[gw-sh-01] 新预警 · 提示 · 货架低库存 · 矿泉水 Mineral water 550ml (SKU-2001) @ B区01货架1层 (B-01-1) · #42",
     "矿泉水 Mineral water 550ml (SKU-2001) at Shelf B-01 level 1 (B-01-1): the shelf (slot B-01-1-cables) weighs 9 "
     "btl, below the minimum 10 btl; the books say 50 btl.",
     "[gw-sh-01] Raised · info · Shelf low stock · 矿泉水 Mineral water 550ml (SKU-2001) @ Shelf B-01 level 1 "
     "(B-01-1) · #42"},
    {Kind::shelf_empty,
     "矿泉水 Mineral water 550ml (SKU-2001) 在 B区01货架1层 (B-01-1) 的货架（B-01-1-a、B-01-1-b）已空；账面为 50 瓶。",
     "[gw-sh-01] 新预警 · 警告 · 货架已空 · 矿泉水 Mineral water 550ml (SKU-2001) @ B区01货架1层 (B-01-1) · #42",
     "矿泉水 Mineral water 550ml (SKU-2001) at Shelf B-01 level 1 (B-01-1): the shelf (slots B-01-1-a, B-01-1-b) is "
     "empty; the books say 50 btl.",
     "[gw-sh-01] Raised · warning · Shelf empty · 矿泉水 Mineral water 550ml (SKU-2001) @ Shelf B-01 level 1 "
     "(B-01-1) · #42"},
    {Kind::store_unavailable,
     "库存数据库无法写入（磁盘已满、I/O 错误或被其他程序长时间锁定），rfid-portal/store-retries 的过账正在等待重试："
     "storage: database or disk is full。",
     "[gw-sh-01] 新预警 · 严重 · 库存数据库无法写入 · rfid-portal/store-retries · #42",
     "The stock store cannot take writes (disk full, I/O error or locked by another program for long); postings of "
     "rfid-portal/store-retries wait and are retried: storage: database or disk is full.",
     "[gw-sh-01] Raised · critical · Store cannot take writes · rfid-portal/store-retries · #42"},
    {Kind::login_locked, "用户 li.wei 连续 5 次登录失败，已锁定 15 分钟（最后一次来自 10.0.0.7）。",
     "[gw-sh-01] 新预警 · 警告 · 登录锁定 · user:li.wei · #42",
     "User li.wei: 5 failed logins in a row, locked for 15 minutes (the last from 10.0.0.7).",
     "[gw-sh-01] Raised · warning · Login locked · user:li.wei · #42"},
    {Kind::asn_overdue,
     "到货单 ASN-1003（采购单 PO-2026-0044），供应商 佛山海天 Foshan Haitian，预计 2026-12-04 15:53 (UTC+08:00) 在 DOOR-1 "
     "到货，已逾期 3 小时 5 分钟（宽限 2 小时 0 分钟）；未到：海天酱油 Soy sauce 250ml (SOY-250) 48 EA、"
     "绿茶 Green tea (TEA-500) 30 EA。",
     "[gw-sh-01] 新预警 · 警告 · 到货逾期 · ASN-1003 · #42",
     "Expected receipt ASN-1003 (PO PO-2026-0044) from 佛山海天 Foshan Haitian, due 2026-12-04 15:53 (UTC+08:00) at "
     "DOOR-1, is 3 h 5 min overdue (grace 2 h 0 min); still to come: 海天酱油 Soy sauce 250ml (SOY-250) 48 EA, "
     "绿茶 Green tea (TEA-500) 30 EA.",
     "[gw-sh-01] Raised · warning · ASN overdue · ASN-1003 · #42"},
    {Kind::sync_refused,
     "中心系统的 MQTT 代理一再拒绝第 1207 号事件，其后的事件都在等待上传：connected; poison event: the broker refused "
     "seq 1207 5 times in a row: Not authorized。",
     "[gw-sh-01] 新预警 · 严重 · 上传被拒 · seq:1207 · #42",
     "The central system's MQTT broker keeps refusing event seq 1207; the events after it wait: connected; poison "
     "event: the broker refused seq 1207 5 times in a row: Not authorized.",
     "[gw-sh-01] Raised · critical · Upload refused · seq:1207 · #42"},
};

TEST(AlertTextGolden, EveryKindHasAGoldenTextInBothLanguages) {
  std::set<Kind> covered;
  for (const Golden& g : kGolden) covered.insert(g.kind);
  EXPECT_EQ(covered.size(), static_cast<std::size_t>(kKindCount));
}

TEST(AlertTextGolden, ChineseDetailAndTitleOfEveryKind) {
  const Wording w = shanghai(Language::zh_CN);
  for (const Golden& g : kGolden) {
    const Alert a = kind_case(g.kind, Language::zh_CN);
    EXPECT_EQ(describe(a, w), g.zh_detail) << to_string(g.kind);
    EXPECT_EQ(headline(a, "raised", "gw-sh-01", w), g.zh_title) << to_string(g.kind);
  }
}

TEST(AlertTextGolden, EnglishDetailAndTitleOfEveryKind) {
  const Wording w = shanghai(Language::en);
  for (const Golden& g : kGolden) {
    const Alert a = kind_case(g.kind, Language::en);
    EXPECT_EQ(describe(a, w), g.en_detail) << to_string(g.kind);
    EXPECT_EQ(headline(a, "raised", "gw-sh-01", w), g.en_title) << to_string(g.kind);
  }
}

TEST(AlertTextGolden, WithoutNamesTheCodesStandAlone) {
  Alert a = kind_case(Kind::low_stock, Language::zh_CN);
  a.names = {};
  EXPECT_EQ(describe(a, shanghai(Language::zh_CN)),
            "SKU-2001 在 A-01 可用 3，低于预警值 10（在库 5，已预留 2）；建议补货 24。");
}

// An item counted in kg to the gram reads in kg with its decimals, never in
// grams taken for kilograms.
TEST(AlertTextGolden, QuantitiesOfWeighedGoodsShowTheirDecimals) {
  Alert a = kind_case(Kind::low_stock, Language::zh_CN);
  a.names.uom = "kg";
  a.names.decimals = 3;
  a.qty = 1250, a.threshold = 5000, a.suggested_qty = 25000, a.facts.on_hand = 1500, a.facts.reserved = 250;
  const std::string text = describe(a, shanghai(Language::zh_CN));
  EXPECT_NE(text.find("可用 1.250 kg，低于预警值 5.000 kg"), std::string::npos) << text;
  EXPECT_NE(text.find("建议补货 25.000 kg"), std::string::npos) << text;
}

// What a DingTalk or WeCom robot shows, and the e-mail, for a low-stock alert
// escalated in Shanghai.
TEST(AlertTextGolden, ChannelMessagesInChineseWithShanghaiTimes) {
  const Wording w = shanghai(Language::zh_CN);
  const std::string gw = "https://gw-sh-01.warehouse.lan:8443";
  Alert a = kind_case(Kind::low_stock, Language::zh_CN);
  a.detail = describe(a, w);
  a.escalated_at = kRaised + 60 * 60 * 1000;
  a.severity = Severity::critical;
  EXPECT_EQ(channels::markdown(a, "escalated", "gw-sh-01", w, gw),
            "### [gw-sh-01] 已升级 · 严重 · 低库存 · 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · #42\n"
            "> **预警**: 低库存\n\n"
            "> **级别**: 严重\n\n"
            "> **物品**: 矿泉水 Mineral water 550ml (SKU-2001)\n\n"
            "> **库位**: A区01号货架 (A-01)\n\n"
            "> **数量**: 3 瓶\n\n"
            "> **阈值**: 10 瓶\n\n"
            "> **建议补货**: 24 瓶\n\n"
            "> **说明**: " + a.detail + "\n\n"
            "> **发生时间**: 2026-12-04 16:05 (UTC+08:00)\n\n"
            "> **升级时间**: 2026-12-04 17:05 (UTC+08:00)\n\n"
            "> **编号**: #42\n\n"
            "> **确认**: [点此确认](https://gw-sh-01.warehouse.lan:8443/alerts/42)\n\n");
  const std::string card = channels::lark_md(a, w, gw);
  EXPECT_EQ(card.substr(card.rfind("\n**编号**")),
            "\n**编号**: #42\n**确认**: [点此确认](https://gw-sh-01.warehouse.lan:8443/alerts/42)");
  EXPECT_EQ(channels::digest_markdown({{a, "escalated"}}, "gw-sh-01", 4000, w, gw),
            "### [gw-sh-01] 预警汇总 · 1 条\n"
            "- 已升级 · 严重 · 低库存 · 矿泉水 Mineral water 550ml (SKU-2001) @ A区01号货架 (A-01) · #42"
            " · [确认](https://gw-sh-01.warehouse.lan:8443/alerts/42)\n");
  const std::string mail =
      channels::email(a, "escalated", "gw-sh-01", "gw@x.test", "boss@x.test", kRaised + 60 * 60 * 1000, w, gw);
  EXPECT_NE(mail.find("Date: Fri, 04 Dec 2026 17:05:00 +0800\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Subject: =?UTF-8?B?"), std::string::npos) << mail;
  EXPECT_NE(mail.find("\r\n\r\n预警: 低库存\r\n级别: 严重\r\n物品: 矿泉水 Mineral water 550ml (SKU-2001)\r\n"),
            std::string::npos)
      << mail;
  EXPECT_NE(mail.find("升级时间: 2026-12-04 17:05 (UTC+08:00)\r\n编号: #42\r\n"
                      "确认: https://gw-sh-01.warehouse.lan:8443/alerts/42\r\n"),
            std::string::npos)
      << mail;
  // Without an address configured, no link.
  EXPECT_EQ(channels::markdown(a, "escalated", "gw-sh-01", w).find("/alerts/"), std::string::npos);
  EXPECT_EQ(channels::email(a, "escalated", "gw-sh-01", "gw@x.test", "boss@x.test", kRaised, w).find("/alerts/"),
            std::string::npos);
}

TEST(AlertTextGolden, ChannelMessagesInEnglish) {
  const Wording w = shanghai(Language::en);
  const std::string gw = "http://192.0.2.7:8080";
  Alert a = kind_case(Kind::device_offline, Language::en);
  a.detail = describe(a, w);
  a.open = false;
  a.cleared_at = kRaised + 30 * 60 * 1000;
  EXPECT_EQ(channels::markdown(a, "cleared", "gw-sh-01", w, gw),
            "### [gw-sh-01] Cleared · critical · Device offline · dock-1 · #42\n"
            "> **Alert**: Device offline\n\n"
            "> **Severity**: critical\n\n"
            "> **Subject**: dock-1\n\n"
            "> **Detail**: " + a.detail + "\n\n"
            "> **Raised**: 2026-12-04 16:05 (UTC+08:00)\n\n"
            "> **Cleared**: 2026-12-04 16:35 (UTC+08:00)\n\n"
            "> **Alert id**: #42\n\n"
            "> **Acknowledge**: [Open to acknowledge](http://192.0.2.7:8080/alerts/42)\n\n");
  const std::string mail = channels::email(a, "cleared", "gw-sh-01", "gw@x.test", "boss@x.test", kRaised, w, gw);
  EXPECT_NE(mail.find("Alert id: #42\r\nAcknowledge: http://192.0.2.7:8080/alerts/42\r\n"), std::string::npos)
      << mail;
}

TEST(AlertTextGolden, SeverityInWords) {
  EXPECT_EQ(severity_words(Severity::critical, Language::zh_CN), "严重");
  EXPECT_EQ(severity_words(Severity::warning, Language::zh_CN), "警告");
  EXPECT_EQ(severity_words(Severity::info, Language::zh_CN), "提示");
  EXPECT_EQ(severity_words(Severity::critical, Language::en), "critical");
  EXPECT_EQ(parse_language("en"), Language::en);
  EXPECT_EQ(parse_language("zh-CN"), Language::zh_CN);
}

}  // namespace
}  // namespace jxc::alerts
