#include "edge/alerts/alert_text.h"

#include <array>

#include "edge/inventory/quantity.h"

namespace jxc::alerts {
namespace {

struct Pair {
  const char* zh;
  const char* en;
};

const char* pick(const Pair& p, Language l) { return l == Language::en ? p.en : p.zh; }

constexpr std::array<Pair, kKindCount> kKindWords = {{
    {"低库存", "Low stock"},
    {"缺货", "Stockout"},
    {"超储", "Overstock"},
    {"批次临期", "Lot expiring"},
    {"批次过期", "Lot expired"},
    {"呆滞库存", "Slow-moving stock"},
    {"称重差异", "Weight discrepancy"},
    {"盘点差异", "Count variance"},
    {"设备离线", "Device offline"},
    {"同步积压", "Sync backlog"},
    {"通知渠道故障", "Alert channel failing"},
    {"货架低库存", "Shelf low stock"},
    {"货架已空", "Shelf empty"},
    {"库存数据库无法写入", "Store cannot take writes"},
    {"登录锁定", "Login locked"},
    {"到货逾期", "ASN overdue"},
    {"上传被拒", "Upload refused"},
}};

std::string num(std::int64_t n) { return std::to_string(n); }

// "3 瓶", "1.250 kg"; a quantity without a known unit is the number alone.
std::string qty(std::int64_t n, const Alert& a) { return quantity_text(n, a.names); }

std::string joined(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string local(TimeMs t, const Wording& w) { return format_local_minutes(t, w.zone); }

// "3 小时 5 分钟" / "3 h 5 min"; under an hour in minutes alone.
std::string span(std::int64_t minutes, Language l) {
  const std::string h = num(minutes / 60), m = num(minutes % 60);
  if (minutes < 60) return l == Language::en ? m + " min" : m + " 分钟";
  return l == Language::en ? h + " h " + m + " min" : h + " 小时 " + m + " 分钟";
}

// "海天酱油 (SOY-250) 48 瓶、..." / "..., ...": what an overdue ASN still brings.
std::string open_lines(const Facts& f, const char* sep) {
  std::vector<std::string> parts;
  for (const auto& [item, q] : f.lines) parts.push_back(item + " " + q);
  return joined(parts, sep);
}

// ---- one sentence per kind ----

std::string zh(const Alert& a, const Wording& w) {
  const Facts& f = a.facts;
  const std::string item = item_text(a), loc = location_text(a);
  const std::string stock = "（在库 " + qty(f.on_hand, a) + "，已预留 " + qty(f.reserved, a) + "）";
  const std::string order = a.suggested_qty > 0 ? "；建议补货 " + qty(a.suggested_qty, a) : "";
  const std::string lot = a.key.lot.empty() ? "" : " 批次 " + a.key.lot;
  const std::string shelf = f.slots.empty() ? "货架" : "货架（" + joined(f.slots, "、") + "）";
  switch (a.key.kind) {
    case Kind::low_stock:
      return item + " 在 " + loc + " 可用 " + qty(a.qty, a) + "，低于预警值 " + qty(a.threshold, a) + stock +
             order + "。";
    case Kind::stockout:
      return item + " 在 " + loc + " 已无可用库存" + stock + order + "。";
    case Kind::overstock:
      return item + " 在 " + loc + " 在库 " + qty(a.qty, a) + "，超过上限 " + qty(a.threshold, a) + "。";
    case Kind::lot_expiring:
      return item + lot + " 在 " + loc + " 有 " + qty(a.qty, a) + "，将于 " + f.date + " 过期（还剩 " +
             num(f.days) + " 天）。";
    case Kind::lot_expired:
      return item + lot + " 在 " + loc + " 有 " + qty(a.qty, a) + "，已于 " + f.date + " 过期。";
    case Kind::slow_moving:
      return item + " 在 " + loc + " 在库 " + qty(a.qty, a) + "，已 " + num(f.days) + " 天无出库（阈值 " +
             num(a.threshold) + " 天）。";
    case Kind::weight_discrepancy:
      return item + " 在 " + loc + " 的" + shelf + "称重为 " + qty(a.qty, a) + "，账面为 " + qty(f.book, a) +
             "（差异单 #" + f.document + "）。";
    case Kind::count_variance:
      return "盘点单 " + f.document + "：" + item + lot + " 在 " + loc + " 实盘 " + qty(f.counted, a) +
             "，账面 " + qty(f.book, a) + "，差异 " + qty(a.qty, a) + "（容差 " + qty(a.threshold, a) + "）。";
    case Kind::shelf_low_stock:
      return item + " 在 " + loc + " 的" + shelf + "称重为 " + qty(a.qty, a) + "，低于下限 " +
             qty(a.threshold, a) + "；账面为 " + qty(f.book, a) + "。";
    case Kind::shelf_empty:
      return item + " 在 " + loc + " 的" + shelf + "已空；账面为 " + qty(f.book, a) + "。";
    case Kind::device_offline:
      return "设备 " + a.key.subject + (f.source.empty() ? "" : "（" + f.source + "）") +
             (f.since ? " 自 " + local(*f.since, w) + " 起" : "") + "离线已 " + num(a.qty) + " 分钟（阈值 " +
             num(a.threshold) + " 分钟）" + (f.reason.empty() ? "" : "：" + f.reason) + "。";
    case Kind::sync_backlog:
      return "中心系统尚未确认 " + num(a.qty) + " 条事件，最早的已等待 " + num(f.minutes) + " 分钟（上限 " +
             num(a.threshold) + " 条、" + num(f.limit) + " 分钟）。";
    case Kind::store_unavailable:
      return "库存数据库无法写入（磁盘已满、I/O 错误或被其他程序长时间锁定），" + a.key.subject +
             " 的过账正在等待重试" + (f.reason.empty() ? "" : "：" + f.reason) + "。";
    case Kind::channel_failing:
      return "通知渠道 " + a.key.subject + (f.source.empty() ? "" : "（" + f.source + "）") + "连续 " +
             num(a.qty) + " 次发送失败" + (f.reason.empty() ? "" : "：" + f.reason) + "。";
    case Kind::login_locked: {
      const bool user = a.key.subject.rfind("user:", 0) == 0;
      const std::string who = a.key.subject.substr(a.key.subject.find(':') + 1);
      return (user ? "用户 " : "地址 ") + who + " 连续 " + num(a.qty) + " 次登录失败，已锁定 " + num(f.minutes) +
             " 分钟" + (user && !f.reason.empty() ? "（最后一次来自 " + f.reason + "）" : "") + "。";
    }
    case Kind::asn_overdue:
      return "到货单 " + a.key.subject + (f.document.empty() ? "" : "（采购单 " + f.document + "）") +
             (f.partner.empty() ? "" : "，供应商 " + f.partner) + "，预计 " +
             (f.since ? local(*f.since, w) : std::string("?")) + (f.door.empty() ? "" : " 在 " + f.door) +
             " 到货，已逾期 " + span(a.qty, Language::zh_CN) + "（宽限 " + span(a.threshold, Language::zh_CN) + "）" +
             (f.lines.empty() ? "" : "；未到：" + open_lines(f, "、")) + "。";
    case Kind::sync_refused:
      return "中心系统的 MQTT 代理一再拒绝第 " + num(a.qty) + " 号事件，其后的事件都在等待上传" +
             (f.reason.empty() ? "" : "：" + f.reason) + "。";
  }
  return {};
}

std::string en(const Alert& a, const Wording& w) {
  const Facts& f = a.facts;
  const std::string item = item_text(a), loc = location_text(a);
  const std::string stock = " (on hand " + qty(f.on_hand, a) + ", reserved " + qty(f.reserved, a) + ")";
  const std::string order = a.suggested_qty > 0 ? "; suggested order " + qty(a.suggested_qty, a) : "";
  const std::string lot = a.key.lot.empty() ? "" : " lot " + a.key.lot;
  const std::string shelf =
      f.slots.empty() ? "the shelf" : "the shelf (slot" + std::string(f.slots.size() > 1 ? "s " : " ") +
                                          joined(f.slots, ", ") + ")";
  switch (a.key.kind) {
    case Kind::low_stock:
      return item + " at " + loc + ": " + qty(a.qty, a) + " available, below the alert level " +
             qty(a.threshold, a) + stock + order + ".";
    case Kind::stockout:
      return item + " at " + loc + ": nothing available" + stock + order + ".";
    case Kind::overstock:
      return item + " at " + loc + ": " + qty(a.qty, a) + " on hand, above the maximum " + qty(a.threshold, a) +
             ".";
    case Kind::lot_expiring:
      return item + lot + " at " + loc + ": " + qty(a.qty, a) + " expire on " + f.date + " (in " + num(f.days) +
             " days).";
    case Kind::lot_expired:
      return item + lot + " at " + loc + ": " + qty(a.qty, a) + " expired on " + f.date + ".";
    case Kind::slow_moving:
      return item + " at " + loc + ": " + qty(a.qty, a) + " on hand, no issue for " + num(f.days) +
             " days (threshold " + num(a.threshold) + " days).";
    case Kind::weight_discrepancy:
      return item + " at " + loc + ": " + shelf + " weighs " + qty(a.qty, a) + ", the books say " +
             qty(f.book, a) + " (discrepancy #" + f.document + ").";
    case Kind::count_variance:
      return "Count " + f.document + ": " + item + lot + " at " + loc + " counted " + qty(f.counted, a) +
             ", book " + qty(f.book, a) + ", variance " + qty(a.qty, a) + " (tolerance " + qty(a.threshold, a) +
             ").";
    case Kind::shelf_low_stock:
      return item + " at " + loc + ": " + shelf + " weighs " + qty(a.qty, a) + ", below the minimum " +
             qty(a.threshold, a) + "; the books say " + qty(f.book, a) + ".";
    case Kind::shelf_empty:
      return item + " at " + loc + ": " + shelf + " is empty; the books say " + qty(f.book, a) + ".";
    case Kind::device_offline:
      return "Device " + a.key.subject + (f.source.empty() ? "" : " (" + f.source + ")") + " offline" +
             (f.since ? " since " + local(*f.since, w) : "") + ", " + num(a.qty) + " minutes (limit " +
             num(a.threshold) + " minutes)" + (f.reason.empty() ? "" : ": " + f.reason) + ".";
    case Kind::sync_backlog:
      return num(a.qty) + " events not acknowledged by the central system, the oldest " + num(f.minutes) +
             " minutes old (limits " + num(a.threshold) + " events, " + num(f.limit) + " minutes).";
    case Kind::store_unavailable:
      return "The stock store cannot take writes (disk full, I/O error or locked by another program for long); "
             "postings of " + a.key.subject + " wait and are retried" + (f.reason.empty() ? "" : ": " + f.reason) +
             ".";
    case Kind::channel_failing:
      return "Alert channel " + a.key.subject + (f.source.empty() ? "" : " (" + f.source + ")") + " failed " +
             num(a.qty) + " deliveries in a row" + (f.reason.empty() ? "" : ": " + f.reason) + ".";
    case Kind::login_locked: {
      const bool user = a.key.subject.rfind("user:", 0) == 0;
      const std::string who = a.key.subject.substr(a.key.subject.find(':') + 1);
      return (user ? "User " : "Address ") + who + ": " + num(a.qty) + " failed logins in a row, locked for " +
             num(f.minutes) + " minutes" + (user && !f.reason.empty() ? " (the last from " + f.reason + ")" : "") +
             ".";
    }
    case Kind::asn_overdue:
      return "Expected receipt " + a.key.subject + (f.document.empty() ? "" : " (PO " + f.document + ")") +
             (f.partner.empty() ? "" : " from " + f.partner) + ", due " +
             (f.since ? local(*f.since, w) : std::string("?")) + (f.door.empty() ? "" : " at " + f.door) + ", is " +
             span(a.qty, Language::en) + " overdue (grace " + span(a.threshold, Language::en) + ")" +
             (f.lines.empty() ? "" : "; still to come: " + open_lines(f, ", ")) + ".";
    case Kind::sync_refused:
      return "The central system's MQTT broker keeps refusing event seq " + num(a.qty) +
             "; the events after it wait" + (f.reason.empty() ? "" : ": " + f.reason) + ".";
  }
  return {};
}

bool about_stock(const Alert& a) { return !a.key.item.empty(); }

}  // namespace

Language parse_language(std::string_view s) { return s == "en" ? Language::en : Language::zh_CN; }

std::string severity_words(Severity s, Language l) {
  switch (s) {
    case Severity::critical: return pick({"严重", "critical"}, l);
    case Severity::warning: return pick({"警告", "warning"}, l);
    case Severity::info: return pick({"提示", "info"}, l);
  }
  return {};
}

std::string kind_words(Kind k, Language l) { return pick(kKindWords[static_cast<std::size_t>(k)], l); }

std::string event_words(std::string_view event, Language l) {
  if (event == "raised") return pick({"新预警", "Raised"}, l);
  if (event == "cleared") return pick({"已解除", "Cleared"}, l);
  if (event == "escalated") return pick({"已升级", "Escalated"}, l);
  if (event == "acknowledged") return pick({"已确认", "Acknowledged"}, l);
  return std::string(event);
}

std::string item_text(std::string_view sku, const Names& n) {
  if (n.item.empty()) return std::string(sku);
  return n.item + " (" + std::string(sku) + ")";
}

std::string location_text(std::string_view code, const Names& n) {
  if (n.location.empty() || n.location == code) return std::string(code);
  return n.location + " (" + std::string(code) + ")";
}

std::string quantity_text(std::int64_t n, const Names& names) {
  const std::string shown = inventory::format_decimal(n, names.decimals);
  return names.uom.empty() ? shown : shown + " " + names.uom;
}

std::string item_text(const Alert& a) { return item_text(a.key.item, a.names); }

std::string location_text(const Alert& a) { return location_text(a.key.location, a.names); }

// Appended rather than `"#" + ...`: GCC 12 at -O2 warns (-Wrestrict, a false
// positive) on the inlined insert at the front.
std::string short_id(const Alert& a) {
  std::string id = "#";
  id += std::to_string(a.id);
  return id;
}

std::string ack_link(const Alert& a, std::string_view base_url) {
  if (base_url.empty()) return {};
  return std::string(base_url) + "/alerts/" + std::to_string(a.id);
}

std::string describe(const Alert& a, const Wording& w) {
  return w.language == Language::en ? en(a, w) : zh(a, w);
}

std::string headline(const Alert& a, std::string_view event, std::string_view gateway_id, const Wording& w) {
  const Language l = w.language;
  std::string t = "[";  // appended, as in short_id
  t += gateway_id;
  t += "] ";
  t += event_words(event, l) + " · " + severity_words(a.severity, l) + " · " + kind_words(a.key.kind, l) + " · ";
  if (about_stock(a)) {
    t += item_text(a);
    if (!a.key.location.empty()) t += " @ " + location_text(a);
  } else {
    t += a.key.subject;
  }
  return t + " · " + short_id(a);
}

std::vector<std::pair<std::string, std::string>> labelled_fields(const Alert& a, const Wording& w) {
  const Language l = w.language;
  std::vector<std::pair<std::string, std::string>> f;
  f.emplace_back(pick({"预警", "Alert"}, l), kind_words(a.key.kind, l));
  f.emplace_back(pick({"级别", "Severity"}, l), severity_words(a.severity, l));
  if (!a.key.item.empty()) f.emplace_back(pick({"物品", "Item"}, l), item_text(a));
  if (!a.key.lot.empty()) f.emplace_back(pick({"批次", "Lot"}, l), a.key.lot);
  if (!a.key.location.empty()) f.emplace_back(pick({"库位", "Location"}, l), location_text(a));
  if (!about_stock(a) && !a.key.subject.empty()) f.emplace_back(pick({"对象", "Subject"}, l), a.key.subject);
  if (about_stock(a)) {
    f.emplace_back(pick({"数量", "Quantity"}, l), qty(a.qty, a));
    f.emplace_back(pick({"阈值", "Threshold"}, l), qty(a.threshold, a));
  }
  if (a.suggested_qty > 0) f.emplace_back(pick({"建议补货", "Suggested order"}, l), qty(a.suggested_qty, a));
  f.emplace_back(pick({"说明", "Detail"}, l), a.detail);
  f.emplace_back(pick({"发生时间", "Raised"}, l), local(a.raised_at, w));
  if (a.cleared_at) f.emplace_back(pick({"解除时间", "Cleared"}, l), local(*a.cleared_at, w));
  if (a.escalated_at) f.emplace_back(pick({"升级时间", "Escalated"}, l), local(*a.escalated_at, w));
  if (a.acked_at)
    f.emplace_back(pick({"确认", "Acknowledged"}, l), a.acked_by + " " + local(*a.acked_at, w));
  f.emplace_back(pick({"编号", "Alert id"}, l), short_id(a));
  return f;
}

}  // namespace jxc::alerts
