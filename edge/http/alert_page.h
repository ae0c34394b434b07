#pragma once
// The page an alert message links to (GET /alerts/{id}): HTML made on the
// server, readable in a phone's chat or mail viewer without script. It shows
// the alert as people read it (alert_text.h: names, local time, its state)
// and, as the visitor may, a sign-in form or the one button that
// acknowledges it. Chinese unless English is asked for (?lang=en, or
// Accept-Language). Every text from the store or the request is escaped.
// Pure functions: no store, no clock.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edge/alerts/alert.h"
#include "edge/alerts/alert_text.h"
#include "edge/http/problem.h"

namespace jxc::http::alert_page {

/// The page's language: `lang` ("en", "zh-CN", "zh", or "" when not given)
/// first, else the first tag of Accept-Language; Chinese unless English.
alerts::Language language(std::string_view lang, std::string_view accept_language);
/// "zh-CN" or "en", for the html element and the links' ?lang=.
std::string tag(alerts::Language l);

/// "open", "acknowledged" or "cleared", as the API names an alert's state.
std::string state_of(const alerts::Alert& a);

/// What the page holds below its heading.
struct Page {
  unsigned status = 200;
  alerts::Language language = alerts::Language::zh_CN;
  std::string title;
  std::string notice;                  // a sentence in a box (a refusal, a hint); "" = none
  const alerts::Alert* alert = nullptr;  // shown with its fields and state when set
  alerts::Wording wording;             // for the alert's fields
  std::string sign_in_action;          // "" = no sign-in form
  std::string ack_action;              // "" = no acknowledge button
  std::string csrf;                    // the session's token, sent with the button
};

/// The whole response: an HTML document with headers that keep it out of
/// caches and frames and allow no script.
Response render(const Page& p);

/// Words of the page in its language.
struct Words {
  std::string alert_n;         // "预警 #42"
  std::string sign_in_first;   // "请先登录 ..."
  std::string wrong_password;  // "用户名或密码错误"
  std::string locked;          // "登录失败次数过多 ..."
  std::string manager_only;    // "需要经理权限 ..."
  std::string not_found;       // "没有这条预警"
  std::string csrf_refused;    // "页面已过期 ..."
  std::string cleared;         // "已解除，无需确认"
  std::string acknowledged;    // "已确认"
  std::string bad_form;        // "表单无法读取"
};
Words words(alerts::Language l, std::int64_t id);

}  // namespace jxc::http::alert_page
