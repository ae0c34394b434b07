#pragma once
// What each channel sends for an alert event, in the receiver's documented
// format, worded for people by alert_text.h (language, names, the site's
// time zone). Pure functions, so the shapes are tested without a network.

#include <cstdint>
#include <string>
#include <vector>

#include "edge/alerts/alert.h"
#include "edge/alerts/alert_text.h"
#include "edge/alerts/daily_digest.h"
#include "edge/common/clock.h"

namespace jxc::alerts::channels {

/// "[gw-1] 新预警 · 严重 · 缺货 · 矿泉水 (SKU-2001) @ A区01 · #42" (headline()).
std::string title(const Alert& a, const std::string& event, const std::string& gateway_id,
                  const Wording& w = {});
/// Markdown lines with everything a manager needs to act, and the link to
/// acknowledge it at when `ack_base_url` (the gateway's address) is given.
std::string markdown(const Alert& a, const std::string& event, const std::string& gateway_id,
                     const Wording& w = {}, const std::string& ack_base_url = "");

/// Generic webhook: {"event": "...", "alert": {...}}.
std::string webhook_body(const Alert& a, const std::string& event, const std::string& gateway_id);
/// The signature header's value: "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)).
std::string webhook_signature(const std::string& secret, const std::string& timestamp,
                              const std::string& body);

/// DingTalk group robot: {"msgtype":"markdown","markdown":{"title":..,"text":..}}.
std::string dingtalk_body(const Alert& a, const std::string& event, const std::string& gateway_id,
                          const Wording& w = {});
/// The robot URL with DingTalk's signature parameters appended:
/// &timestamp=<ms>&sign=urlencode(base64(HMAC-SHA256(secret, ms + "\n" + secret))).
std::string dingtalk_signed_url(const std::string& url, const std::string& secret, TimeMs timestamp);

/// WeCom group robot: {"msgtype":"markdown","markdown":{"content":..}}.
std::string wecom_body(const Alert& a, const std::string& event, const std::string& gateway_id,
                       const Wording& w = {});

/// The same shapes for a title and markdown text made elsewhere (a digest).
std::string dingtalk_markdown_body(const std::string& title, const std::string& text);
std::string wecom_markdown_body(const std::string& text);

/// Feishu/Lark custom robot (飞书自定义机器人) signature:
/// base64(HMAC-SHA256(key = seconds + "\n" + secret, message = "")).
std::string feishu_sign(const std::string& secret, std::int64_t timestamp_seconds);
/// The card's text for one alert: "**label**: value" lines, since lark_md
/// has no headings or quotes (the title is the card's header).
std::string lark_md(const Alert& a, const Wording& w = {}, const std::string& ack_base_url = "");
/// An interactive card: a header coloured by severity (red, orange, blue)
/// and the markdown text as lark_md; "timestamp" (seconds) and "sign" are
/// added when `secret` is not empty.
std::string feishu_body(const std::string& title, const std::string& markdown_text, Severity severity,
                        const std::string& secret, TimeMs now);

/// What a robot's rate limit held back, sent as one message.
struct DigestItem {
  Alert alert;
  std::string event;
};
/// "[gw-1] 预警汇总 · 40 条" / "[gw-1] Alert digest · 40 alerts".
std::string digest_title(std::size_t count, const std::string& gateway_id, const Wording& w = {});
/// One line per alert (its headline without the gateway, and its
/// acknowledgement link when `ack_base_url` is given), cut before
/// `max_bytes` with a last line saying how many more there are.
std::string digest_markdown(const std::vector<DigestItem>& items, const std::string& gateway_id,
                            std::size_t max_bytes, const Wording& w = {}, const std::string& ack_base_url = "");

/// A UTF-8 e-mail, multipart/alternative with a plain-text part (8bit) and
/// an HTML part (base64): headers and body, CRLF line ends, not dot-stuffed.
/// The subject is RFC 2047 encoded-words when it is not ASCII; Date is in
/// the site's time zone; the Message-ID names the gateway, the alert, the
/// event and `now`, at the sender's domain. Both parts end with the link to
/// acknowledge the alert at when `ack_base_url` is given.
std::string email(const Alert& a, const std::string& event, const std::string& gateway_id,
                  const std::string& from, const std::string& to_header, TimeMs now, const Wording& w = {},
                  const std::string& ack_base_url = "");

/// The daily digest (daily_digest.h) as markdown for DingTalk and WeCom:
/// "### <title>", then "#### <heading>" and "- <line>" per section, each
/// alert's line with its acknowledgement link.
std::string daily_markdown(const std::string& title, const std::vector<DigestSection>& sections, Language l);
/// The same for a Feishu card's lark_md (no headings: bold section names).
std::string daily_lark_md(const std::vector<DigestSection>& sections, Language l);
/// Generic webhook: {"event": "digest.daily", "gateway": .., "day": ..,
/// "title": .., "sections": [{"heading": .., "lines": [{"text": .., "link": ..}]}]}.
std::string daily_webhook_body(const std::string& title, const std::vector<DigestSection>& sections,
                               const std::string& gateway_id, const std::string& day);
/// The daily digest as an e-mail, built as email() builds one for an alert.
std::string daily_email(const std::string& title, const std::vector<DigestSection>& sections,
                        const std::string& gateway_id, const std::string& day, const std::string& from,
                        const std::string& to_header, TimeMs now, const Wording& w = {});

}  // namespace jxc::alerts::channels
