#pragma once
// Robot URLs carry their credential in plain sight: DingTalk
// `?access_token=...`, WeCom `?key=...`, Feishu/Lark `/bot/v2/hook/<token>`,
// and signed URLs `&sign=...`. Anything written to a log or shown in a
// reload diff goes through redact_urls() first.

#include <string>
#include <string_view>

namespace jxc::config {

/// `text` with the credential in every URL it holds replaced by "***": the
/// values of the query parameters access_token, key, token, secret, sign,
/// signature and password, and the path segment after ".../hook/". Text
/// without "://" is returned as it is.
std::string redact_urls(std::string_view text);

}  // namespace jxc::config
