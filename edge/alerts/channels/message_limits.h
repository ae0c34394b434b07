#pragma once
// What a robot takes in one message, and texts cut to fit it. WeCom refuses a
// markdown content over 4,096 bytes of UTF-8 (errcode 40058); DingTalk takes
// about 20,000 bytes of markdown text; a Feishu/Lark custom robot's request
// body may be 20 KB, card included. A text over its robot's limit is cut
// between lines, never inside a character, and says how much was left out.

#include <cstddef>
#include <string>
#include <string_view>

#include "edge/alerts/alert_text.h"

namespace jxc::alerts::channels {

/// The most bytes of a message's text for a channel kind: wecom 4096,
/// dingtalk 20000, feishu 18000 (room left for the card around it); 0 for
/// kinds without a limit (webhook, smtp).
std::size_t text_limit(std::string_view kind);

/// The length of the longest prefix of `s` of at most `max_bytes` that ends
/// between two UTF-8 characters.
std::size_t utf8_prefix(std::string_view s, std::size_t max_bytes);

/// `s` shortened by at least `drop_bytes` between characters, ending with
/// "…" when anything was dropped.
std::string shortened(std::string_view s, std::size_t drop_bytes);

/// `text` in at most `max_bytes` (0: unchanged): whole lines while they fit,
/// then one line saying how many list entries ("- " lines) were left out, or
/// how many lines when none of them was one: "- …… 另有 N 条" / "- ... and N
/// more". A first line longer than the room is cut between characters.
std::string fit_text(const std::string& text, std::size_t max_bytes, Language l);

}  // namespace jxc::alerts::channels
