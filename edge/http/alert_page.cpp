#include "edge/http/alert_page.h"

#include "edge/common/text.h"

namespace jxc::http::alert_page {
namespace {

using alerts::Language;

std::string pick(Language l, const char* zh, const char* en) { return l == Language::en ? en : zh; }

std::string state_words(const std::string& state, Language l) {
  if (state == "acknowledged") return pick(l, "已确认", "Acknowledged");
  if (state == "cleared") return pick(l, "已解除", "Cleared");
  return pick(l, "待处理", "Open");
}

constexpr const char* kStyle =
    "body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:0;padding:1em;"
    "max-width:40em;line-height:1.5}"
    "h1{font-size:1.2em}th{text-align:left;padding-right:1em;vertical-align:top;white-space:nowrap}"
    ".notice{border:1px solid #c60;background:#fff4e5;padding:.5em}"
    ".state{font-weight:bold}label{display:block;margin:.5em 0}input{font-size:1em;width:100%}"
    "button{font-size:1.1em;padding:.5em 2em;margin-top:.5em}";

}  // namespace

Language language(std::string_view lang, std::string_view accept_language) {
  std::string_view first = lang;
  if (first.empty()) {
    first = accept_language.substr(0, accept_language.find_first_of(",;"));
    while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
  }
  const bool en = first.size() >= 2 && (first[0] == 'e' || first[0] == 'E') && (first[1] == 'n' || first[1] == 'N') &&
                  (first.size() == 2 || first[2] == '-');
  return en ? Language::en : Language::zh_CN;
}

std::string tag(Language l) { return l == Language::en ? "en" : "zh-CN"; }

std::string state_of(const alerts::Alert& a) { return !a.open ? "cleared" : a.acked_at ? "acknowledged" : "open"; }

Words words(Language l, std::int64_t id) {
  const std::string n = std::to_string(id);
  return {pick(l, "预警 #", "Alert #") + n,
          pick(l, "请先登录，再查看和确认这条预警。", "Sign in to see and acknowledge this alert."),
          pick(l, "用户名或密码错误。", "Wrong user name or password."),
          pick(l, "登录失败次数过多，请稍后再试。", "Too many failed sign-ins; try again later."),
          pick(l, "确认预警需要经理权限；请用经理账号登录。",
               "Acknowledging alerts needs the manager role; sign in as a manager."),
          pick(l, "没有这条预警。", "There is no such alert."),
          pick(l, "页面已过期，请重新打开后再确认。", "This page has expired; open it again to acknowledge."),
          pick(l, "这条预警已解除，无需确认。", "This alert has cleared; there is nothing to acknowledge."),
          pick(l, "这条预警已确认。", "This alert is acknowledged."),
          pick(l, "无法读取提交的表单。", "The form sent cannot be read.")};
}

Response render(const Page& p) {
  const Language l = p.language;
  std::string h = "<!DOCTYPE html>\n<html lang=\"" + tag(l) +
                  "\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
                  text::html_escaped(p.title) + "</title><style>" + kStyle + "</style></head>\n<body><main>\n<h1>" +
                  text::html_escaped(p.title) + "</h1>\n";
  if (!p.notice.empty()) h += "<p class=\"notice\">" + text::html_escaped(p.notice) + "</p>\n";
  if (p.alert) {
    const alerts::Alert& a = *p.alert;
    h += "<p class=\"state\">" + text::html_escaped(pick(l, "状态", "State")) + ": " + text::html_escaped(state_words(state_of(a), l)) +
         "</p>\n<table>\n";
    for (const auto& [k, v] : alerts::labelled_fields(a, p.wording))
      h += "<tr><th>" + text::html_escaped(k) + "</th><td>" + text::html_escaped(v) + "</td></tr>\n";
    h += "</table>\n";
  }
  if (!p.ack_action.empty())
    h += "<form method=\"post\" action=\"" + text::html_escaped(p.ack_action) +
         "\"><input type=\"hidden\" name=\"csrf_token\" value=\"" + text::html_escaped(p.csrf) + "\"><button type=\"submit\">" +
         text::html_escaped(pick(l, "确认", "Acknowledge")) + "</button></form>\n";
  if (!p.sign_in_action.empty())
    h += "<form method=\"post\" action=\"" + text::html_escaped(p.sign_in_action) + "\"><label>" +
         text::html_escaped(pick(l, "用户名", "User name")) +
         " <input name=\"user\" autocomplete=\"username\" required></label><label>" +
         text::html_escaped(pick(l, "密码", "Password")) +
         " <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>"
         "<button type=\"submit\">" +
         text::html_escaped(pick(l, "登录", "Sign in")) + "</button></form>\n";
  h += "</main></body></html>\n";
  Response r;
  r.status = p.status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(h);
  r.headers.emplace_back("Content-Language", tag(l));
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  return r;
}

}  // namespace jxc::http::alert_page
