#pragma once
// Problem details in the language a request prefers. Programs key on the
// stable `code` and get English by default; a request whose Accept-Language
// prefers Chinese (a browser sending "zh-CN,zh;q=0.9") gets the title and,
// for the common refusals, the detail in Chinese, with item names beside
// their SKUs where the refusal names an item. The words are kept in one table
// per language, keyed by code. Pure code.

#include <string>
#include <string_view>
#include <vector>

#include "edge/alerts/alert_text.h"
#include "edge/http/problem.h"

namespace jxc::http {

/// The languages people read, as the alerts speak them.
using alerts::Language;

/// The language `accept_language` (an Accept-Language header value) prefers
/// among English and Chinese: the supported range with the highest q, the
/// first of equal ones; English when it names neither, is empty or malformed.
/// Any "zh" range counts as Chinese (the texts are simplified Chinese).
Language preferred_language(std::string_view accept_language);

/// "en" or "zh-CN", as Content-Language says it.
std::string_view language_tag(Language l);

/// The title of problem `code`: its Chinese words, or in English the
/// reason phrase of `status`; "" for a code the table does not hold.
std::string problem_title(std::string_view code, unsigned status, Language l);

/// The Chinese detail of `p`, built from its facts; "" when the table has
/// no Chinese sentence for its code (the English detail is then kept).
std::string chinese_detail(const ProblemParts& p);

/// Every code the title table holds.
std::vector<std::string_view> problem_codes();

/// Words the problem `r` (one made by problem()) in the language
/// `accept_language` prefers and sets Content-Language: "zh-CN" when all is
/// Chinese, "zh-CN, en" when the detail stays English. Other responses are
/// left as they are.
void localise_problem(Response& r, std::string_view accept_language);

}  // namespace jxc::http
