#include "edge/config/redact.h"

#include <array>
#include <cctype>

namespace jxc::config {
namespace {

constexpr std::array<std::string_view, 7> kSecretParams = {"access_token", "key",       "token",   "secret",
                                                           "sign",         "signature", "password"};
constexpr std::string_view kMask = "***";

// Where a URL ends inside surrounding text: quotes, list separators, spaces.
bool ends_url(char c) {
  return c == '"' || c == '\'' || c == ',' || c == ']' || c == ')' || c == '>' ||
         std::isspace(static_cast<unsigned char>(c));
}

bool secret_param(std::string_view name) {
  for (auto p : kSecretParams) {
    if (name.size() != p.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < p.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(name[i])) == p[i];
    if (same) return true;
  }
  return false;
}

// One URL (scheme to its end) with its credentials masked.
std::string redact_one(std::string_view url) {
  std::string out;
  std::size_t query = url.find('?');
  std::string_view path = url.substr(0, query);
  // Feishu / Lark: https://open.feishu.cn/open-apis/bot/v2/hook/<token>
  if (auto hook = path.find("/hook/"); hook != std::string_view::npos && hook + 6 < path.size()) {
    std::size_t end = path.find('/', hook + 6);
    out.append(path.substr(0, hook + 6)).append(kMask);
    if (end != std::string_view::npos) out.append(path.substr(end));
  } else {
    out.append(path);
  }
  if (query == std::string_view::npos) return out;
  std::string_view q = url.substr(query + 1);
  out.push_back('?');
  bool first = true;
  while (true) {
    std::size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    if (!first) out.push_back('&');
    first = false;
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && secret_param(pair.substr(0, eq)))
      out.append(pair.substr(0, eq + 1)).append(kMask);
    else
      out.append(pair);
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace

std::string redact_urls(std::string_view text) {
  std::string out;
  std::size_t done = 0;
  for (std::size_t at = text.find("://"); at != std::string_view::npos; at = text.find("://", done)) {
    std::size_t end = at + 3;
    while (end < text.size() && !ends_url(text[end])) ++end;
    out.append(text.substr(done, at + 3 - done));
    std::string redacted = redact_one(text.substr(at + 3, end - at - 3));
    out.append(redacted);
    done = end;
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace jxc::config
