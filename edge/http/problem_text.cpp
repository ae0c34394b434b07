#include "edge/http/problem_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "edge/http/header_values.h"

namespace jxc::http {
namespace {

// ---- Chinese titles, one per code ----

struct Title {
  std::string_view code;
  std::string_view zh;
};

constexpr std::array kTitles = std::to_array<Title>({
    // the store's refusals (Errc names)
    {"invalid_argument", "请求无效"},
    {"unknown_item", "找不到商品"},
    {"unknown_location", "找不到库位"},
    {"unknown_document", "找不到单据"},
    {"unknown_order", "找不到订单"},
    {"insufficient_stock", "库存不足"},
    {"tolerance_exceeded", "超出订单允差"},
    {"invalid_state", "当前状态不允许此操作"},
    {"conflict", "数据冲突"},
    {"schema_too_new", "数据库版本过新"},
    {"storage", "存储故障"},
    {"corrupt", "数据库文件损坏"},
    {"config", "配置错误"},
    {"io", "读写失败"},
    {"unavailable", "服务暂不可用"},
    {"retired", "已停用"},
    {"four_eyes", "需要另一人复核"},
    {"internal", "网关内部错误"},
    // the API's own
    {"bad_request", "请求格式错误"},
    {"malformed_json", "请求内容不是有效的 JSON"},
    {"invalid_field", "请求字段无效"},
    {"unknown_field", "未知字段"},
    {"invalid_parameter", "查询参数无效"},
    {"invalid_idempotency_key", "幂等键无效"},
    {"idempotency_key_reused", "幂等键已用于另一请求"},
    {"unauthenticated", "未登录"},
    {"session_expired", "会话已过期"},
    {"invalid_credentials", "用户名或密码错误"},
    {"invalid_setup_token", "初始设置令牌无效"},
    {"no_session", "没有会话"},
    {"forbidden", "无权操作"},
    {"csrf_token_invalid", "CSRF 令牌无效"},
    {"not_found", "找不到资源"},
    {"web_app_not_built", "网页应用未编入网关"},
    {"unknown_alert", "找不到预警"},
    {"unknown_suggestion", "找不到补货建议"},
    {"unknown_scanner", "找不到扫描枪"},
    {"method_not_allowed", "不支持的请求方法"},
    {"admin_exists", "管理员已存在"},
    {"setup_done", "初始设置已完成"},
    {"body_too_large", "请求内容过大"},
    {"unsupported_media_type", "不支持的内容类型"},
    {"header_too_large", "请求头过大"},
    {"weak_password", "密码强度不足"},
    {"login_locked", "登录已锁定"},
    {"too_many_subscribers", "事件订阅已满"},
    {"unknown_user", "找不到用户"},
    {"unknown_token", "找不到 API 令牌"},
    {"last_admin", "最后一名管理员"},
    {"wrong_password", "当前密码错误"},
});

// ---- Chinese details, built from a problem's facts ----

class FactsOf {
 public:
  explicit FactsOf(const ProblemParts& p) : p_(p) {}
  std::string operator[](std::string_view key) const {
    for (const auto& [k, v] : p_.facts)
      if (k == key) return v;
    return {};
  }

 private:
  const ProblemParts& p_;
};

// "矿泉水 550ml（SKU-2001）", or the SKU alone without a name.
std::string item(const FactsOf& f) {
  const std::string sku = f["sku"], name = f["name"];
  return name.empty() ? sku : name + "（" + sku + "）";
}

// "找不到商品 SKU-9。", or without the key "找不到该商品。"
std::string not_found(const FactsOf& f, std::string_view what) {
  const std::string key = f["key"];
  return key.empty() ? "找不到该" + std::string(what) + "。" : "找不到" + std::string(what) + " " + key + "。";
}

std::string insufficient_stock(const FactsOf& f) {
  if (f["sku"].empty()) return "库存不足，无法完成此操作。";
  const std::string lot = f["lot"];
  if (!f["serial"].empty())
    return item(f) + " 序列号 " + f["serial"] + " 不在库位 " + f["location"] + (lot.empty() ? "" : " 批次 " + lot) +
           " 的库存中。";
  return item(f) + (lot.empty() ? "" : " 批次 " + lot) + " 在库位 " + f["location"] + " 只有 " + f["have"] +
         "，需要 " + f["need"] + "，库存不足。";
}

std::string tolerance_exceeded(const FactsOf& f) {
  if (f["sku"].empty()) return "数量超出订单允许的范围。";
  const std::string verb = f["direction"] == "receive" ? "收货" : "出库";
  std::string out = item(f) + "：订单 " + f["order"] + " 的数量为 " + f["ordered"] + "，此次" + verb + "后将达到 " +
                    f["after"];
  if (!f["tolerance_pct"].empty()) out += "，允差 " + f["tolerance_pct"] + "% 最多允许 " + f["limit"];
  else out += "，最多允许 " + f["limit"];
  return out + "。";
}

std::string four_eyes(const FactsOf& f) {
  const std::string subject = f["subject"], number = f["number"], by = f["by"];
  if (subject == "count") return "盘点单 " + number + " 由 " + by + " 参与盘点；须由未参与盘点的另一人审批。";
  if (subject == "document") return "单据 " + number + " 由 " + by + " 创建；须由另一人放行。";
  if (subject == "document_lines") return "单据 " + number + " 的明细最后由 " + by + " 修改；须由另一人放行。";
  return "此操作须由另一人完成（双人复核）。";
}

std::string malformed_json(const FactsOf& f) {
  const std::string why = f["why"];
  if (why == "utf8") return "请求内容不是有效的 UTF-8 文本。";
  if (why == "depth") return "请求内容的数组和对象嵌套超过 " + f["max_depth"] + " 层。";
  if (why == "not_object") return "请求内容必须是一个 JSON 对象。";
  if (why == "syntax") return "请求内容不是有效的 JSON（第 " + f["byte"] + " 字节处有误）。";
  return "请求内容不是有效的 JSON。";
}

using Sentence = std::function<std::string(const FactsOf&)>;

struct Detail {
  std::string_view code;
  Sentence zh;
};

std::string fixed(const char* s) { return s; }

const std::vector<Detail>& details() {
  static const std::vector<Detail> kDetails = {
      {"insufficient_stock", insufficient_stock},
      {"tolerance_exceeded", tolerance_exceeded},
      {"four_eyes", four_eyes},
      {"malformed_json", malformed_json},
      {"unknown_item", [](const FactsOf& f) { return not_found(f, "商品"); }},
      {"unknown_location", [](const FactsOf& f) { return not_found(f, "库位"); }},
      {"unknown_document", [](const FactsOf& f) { return not_found(f, "单据"); }},
      {"unknown_order", [](const FactsOf& f) { return not_found(f, "订单"); }},
      {"unknown_alert", [](const FactsOf& f) { return not_found(f, "预警"); }},
      {"unknown_suggestion", [](const FactsOf& f) { return not_found(f, "补货建议"); }},
      {"unknown_scanner", [](const FactsOf& f) { return not_found(f, "扫描枪"); }},
      {"not_found", [](const FactsOf&) { return fixed("请求的地址不存在。"); }},
      {"web_app_not_built", [](const FactsOf&) { return fixed("此网关编译时未包含网页应用（-DJXC_WEB=OFF）。"); }},
      {"conflict",
       [](const FactsOf& f) {
         if (!f["serial"].empty())
           return item(f) + " 序列号 " + f["serial"] + " 已在库位 " + f["location"] + " 的库存中，不能重复入库。";
         return fixed("与已有数据冲突（编号或幂等键已被使用）；请刷新后再试。");
       }},
      {"invalid_state", [](const FactsOf&) { return fixed("当前状态不允许此操作；请刷新查看最新状态。"); }},
      {"invalid_credentials", [](const FactsOf&) { return fixed("用户名或密码错误。"); }},
      {"unauthenticated", [](const FactsOf&) { return fixed("请先登录，或提供有效的 API 令牌。"); }},
      {"session_expired", [](const FactsOf&) { return fixed("会话已结束，请重新登录。"); }},
      {"forbidden", [](const FactsOf&) { return fixed("您的角色无权执行此操作。"); }},
      {"csrf_token_invalid", [](const FactsOf&) { return fixed("请求缺少有效的 CSRF 令牌；请刷新页面后重试。"); }},
      {"login_locked", [](const FactsOf&) { return fixed("登录失败次数过多，已暂时锁定；请稍后再试。"); }},
      {"body_too_large", [](const FactsOf&) { return fixed("请求内容超过网关允许的大小。"); }},
      {"header_too_large", [](const FactsOf&) { return fixed("请求行和请求头超过网关允许的大小。"); }},
      {"unsupported_media_type", [](const FactsOf&) { return fixed("请求内容必须是 application/json。"); }},
      {"internal", [](const FactsOf&) { return fixed("网关处理请求时出错，原因见网关日志。"); }},
      {"unknown_user", [](const FactsOf& f) { return not_found(f, "用户"); }},
      {"unknown_token", [](const FactsOf& f) { return not_found(f, " API 令牌"); }},
      {"last_admin",
       [](const FactsOf& f) {
         return f["user"] + " 是最后一名在用的管理员；请先添加或启用另一名管理员，再降级或停用此用户。";
       }},
      {"wrong_password", [](const FactsOf&) { return fixed("当前密码错误。"); }},
  };
  return kDetails;
}

// ---- Accept-Language ----

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// The language a range names: "zh", "zh-CN", "zh-Hans" → Chinese; "en", "en-US" → English.
std::optional<Language> range_language(std::string_view range) {
  auto is = [&](std::string_view lang) {
    return starts_with_ci(range, lang) && (range.size() == lang.size() || range[lang.size()] == '-');
  };
  if (is("zh")) return Language::zh_CN;
  if (is("en")) return Language::en;
  return std::nullopt;
}

}  // namespace

Language preferred_language(std::string_view header) {
  Language best = Language::en;
  double best_q = 0;
  for (const auto& e : weighted_list(header)) {
    auto lang = range_language(e.value);
    if (lang && e.q > best_q) {
      best = *lang;
      best_q = e.q;
    }
  }
  return best;
}

std::string_view language_tag(Language l) { return l == Language::zh_CN ? "zh-CN" : "en"; }

std::string problem_title(std::string_view code, unsigned status, Language l) {
  auto it = std::find_if(kTitles.begin(), kTitles.end(), [&](const Title& t) { return t.code == code; });
  if (it == kTitles.end()) return {};
  return std::string(l == Language::zh_CN ? it->zh : reason_phrase(status));
}

std::string chinese_detail(const ProblemParts& p) {
  const FactsOf f(p);
  for (const auto& d : details())
    if (d.code == p.code) {
      // Refusals of one line of a request say which, as the English does.
      const std::string line = f["line"];
      return (line.empty() ? "" : "第 " + line + " 行：") + d.zh(f);
    }
  return {};
}

std::vector<std::string_view> problem_codes() {
  std::vector<std::string_view> out;
  for (const auto& t : kTitles) out.push_back(t.code);
  return out;
}

void localise_problem(Response& r, std::string_view accept_language) {
  if (!r.problem || preferred_language(accept_language) != Language::zh_CN) return;
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  if (!body.is_object()) return;
  const ProblemParts& p = *r.problem;
  std::string title = problem_title(p.code, p.status, Language::zh_CN);
  std::string detail = chinese_detail(p);
  if (!title.empty()) body["title"] = title;
  if (!detail.empty()) body["detail"] = detail;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (auto& [name, value] : r.headers)
    if (name == "Content-Language") value = detail.empty() || title.empty() ? "zh-CN, en" : "zh-CN";
}

}  // namespace jxc::http
