#include "edge/alerts/channels/messages.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "edge/alerts/channels/crypto.h"

namespace jxc::alerts::channels {
namespace {

// RFC 5322 date-time in the site's zone: "Tue, 24 Nov 2026 16:00:00 +0800".
std::string rfc5322(TimeMs ms, const TimeZone& zone) {
  const LocalTime l = zone.at(ms);
  // Day of the week from the local civil date (Sakamoto's method).
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  const int y = l.month < 3 ? l.year - 1 : l.year;
  const int wday = (y + y / 4 - y / 100 + y / 400 + t[l.month - 1] + l.day) % 7;
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int off = l.offset_seconds / 60;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", days[wday], l.day,
                months[l.month - 1], l.year, l.hour, l.minute, l.second, off < 0 ? '-' : '+',
                std::abs(off) / 60, std::abs(off) % 60);
  return buf;
}

// RFC 2047: a header value that is not ASCII as "=?UTF-8?B?...?=" words, each
// under 76 characters and cut between characters, never inside one.
std::string encoded_words(const std::string& s) {
  bool ascii = true;
  for (unsigned char c : s) ascii = ascii && c >= 0x20 && c < 0x7F;
  if (ascii) return s;
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t end = std::min(s.size(), i + 45);  // 45 bytes: 60 base64 characters
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") + base64(s.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

}  // namespace

std::string title(const Alert& a, const std::string& event, const std::string& gateway_id, const Wording& w) {
  return headline(a, event, gateway_id, w);
}

std::string markdown(const Alert& a, const std::string& event, const std::string& gateway_id,
                     const Wording& w) {
  std::string md = "### " + title(a, event, gateway_id, w) + "\n";
  for (const auto& [k, v] : labelled_fields(a, w)) md += "> **" + k + "**: " + v + "\n\n";
  return md;
}

std::string webhook_body(const Alert& a, const std::string& event, const std::string& gateway_id) {
  nlohmann::json j = {{"event", "alert." + event},
                      {"alert", nlohmann::json::parse(to_json(a, gateway_id))}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string webhook_signature(const std::string& secret, const std::string& timestamp,
                              const std::string& body) {
  return "sha256=" + hex(hmac_sha256(secret, timestamp + "." + body));
}

std::string dingtalk_body(const Alert& a, const std::string& event, const std::string& gateway_id,
                          const Wording& w) {
  nlohmann::json j = {{"msgtype", "markdown"},
                      {"markdown", {{"title", title(a, event, gateway_id, w)},
                                    {"text", markdown(a, event, gateway_id, w)}}}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string dingtalk_signed_url(const std::string& url, const std::string& secret, TimeMs timestamp) {
  const std::string ts = std::to_string(timestamp);
  const std::string sign = url_encode(base64(hmac_sha256(secret, ts + "\n" + secret)));
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "timestamp=" + ts + "&sign=" + sign;
}

std::string wecom_body(const Alert& a, const std::string& event, const std::string& gateway_id,
                       const Wording& w) {
  nlohmann::json j = {{"msgtype", "markdown"},
                      {"markdown", {{"content", markdown(a, event, gateway_id, w)}}}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string email(const Alert& a, const std::string& event, const std::string& gateway_id,
                  const std::string& from, const std::string& to_header, TimeMs now, const Wording& w) {
  std::string m;
  m += "From: " + from + "\r\n";
  m += "To: " + to_header + "\r\n";
  m += "Subject: " + encoded_words(title(a, event, gateway_id, w)) + "\r\n";
  m += "Date: " + rfc5322(now, w.zone) + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n";
  m += "\r\n";
  for (const auto& [k, v] : labelled_fields(a, w)) m += k + ": " + v + "\r\n";
  return m;
}

}  // namespace jxc::alerts::channels
