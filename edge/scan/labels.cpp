#include "edge/scan/labels.h"

#include <charconv>

namespace jxc::scan {

std::string_view to_string(Mode m) {
  switch (m) {
    case Mode::receive: return "receive";
    case Mode::pick: return "pick";
    case Mode::move: return "move";
    case Mode::count: return "count";
  }
  return "receive";
}

bool parse_mode(std::string_view s, Mode* out) {
  for (Mode m : {Mode::receive, Mode::pick, Mode::move, Mode::count})
    if (to_string(m) == s) {
      *out = m;
      return true;
    }
  return false;
}

std::optional<std::string> check_pattern(std::string_view pattern) {
  if (pattern.empty()) return "a pattern may not be empty";
  const auto star = pattern.find('*');
  if (star != std::string_view::npos && pattern.find('*', star + 1) != std::string_view::npos)
    return "at most one '*' per pattern";
  if (pattern == "*") return "\"*\" alone would match every scan; give a prefix or suffix";
  return std::nullopt;
}

bool match_pattern(std::string_view pattern, std::string_view text, std::string* capture) {
  const auto star = pattern.find('*');
  if (star == std::string_view::npos) {
    if (pattern != text) return false;
    if (capture) capture->assign(text);
    return true;
  }
  const auto head = pattern.substr(0, star), tail = pattern.substr(star + 1);
  if (text.size() <= head.size() + tail.size()) return false;  // '*' stands for something
  if (!text.starts_with(head) || !text.ends_with(tail)) return false;
  if (capture) capture->assign(text.substr(head.size(), text.size() - head.size() - tail.size()));
  return true;
}

std::string_view strip_aim(std::string_view scan) {
  if (scan.size() >= 3 && scan[0] == ']' &&
      ((scan[1] >= 'A' && scan[1] <= 'Z') || (scan[1] >= 'a' && scan[1] <= 'z')))
    return scan.substr(3);
  return scan;
}

Label classify(const LabelPatterns& p, std::string_view text) {
  Label l;
  auto any = [&](const std::vector<std::string>& patterns, Label::Kind kind) {
    for (const auto& pat : patterns)
      if (match_pattern(pat, text, &l.captured)) {
        l.kind = kind;
        return true;
      }
    return false;
  };
  const std::pair<const std::string*, Mode> modes[] = {{&p.mode_receive, Mode::receive},
                                                       {&p.mode_pick, Mode::pick},
                                                       {&p.mode_move, Mode::move},
                                                       {&p.mode_count, Mode::count}};
  for (const auto& [pat, mode] : modes)
    if (!pat->empty() && text == *pat) {
      l.kind = Label::Kind::mode;
      l.mode = mode;
      return l;
    }
  if (!p.undo.empty() && text == p.undo) {
    l.kind = Label::Kind::undo;
    return l;
  }
  if (!p.finish.empty() && text == p.finish) {
    l.kind = Label::Kind::finish;
    return l;
  }
  if (!p.quantity.empty() && match_pattern(p.quantity, text, &l.captured)) {
    l.kind = Label::Kind::quantity;
    std::int64_t v = 0;
    auto r = std::from_chars(l.captured.data(), l.captured.data() + l.captured.size(), v);
    if (r.ec == std::errc() && r.ptr == l.captured.data() + l.captured.size() && v >= 1 &&
        v <= 999999)
      l.qty = v;
    return l;
  }
  if (any(p.receipt, Label::Kind::receipt) || any(p.pick_list, Label::Kind::pick_list) ||
      any(p.count, Label::Kind::count) || any(p.bin, Label::Kind::bin))
    return l;
  l.captured.clear();
  return l;
}

}  // namespace jxc::scan
