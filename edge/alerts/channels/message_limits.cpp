#include "edge/alerts/channels/message_limits.h"

#include <vector>

namespace jxc::alerts::channels {

std::size_t text_limit(std::string_view kind) {
  if (kind == "wecom") return 4096;
  if (kind == "dingtalk") return 20000;
  if (kind == "feishu") return 18000;
  return 0;
}

std::size_t utf8_prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s.size();
  std::size_t n = max_bytes;
  // Back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

std::string shortened(std::string_view s, std::size_t drop_bytes) {
  if (drop_bytes == 0) return std::string(s);
  const std::size_t keep = s.size() > drop_bytes + 3 ? s.size() - drop_bytes - 3 : 0;  // "…" is 3 bytes
  return std::string(s.substr(0, utf8_prefix(s, keep))) + "…";
}

std::string fit_text(const std::string& text, std::size_t max_bytes, Language l) {
  if (max_bytes == 0 || text.size() <= max_bytes) return text;
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    end = end == std::string::npos ? text.size() : end + 1;
    lines.emplace_back(text.data() + at, end - at);
    at = end;
  }
  auto more = [&](std::size_t from) {
    std::size_t entries = 0;
    for (std::size_t i = from; i < lines.size(); ++i) entries += lines[i].starts_with("- ") ? 1 : 0;
    const std::size_t n = entries > 0 ? entries : lines.size() - from;
    return l == Language::en ? "- ... and " + std::to_string(n) + " more\n"
                             : "- …… 另有 " + std::to_string(n) + " 条\n";
  };
  // The "more" line can be no longer than this (a count of up to 20 digits).
  const std::size_t reserve = more(lines.size()).size() + 20;
  const std::size_t room = max_bytes > reserve ? max_bytes - reserve : 0;
  std::string out;
  std::size_t i = 0;
  for (; i < lines.size() && out.size() + lines[i].size() <= room; ++i) out += lines[i];
  if (i == 0 && room > 0) {  // not even the first line fits: its head, cut between characters
    out = std::string(lines[0].substr(0, utf8_prefix(lines[0], room - 1))) + "\n";
    i = 1;
  }
  if (i < lines.size()) out += more(i);
  return out;
}

}  // namespace jxc::alerts::channels
