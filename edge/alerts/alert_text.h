#pragma once
// What people read about an alert: the sentence stored as its detail (the
// contract's `message`), the title and labelled fields the channels send, in
// Chinese or English, with item and location names beside their codes,
// quantities in the item's unit, severity in words, a short id and times in
// the site's time zone with its UTC offset. Pure functions over an Alert
// whose `facts` (from its rule) and `names` (from master data) are filled;
// nothing here reads the store or the clock.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edge/alerts/alert.h"
#include "edge/common/local_time.h"

namespace jxc::alerts {

enum class Language { zh_CN, en };
/// "zh-CN" or "en" (config [alerts] language); anything else is zh-CN.
Language parse_language(std::string_view s);

/// How texts are written at this site.
struct Wording {
  Language language = Language::zh_CN;
  TimeZone zone;  // UTC unless given
};

/// 严重 / 警告 / 提示, or critical / warning / info.
std::string severity_words(Severity s, Language l);
/// 缺货 / Stockout, ...
std::string kind_words(Kind k, Language l);
/// "raised" -> 新预警 / Raised; cleared, escalated, acknowledged likewise.
std::string event_words(std::string_view event, Language l);
/// "矿泉水 Mineral water 550ml (SKU-2001)", or the SKU alone without a name.
std::string item_text(const Alert& a);
/// "A区01号货架 (A-01)", or the code alone without a name.
std::string location_text(const Alert& a);
/// "#42"
std::string short_id(const Alert& a);
/// item_text and location_text of a SKU or location code and its names.
std::string item_text(std::string_view sku, const Names& n);
std::string location_text(std::string_view code, const Names& n);
/// "3 瓶", "1.250 kg": `n` in the item's smallest units, with its unit when known.
std::string quantity_text(std::int64_t n, const Names& names);

/// "<base_url>/alerts/42", the page a manager acknowledges the alert on
/// (base_url: config [alerts] ack_base_url, the gateway's address without a
/// trailing '/'); empty when base_url is.
std::string ack_link(const Alert& a, std::string_view base_url);

/// The sentence for the alert's detail, e.g. "矿泉水 Mineral water 550ml
/// (SKU-2001) 在 A区01号货架 (A-01) 可用 3 瓶，低于预警值 10 瓶 ...".
std::string describe(const Alert& a, const Wording& w);

/// "[gw-1] 新预警 · 严重 · 缺货 · 矿泉水 ... (SKU-2001) @ A区01号货架 · #42"
std::string headline(const Alert& a, std::string_view event, std::string_view gateway_id, const Wording& w);

/// Labelled values in the order a manager reads them.
std::vector<std::pair<std::string, std::string>> labelled_fields(const Alert& a, const Wording& w);

}  // namespace jxc::alerts
