#include "edge/alerts/channels/messages.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "edge/alerts/channels/crypto.h"
#include "edge/common/text.h"

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


// Base64 in lines of 76 characters (RFC 2045).
std::string base64_lines(const std::string& s) {
  const std::string b = base64(s);
  std::string out;
  for (std::size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
  return out;
}

// A multipart/alternative message with a plain-text part (8bit) and an HTML
// part (base64); CRLF line ends, not dot-stuffed.
std::string mime_message(const std::string& from, const std::string& to_header, const std::string& subject,
                         const std::string& text, const std::string& html, const std::string& message_id,
                         TimeMs now, const TimeZone& zone, std::string boundary) {
  // A boundary that no line of the text part starts with.
  while (text.find("--" + boundary) != std::string::npos) boundary += "_";
  std::string m;
  m += "From: " + from + "\r\n";
  m += "To: " + to_header + "\r\n";
  m += "Subject: " + encoded_words(subject) + "\r\n";
  m += "Date: " + rfc5322(now, zone) + "\r\n";
  m += "Message-ID: <" + message_id + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
  m += "\r\n";
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n";
  m += "\r\n";
  m += text;
  m += "--" + boundary + "\r\n";
  m += "Content-Type: text/html; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: base64\r\n";
  m += "\r\n";
  m += base64_lines(html);
  m += "--" + boundary + "--\r\n";
  return m;
}

// The acknowledgement link's label and text, when there is a link.
struct LinkWords {
  std::string label, text;
};
LinkWords link_words(Language l) {
  if (l == Language::en) return {"Acknowledge", "Open to acknowledge"};
  return {"确认", "点此确认"};
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

std::string title(const Alert& a, const std::string& event, const std::string& gateway_id, const Wording& w) {
  return headline(a, event, gateway_id, w);
}

std::string markdown(const Alert& a, const std::string& event, const std::string& gateway_id,
                     const Wording& w, const std::string& ack_base_url) {
  std::string md = "### " + title(a, event, gateway_id, w) + "\n";
  for (const auto& [k, v] : labelled_fields(a, w)) md += "> **" + k + "**: " + v + "\n\n";
  if (const std::string link = ack_link(a, ack_base_url); !link.empty()) {
    const LinkWords words = link_words(w.language);
    md += "> **" + words.label + "**: [" + words.text + "](" + link + ")\n\n";
  }
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
  return wecom_markdown_body(markdown(a, event, gateway_id, w));
}

std::string dingtalk_markdown_body(const std::string& title, const std::string& text) {
  return dump({{"msgtype", "markdown"}, {"markdown", {{"title", title}, {"text", text}}}});
}

std::string wecom_markdown_body(const std::string& text) {
  return dump({{"msgtype", "markdown"}, {"markdown", {{"content", text}}}});
}

std::string lark_md(const Alert& a, const Wording& w, const std::string& ack_base_url) {
  std::string md;
  for (const auto& [k, v] : labelled_fields(a, w)) md += (md.empty() ? "" : "\n") + ("**" + k + "**: " + v);
  if (const std::string link = ack_link(a, ack_base_url); !link.empty()) {
    const LinkWords words = link_words(w.language);
    md += "\n**" + words.label + "**: [" + words.text + "](" + link + ")";
  }
  return md;
}

std::string feishu_sign(const std::string& secret, std::int64_t timestamp_seconds) {
  return base64(hmac_sha256(std::to_string(timestamp_seconds) + "\n" + secret, ""));
}

std::string feishu_body(const std::string& title, const std::string& markdown_text, Severity severity,
                        const std::string& secret, TimeMs now) {
  const char* colour = severity == Severity::critical ? "red" : severity == Severity::warning ? "orange" : "blue";
  nlohmann::json j = {
      {"msg_type", "interactive"},
      {"card",
       {{"config", {{"wide_screen_mode", true}}},
        {"header", {{"title", {{"tag", "plain_text"}, {"content", title}}}, {"template", colour}}},
        {"elements", nlohmann::json::array({{{"tag", "div"},
                                             {"text", {{"tag", "lark_md"}, {"content", markdown_text}}}}})}}}};
  if (!secret.empty()) {
    const std::int64_t seconds = now / 1000;
    j["timestamp"] = std::to_string(seconds);
    j["sign"] = feishu_sign(secret, seconds);
  }
  return dump(j);
}

std::string digest_title(std::size_t count, const std::string& gateway_id, const Wording& w) {
  if (w.language == Language::en)
    return "[" + gateway_id + "] Alert digest · " + std::to_string(count) + (count == 1 ? " alert" : " alerts");
  return "[" + gateway_id + "] 预警汇总 · " + std::to_string(count) + " 条";
}

std::string digest_markdown(const std::vector<DigestItem>& items, const std::string& gateway_id,
                            std::size_t max_bytes, const Wording& w, const std::string& ack_base_url) {
  std::string md = "### " + digest_title(items.size(), gateway_id, w) + "\n";
  const std::string prefix = "[" + gateway_id + "] ";
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string line = headline(items[i].alert, items[i].event, gateway_id, w);
    if (line.rfind(prefix, 0) == 0) line = line.substr(prefix.size());
    if (const std::string link = ack_link(items[i].alert, ack_base_url); !link.empty())
      line += " · [" + link_words(w.language).label + "](" + link + ")";
    line = "- " + line + "\n";
    const std::size_t rest = items.size() - i;
    const std::string more = w.language == Language::en ? "- ... and " + std::to_string(rest) + " more\n"
                                                        : "- …… 另有 " + std::to_string(rest) + " 条\n";
    // Room is kept for the "more" line whenever another line may follow.
    if (md.size() + line.size() + (rest > 1 ? more.size() + 16 : 0) > max_bytes) {
      md += more;
      break;
    }
    md += line;
  }
  return md;
}

std::string email(const Alert& a, const std::string& event, const std::string& gateway_id,
                  const std::string& from, const std::string& to_header, TimeMs now, const Wording& w,
                  const std::string& ack_base_url) {
  const std::string subject = title(a, event, gateway_id, w);
  std::string text, html;
  html = "<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"></head><body>\r\n<h3>" +
         text::html_escaped(subject) + "</h3>\r\n<table>\r\n";
  for (const auto& [k, v] : labelled_fields(a, w)) {
    text += k + ": " + v + "\r\n";
    html += "<tr><th align=\"left\">" + text::html_escaped(k) + "</th><td>" + text::html_escaped(v) + "</td></tr>\r\n";
  }
  html += "</table>\r\n";
  if (const std::string link = ack_link(a, ack_base_url); !link.empty()) {
    const LinkWords words = link_words(w.language);
    text += words.label + ": " + link + "\r\n";
    html += "<p><a href=\"" + text::html_escaped(link) + "\">" + text::html_escaped(words.text) + "</a></p>\r\n";
  }
  html += "</body></html>\r\n";
  const auto at = from.rfind('@');
  const std::string domain = at == std::string::npos ? "jxc-edge.invalid" : from.substr(at + 1);
  const std::string id = "jxc." + url_encode(gateway_id) + "." + std::to_string(a.id) + "." + url_encode(event) +
                         "." + std::to_string(now) + "@" + domain;
  return mime_message(from, to_header, subject, text, html, id, now, w.zone,
                      "=_jxc_" + std::to_string(now) + "_" + std::to_string(a.id));
}

std::string daily_markdown(const std::string& title, const std::vector<DigestSection>& sections, Language l) {
  std::string md = "### " + title + "\n";
  for (const DigestSection& s : sections) {
    md += "#### " + s.heading + "\n";
    for (const DigestLine& line : s.lines) {
      md += "- " + line.text;
      if (!line.link.empty()) md += " · [" + link_words(l).label + "](" + line.link + ")";
      md += "\n";
    }
  }
  return md;
}

std::string daily_lark_md(const std::vector<DigestSection>& sections, Language l) {
  std::string md;
  for (const DigestSection& s : sections) {
    md += (md.empty() ? "" : "\n") + ("**" + s.heading + "**");
    for (const DigestLine& line : s.lines) {
      md += "\n- " + line.text;
      if (!line.link.empty()) md += " · [" + link_words(l).label + "](" + line.link + ")";
    }
  }
  return md + "\n";
}

std::string daily_webhook_body(const std::string& title, const std::vector<DigestSection>& sections,
                               const std::string& gateway_id, const std::string& day) {
  nlohmann::json list = nlohmann::json::array();
  for (const DigestSection& s : sections) {
    nlohmann::json lines = nlohmann::json::array();
    for (const DigestLine& line : s.lines) lines.push_back({{"text", line.text}, {"link", line.link}});
    list.push_back({{"heading", s.heading}, {"lines", std::move(lines)}});
  }
  return dump({{"event", "digest.daily"},
               {"gateway", gateway_id},
               {"day", day},
               {"title", title},
               {"sections", std::move(list)}});
}

std::string daily_email(const std::string& title, const std::vector<DigestSection>& sections,
                        const std::string& gateway_id, const std::string& day, const std::string& from,
                        const std::string& to_header, TimeMs now, const Wording& w) {
  const LinkWords words = link_words(w.language);
  std::string text = title + "\r\n";
  std::string html = "<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"></head><body>\r\n<h3>" +
                     text::html_escaped(title) + "</h3>\r\n";
  for (const DigestSection& s : sections) {
    text += "\r\n" + s.heading + "\r\n";
    html += "<h4>" + text::html_escaped(s.heading) + "</h4>\r\n<ul>\r\n";
    for (const DigestLine& line : s.lines) {
      text += "- " + line.text + (line.link.empty() ? "" : " (" + words.label + ": " + line.link + ")") + "\r\n";
      html += "<li>" + text::html_escaped(line.text);
      if (!line.link.empty())
        html += " <a href=\"" + text::html_escaped(line.link) + "\">" + text::html_escaped(words.label) + "</a>";
      html += "</li>\r\n";
    }
    html += "</ul>\r\n";
  }
  html += "</body></html>\r\n";
  const auto at = from.rfind('@');
  const std::string domain = at == std::string::npos ? "jxc-edge.invalid" : from.substr(at + 1);
  const std::string id = "jxc." + url_encode(gateway_id) + ".digest." + day + "." + std::to_string(now) + "@" + domain;
  return mime_message(from, to_header, title, text, html, id, now, w.zone, "=_jxc_" + std::to_string(now) + "_digest");
}

}  // namespace jxc::alerts::channels
