#include <string>
#include <string_view>

#include "edge/identifiers/gs1.h"
#include "edge/identifiers/gs1_internal.h"

namespace jxc::identifiers::gs1_detail {
namespace {

std::string at_offset(std::size_t off) { return "at offset " + std::to_string(off); }

}  // namespace

// Appends an element. A repeated AI with the same value is harmless (labels
// sometimes carry a key twice) and kept once; a different value is a conflict.
Status add_element(Gs1Scan& scan, Gs1Element e, const std::string& where) {
  for (const auto& prev : scan.elements) {
    if (prev.ai != e.ai) continue;
    if (prev.raw == e.raw) return Status::ok();
    return fail("AI " + e.ai + " " + where + " repeats with a different value (" +
                show_text(prev.raw) + " then " + show_text(e.raw) + ")");
  }
  scan.elements.push_back(std::move(e));
  return Status::ok();
}

// Element string: AI value [GS] AI value ... ; `base` is the offset of `data`
// within the original scan, for error positions.
Status parse_element_string(std::string_view data, std::size_t base, int reference_year,
                            Gs1Scan& scan) {
  std::size_t pos = 0;
  bool any = false;
  while (pos < data.size()) {
    if (data[pos] == kGS) {  // FNC1 after a predefined-length value is redundant but seen
      ++pos;
      continue;
    }
    const std::size_t ai_at = pos;
    const std::string where = at_offset(base + ai_at);
    if (!is_digit(data[pos]))
      return fail("expected an AI (digits) " + where + ", found " + show_char(data[pos]));
    Lookup l = lookup_prefix(data.substr(pos));
    if (!l.def) {
      std::size_t n = 0;
      while (n < 4 && pos + n < data.size() && is_digit(data[pos + n])) ++n;
      return fail("unknown AI " + std::string(data.substr(pos, n)) + "... " + where);
    }
    pos += l.ai.size();
    std::size_t end = pos;
    while (end < data.size() && data[end] != kGS) ++end;
    std::size_t take = end - pos;
    if (gs1_predefined_length(l.ai)) {
      // No FNC1 follows a predefined-length AI: the value is exactly its length
      // and the next AI starts right after it.
      const auto need = static_cast<std::size_t>(l.def->max_len);
      if (take > need) take = need;
    }
    JXC_ASSIGN(Gs1Element e,
               make_element(l, data.substr(pos, take), where, reference_year));
    JXC_TRY(add_element(scan, std::move(e), where));
    any = true;
    pos += take;
  }
  if (!any) return fail("no GS1 element in the scan");
  return Status::ok();
}

namespace {

// "(01)09501101530003(10)ABC": a '(' starts the next AI only when followed by
// 2-4 digits and ')', so parentheses inside values (allowed by set 82) survive.
std::size_t bracket_ai_len(std::string_view s, std::size_t pos) {
  if (pos >= s.size() || s[pos] != '(') return 0;
  std::size_t n = 0;
  while (pos + 1 + n < s.size() && n < 4 && is_digit(s[pos + 1 + n])) ++n;
  if (n < 2 || pos + 1 + n >= s.size() || s[pos + 1 + n] != ')') return 0;
  return n;
}

}  // namespace

Status parse_bracketed(std::string_view s, std::size_t base, int reference_year, Gs1Scan& scan) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::string where = at_offset(base + pos);
    const std::size_t n = bracket_ai_len(s, pos);
    if (n == 0) return fail("expected \"(AI)\" " + where + ", found " + show_char(s[pos]));
    std::string_view ai = s.substr(pos + 1, n);
    Lookup l = lookup_exact(ai);
    if (!l.def) return fail("unknown AI " + std::string(ai) + " " + where);
    pos += n + 2;
    std::size_t end = pos;
    while (end < s.size() && bracket_ai_len(s, end) == 0) ++end;
    JXC_ASSIGN(Gs1Element e, make_element(l, s.substr(pos, end - pos), where, reference_year));
    JXC_TRY(add_element(scan, std::move(e), where));
    pos = end;
  }
  return Status::ok();
}

}  // namespace jxc::identifiers::gs1_detail
