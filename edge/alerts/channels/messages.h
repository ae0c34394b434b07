#pragma once
// What each channel sends for an alert event, in the receiver's documented
// format, worded for people by alert_text.h (language, names, the site's
// time zone). Pure functions, so the shapes are tested without a network.

#include <string>

#include "edge/alerts/alert.h"
#include "edge/alerts/alert_text.h"
#include "edge/common/clock.h"

namespace jxc::alerts::channels {

/// "[gw-1] 新预警 · 严重 · 缺货 · 矿泉水 (SKU-2001) @ A区01 · #42" (headline()).
std::string title(const Alert& a, const std::string& event, const std::string& gateway_id,
                  const Wording& w = {});
/// Markdown lines with everything a manager needs to act.
std::string markdown(const Alert& a, const std::string& event, const std::string& gateway_id,
                     const Wording& w = {});

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

/// A plain-text UTF-8 e-mail (headers and body, CRLF line ends, not yet
/// dot-stuffed). The subject is an RFC 2047 encoded-word when it is not
/// ASCII; Date is in the site's time zone.
std::string email(const Alert& a, const std::string& event, const std::string& gateway_id,
                  const std::string& from, const std::string& to_header, TimeMs now, const Wording& w = {});

}  // namespace jxc::alerts::channels
