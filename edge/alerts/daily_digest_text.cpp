// The daily digest's words (daily_digest.h): Chinese or English, item names
// beside their SKUs, quantities in the item's unit, times in the site's zone.
#include <string>

#include "edge/alerts/daily_digest.h"

namespace jxc::alerts {
namespace {

std::string pick(Language l, const char* zh, const char* en) { return l == Language::en ? en : zh; }

// Document types as a warehouse names them.
std::string doc_type_words(const std::string& type, Language l) {
  struct Words {
    const char *type, *zh, *en;
  };
  static const Words kWords[] = {
      {"receipt", "收货单", "receipt"},         {"issue", "出库单", "issue"},
      {"transfer", "移库单", "transfer"},       {"count", "盘点单", "count"},
      {"adjustment", "调整单", "adjustment"},   {"scrap", "报废单", "scrap"},
      {"customer_return", "销售退货单", "customer return"},
      {"supplier_return", "采购退货单", "supplier return"},
      {"reversal", "冲销单", "reversal"},
      {"opening", "期初库存单", "opening balance"},
      {"production_issue", "生产领料单", "issue to production"},
      {"production_receipt", "生产入库单", "receipt from production"},
      {"other_issue", "其他出库单", "other issue"},
      {"other_receipt", "其他入库单", "other receipt"},
  };
  for (const Words& w : kWords)
    if (type == w.type) return l == Language::en ? w.en : w.zh;
  return type;
}

std::string more_line(std::int64_t n, Language l) {
  return l == Language::en ? "... and " + std::to_string(n) + " more" : "…… 另有 " + std::to_string(n) + " 条";
}

std::string heading(Language l, const char* zh, const char* en, std::int64_t count) {
  return pick(l, zh, en) + " (" + std::to_string(count) + ")";
}

// Ends a section: "none" when it is empty, how many more when it was cut.
void close_section(DigestSection& s, std::size_t shown, std::int64_t count, Language l) {
  if (count == 0 && shown == 0) s.lines.push_back({pick(l, "无", "none"), ""});
  if (count > static_cast<std::int64_t>(shown))
    s.lines.push_back({more_line(count - static_cast<std::int64_t>(shown), l), ""});
}

std::string alert_line(const Alert& a, const Wording& w) {
  const Language l = w.language;
  std::string t = severity_words(a.severity, l) + " · " + kind_words(a.key.kind, l) + " · ";
  if (!a.key.item.empty()) {
    t += item_text(a);
    if (!a.key.location.empty()) t += " @ " + location_text(a);
  } else {
    t += a.key.subject;
  }
  t += " · " + format_local_minutes(a.raised_at, w.zone) + " · " + short_id(a);
  if (a.acked_at) t += " · " + pick(l, "已确认 ", "acknowledged by ") + a.acked_by;
  return t;
}

std::string suggestion_line(const DigestSuggestion& s, const Wording& w) {
  const Language l = w.language;
  return item_text(s.sku, s.names) + " @ " + location_text(s.location, s.names) + " · " +
         pick(l, "建议补货 ", "order ") + quantity_text(s.qty, s.names) + " · " +
         format_local_minutes(s.created_at, w.zone) + " · #" + std::to_string(s.id);
}

std::string held_line(const DigestHeld& h, const Wording& w) {
  const Language l = w.language;
  std::string t = h.number + " · " + doc_type_words(h.type, l);
  if (!h.source.empty()) t += " · " + pick(l, "来源 ", "from ") + h.source;
  t += " · " + format_local_minutes(h.created_at, w.zone);
  constexpr std::size_t kLinesShown = 3;
  std::string items;
  for (std::size_t i = 0; i < h.lines.size() && i < kLinesShown; ++i) {
    const DigestHeldLine& line = h.lines[i];
    items += (items.empty() ? "" : pick(l, "、", ", ")) + item_text(line.sku, line.names) + " " +
             quantity_text(line.qty, line.names);
    if (!line.flag.empty()) items += " (" + line.flag + ")";
  }
  if (h.lines.size() > kLinesShown)
    items += l == Language::en ? " and " + std::to_string(h.lines.size() - kLinesShown) + " more lines"
                               : " 等 " + std::to_string(h.lines.size()) + " 行";
  if (!items.empty()) t += " · " + items;
  if (!h.exceptions.empty()) {
    t += " · " + pick(l, "异常：", "exceptions: ");
    for (std::size_t i = 0; i < h.exceptions.size(); ++i) t += (i ? pick(l, "；", "; ") : "") + h.exceptions[i];
  }
  return t;
}

}  // namespace

std::string daily_digest_title(const DailyDigest& d, std::string_view gateway_id, const Wording& w) {
  std::string t = "[";  // appended, as headline() does
  t += gateway_id;
  t += "] ";
  t += pick(w.language, "每日汇总 · ", "Daily digest · ") + format_local_minutes(d.at, w.zone);
  return t;
}

std::vector<DigestSection> daily_digest_sections(const DailyDigest& d, const Wording& w,
                                                 std::string_view ack_base_url) {
  const Language l = w.language;
  std::vector<DigestSection> out(3);
  out[0].heading = heading(l, "未处理预警", "Open alerts", d.alert_count);
  for (const Alert& a : d.alerts) out[0].lines.push_back({alert_line(a, w), ack_link(a, ack_base_url)});
  close_section(out[0], d.alerts.size(), d.alert_count, l);
  out[1].heading = heading(l, "补货建议", "Replenishment suggestions", d.suggestion_count);
  for (const auto& s : d.suggestions) out[1].lines.push_back({suggestion_line(s, w), ""});
  close_section(out[1], d.suggestions.size(), d.suggestion_count, l);
  out[2].heading = heading(l, "待审核单据", "Documents held for review", d.held_count);
  for (const auto& h : d.held) out[2].lines.push_back({held_line(h, w), ""});
  close_section(out[2], d.held.size(), d.held_count, l);
  return out;
}

}  // namespace jxc::alerts
