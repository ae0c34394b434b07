#include "edge/alerts/channels/messages.h"

#include <cctype>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "edge/alerts/channels/crypto.h"

namespace jxc::alerts::channels {
namespace {

// RFC 5322 date-time in UTC: "Tue, 24 Nov 2026 16:00:00 +0000".
std::string rfc5322(TimeMs ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The fields as "label: value" pairs, in the order a manager reads them.
std::vector<std::pair<std::string, std::string>> fields(const Alert& a) {
  std::vector<std::pair<std::string, std::string>> f;
  if (!a.key.item.empty()) f.emplace_back("Item", a.key.item);
  if (!a.key.lot.empty()) f.emplace_back("Lot", a.key.lot);
  if (!a.key.location.empty()) f.emplace_back("Location", a.key.location);
  if (!a.key.subject.empty()) f.emplace_back("Subject", a.key.subject);
  f.emplace_back("Quantity", std::to_string(a.qty));
  f.emplace_back("Threshold", std::to_string(a.threshold));
  if (a.suggested_qty > 0) f.emplace_back("Suggested order", std::to_string(a.suggested_qty));
  f.emplace_back("Detail", a.detail);
  f.emplace_back("Raised", format_iso8601(a.raised_at));
  f.emplace_back("Alert id", std::to_string(a.id));
  return f;
}

}  // namespace

std::string title(const Alert& a, const std::string& event, const std::string& gateway_id) {
  std::string t = "[" + gateway_id + "] " + upper(event) + " " + std::string(to_string(a.severity)) +
                  " " + std::string(to_string(a.key.kind));
  if (!a.key.item.empty()) t += " " + a.key.item;
  if (!a.key.location.empty()) t += " @ " + a.key.location;
  if (!a.key.subject.empty()) t += " " + a.key.subject;
  return t;
}

std::string markdown(const Alert& a, const std::string& event, const std::string& gateway_id) {
  std::string md = "### " + title(a, event, gateway_id) + "\n";
  for (const auto& [k, v] : fields(a)) md += "> **" + k + "**: " + v + "\n\n";
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

std::string dingtalk_body(const Alert& a, const std::string& event, const std::string& gateway_id) {
  nlohmann::json j = {{"msgtype", "markdown"},
                      {"markdown", {{"title", title(a, event, gateway_id)},
                                    {"text", markdown(a, event, gateway_id)}}}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string dingtalk_signed_url(const std::string& url, const std::string& secret, TimeMs timestamp) {
  const std::string ts = std::to_string(timestamp);
  const std::string sign = url_encode(base64(hmac_sha256(secret, ts + "\n" + secret)));
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "timestamp=" + ts + "&sign=" + sign;
}

std::string wecom_body(const Alert& a, const std::string& event, const std::string& gateway_id) {
  nlohmann::json j = {{"msgtype", "markdown"},
                      {"markdown", {{"content", markdown(a, event, gateway_id)}}}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string email(const Alert& a, const std::string& event, const std::string& gateway_id,
                  const std::string& from, const std::string& to_header, TimeMs now) {
  std::string m;
  m += "From: " + from + "\r\n";
  m += "To: " + to_header + "\r\n";
  m += "Subject: " + title(a, event, gateway_id) + "\r\n";
  m += "Date: " + rfc5322(now) + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "\r\n";
  for (const auto& [k, v] : fields(a)) m += k + ": " + v + "\r\n";
  return m;
}

}  // namespace jxc::alerts::channels
