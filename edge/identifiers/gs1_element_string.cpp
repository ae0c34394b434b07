#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "edge/identifiers/check_digit.h"
#include "edge/identifiers/gs1.h"
#include "edge/identifiers/gs1_internal.h"

namespace jxc::identifiers::gs1_detail {
namespace {

// GS1 AI encodable character set 82 (General Specifications 7.11): the
// printable ASCII characters except space # $ @ [ \ ] ^ ` { | } ~.
bool in_cset82(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c)) return true;
  switch (c) {
    case '!': case '"': case '%': case '&': case '\'': case '(': case ')': case '*':
    case '+': case ',': case '-': case '.': case '/': case ':': case ';': case '<':
    case '=': case '>': case '?': case '_':
      return true;
    default:
      return false;
  }
}

std::string at_offset(std::size_t off) { return "at offset " + std::to_string(off); }

// GS1 General Specifications 7.12: a two-digit year lies in the window from 50
// years before to 49 years after the reference year.
int resolve_year(int yy, int reference_year) {
  const int century = reference_year - ((reference_year % 100) + 100) % 100;
  const int diff = yy - ((reference_year % 100) + 100) % 100;
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

Status check_numeric(std::string_view ai, std::string_view value, const std::string& where) {
  for (std::size_t i = 0; i < value.size(); ++i)
    if (!is_digit(value[i]))
      return fail("AI " + std::string(ai) + " " + where + ": " + show_char(value[i]) +
                  " at position " + std::to_string(i + 1) + " of the value, digits required");
  return Status::ok();
}

Status check_cset82(std::string_view ai, std::string_view value, const std::string& where) {
  for (std::size_t i = 0; i < value.size(); ++i)
    if (!in_cset82(value[i]))
      return fail("AI " + std::string(ai) + " " + where + ": " + show_char(value[i]) +
                  " at position " + std::to_string(i + 1) +
                  " of the value is outside the GS1 character set 82");
  return Status::ok();
}

Status check_key(std::string_view ai, std::string_view key, const std::string& where) {
  if (gs1_check_digit_ok(key)) return Status::ok();
  return fail("AI " + std::string(ai) + " " + where + ": bad check digit in " + std::string(key) +
              ", expected " + std::to_string(gs1_check_digit(key.substr(0, key.size() - 1))));
}

Result<Gs1Date> parse_date(std::string_view ai, std::string_view v, const std::string& where,
                           int reference_year) {
  using namespace std::chrono;
  const int yy = (v[0] - '0') * 10 + (v[1] - '0');
  const int mm = (v[2] - '0') * 10 + (v[3] - '0');
  const int dd = (v[4] - '0') * 10 + (v[5] - '0');
  auto head = [&] {  // built only for an error: dates are on most labels
    return "AI " + std::string(ai) + " " + where + ": invalid date " + std::string(v) + ": ";
  };
  if (mm < 1 || mm > 12) return fail(head() + "month " + std::to_string(mm) + " does not exist");
  Gs1Date d{resolve_year(yy, reference_year), mm, dd};
  const year_month ym{year{d.year}, month{static_cast<unsigned>(mm)}};
  const unsigned last = static_cast<unsigned>((ym / std::chrono::last).day());
  // DD = 00 stands for the last day of the month (General Specifications 7.12).
  if (dd == 0) {
    d.day = static_cast<int>(last);
  } else if (static_cast<unsigned>(dd) > last) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, mm);
    return fail(head() + "day " + std::to_string(dd) + " does not exist in " + buf);
  }
  return d;
}

}  // namespace

std::string show_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u == 0x1D) return "<GS>";
  if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", u);
  return buf;
}

// Printable rendering of a fragment of input for error messages.
std::string show_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u == 0x1D) {
      out += "<GS>";
    } else if (u >= 0x20 && u < 0x7F) {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    }
  }
  return out;
}

// Validates one AI's value and builds its element with typed views.
Result<Gs1Element> make_element(const Lookup& l, std::string_view value, const std::string& where,
                                int reference_year) {
  const AiDef& def = *l.def;
  const std::string& ai = l.ai;
  if (value.empty()) return fail("AI " + ai + " " + where + " has no value");
  const auto len = static_cast<int>(value.size());
  const bool fixed = def.min_len == def.max_len;
  const char* unit = "characters";
  if (len > def.max_len)
    return fail("AI " + ai + " " + where + ": value is " + std::to_string(len) + " " + unit +
                (fixed ? ", exactly " : ", at most ") + std::to_string(def.max_len) + " allowed");
  if (len < def.min_len)
    return fail("AI " + ai + " " + where + ": value is " + std::to_string(len) + " " + unit + ", " +
                (fixed ? "exactly " : "at least ") + std::to_string(def.min_len) + " required");

  Gs1Element e;
  e.ai = ai;
  e.raw = std::string(value);
  e.title = l.measure ? l.measure->title : def.title;
  switch (def.kind) {
    case Kind::numeric:
      JXC_TRY(check_numeric(ai, value, where));
      if (def.check_digit) JXC_TRY(check_key(ai, value, where));
      break;
    case Kind::alnum:
      JXC_TRY(check_cset82(ai, value, where));
      break;
    case Kind::date: {
      JXC_TRY(check_numeric(ai, value, where));
      JXC_ASSIGN(e.date, parse_date(ai, value, where, reference_year));
      break;
    }
    case Kind::count: {
      JXC_TRY(check_numeric(ai, value, where));
      std::int64_t n = 0;
      for (char c : value) n = n * 10 + (c - '0');
      e.count = n;
      break;
    }
    case Kind::grai: {
      // GRAI: a zero filler digit, company prefix + asset type + check digit
      // (14 digits in all), then an optional serial of up to 16 characters.
      std::string_view key = value.substr(0, 14);
      JXC_TRY(check_numeric(ai, key, where));
      if (key[0] != '0')
        return fail("AI " + ai + " " + where + ": GRAI must start with the filler digit 0");
      JXC_TRY(check_key(ai, key, where));
      JXC_TRY(check_cset82(ai, value.substr(14), where));
      break;
    }
  }
  if (l.measure) {
    const int n = ai[3] - '0';
    if (n > kMaxDecimals)
      return fail("AI " + ai + " " + where + ": decimal point indicator " + std::to_string(n) +
                  " is not defined (0-" + std::to_string(kMaxDecimals) + ")");
    Gs1Measure m;
    for (char c : value) m.digits = m.digits * 10 + (c - '0');
    m.decimals = n;
    m.quantity = l.measure->quantity;
    m.unit = l.measure->unit;
    e.measure = m;
  }
  return e;
}

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
