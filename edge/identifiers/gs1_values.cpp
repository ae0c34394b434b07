// Checks of one AI's value against its format in the AI table (length,
// character set, check digit, calendar date and time, ISO codes) and the
// typed views built from it.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
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

int two_digits(std::string_view v, std::size_t at) { return (v[at] - '0') * 10 + (v[at + 1] - '0'); }

int three_digits(std::string_view v) { return (v[0] - '0') * 100 + two_digits(v, 1); }

std::int64_t digits_value(std::string_view v) {
  std::int64_t n = 0;
  for (char c : v) n = n * 10 + (c - '0');
  return n;
}

// GS1 General Specifications 7.12: a two-digit year lies in the window from 50
// years before to 49 years after the reference year.
int resolve_year(int yy, int reference_year) {
  const int century = reference_year - ((reference_year % 100) + 100) % 100;
  const int diff = yy - ((reference_year % 100) + 100) % 100;
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

// Every check below names the AI and where it starts in the scan.
struct Checker {
  const std::string& ai;
  const std::string& where;

  Status bad(const std::string& what) const { return fail("AI " + ai + " " + where + ": " + what); }

  Status numeric(std::string_view value, std::size_t from = 0) const {
    for (std::size_t i = 0; i < value.size(); ++i)
      if (!is_digit(value[i]))
        return bad(show_char(value[i]) + " at position " + std::to_string(from + i + 1) +
                   " of the value, digits required");
    return Status::ok();
  }

  Status cset82(std::string_view value, std::size_t from = 0) const {
    for (std::size_t i = 0; i < value.size(); ++i)
      if (!in_cset82(value[i]))
        return bad(show_char(value[i]) + " at position " + std::to_string(from + i + 1) +
                   " of the value is outside the GS1 character set 82");
    return Status::ok();
  }

  Status key(std::string_view key) const {
    if (gs1_check_digit_ok(key)) return Status::ok();
    return bad("bad check digit in " + std::string(key) + ", expected " +
               std::to_string(gs1_check_digit(key.substr(0, key.size() - 1))));
  }

  // N3 at the start of `v`, digits already checked.
  Status country(std::string_view v, bool allow_999 = false) const {
    const int code = three_digits(v);
    if (iso3166_country(code) || (allow_999 && code == 999)) return Status::ok();
    return bad("country " + std::string(v.substr(0, 3)) + " is not an ISO 3166 country code");
  }

  // N6 YYMMDD; DD 00 (the month's last day) only where the AI allows it.
  Result<Gs1Date> date(std::string_view v, int reference_year, bool day_zero_allowed) const {
    using namespace std::chrono;
    const int yy = two_digits(v, 0);
    const int mm = two_digits(v, 2);
    const int dd = two_digits(v, 4);
    const std::string head = "invalid date " + std::string(v.substr(0, 6)) + ": ";
    if (mm < 1 || mm > 12) return bad(head + "month " + std::to_string(mm) + " does not exist");
    Gs1Date d{resolve_year(yy, reference_year), mm, dd};
    const year_month ym{year{d.year}, month{static_cast<unsigned>(mm)}};
    const unsigned last = static_cast<unsigned>((ym / std::chrono::last).day());
    // DD = 00 stands for the last day of the month (General Specifications 7.12).
    if (dd == 0 && day_zero_allowed) {
      d.day = static_cast<int>(last);
    } else if (dd == 0 || static_cast<unsigned>(dd) > last) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, mm);
      return bad(head + "day " + std::to_string(dd) + " does not exist in " + buf);
    }
    return d;
  }

  // Two-digit hour, minute or second at `at` of `v`.
  Status clock(std::string_view v, std::size_t at, int limit, const char* name) const {
    const int x = two_digits(v, at);
    if (x < limit) return Status::ok();
    return bad("invalid time in " + std::string(v) + ": " + name + " " + std::to_string(x) +
               " does not exist");
  }

  Status lengths(std::size_t len, std::initializer_list<std::size_t> allowed) const {
    std::string list;
    for (std::size_t a : allowed) {
      if (len == a) return Status::ok();
      list += (list.empty() ? "" : " or ") + std::to_string(a);
    }
    return bad("value is " + std::to_string(len) + " characters, " + list + " required");
  }
};

}  // namespace

std::string show_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u == 0x1D) return "<GS>";
  if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", u);
  return buf;
}

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

Result<Gs1Element> make_element(const Lookup& l, std::string_view value, const std::string& where,
                                int reference_year) {
  const AiDef& def = *l.def;
  const std::string& ai = l.ai;
  const Checker c{ai, where};
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
  // A family's last digit: the decimal point indicator of measures and amounts.
  const int n = def.max_n >= 0 ? ai.back() - '0' : 0;
  if (def.max_n >= 0 && n > def.max_n)
    return c.bad("decimal point indicator " + std::to_string(n) + " is not defined (0-" +
                 std::to_string(def.max_n) + ")");

  Gs1Element e;
  e.ai = ai;
  e.raw = std::string(value);
  e.title = l.measure ? l.measure->title : def.title;
  switch (def.kind) {
    case Kind::numeric:
      JXC_TRY(c.numeric(value));
      if (def.check_digit) JXC_TRY(c.key(value));
      break;
    case Kind::alnum:
      JXC_TRY(c.cset82(value));
      break;
    case Kind::date: {
      JXC_TRY(c.numeric(value));
      JXC_ASSIGN(e.date, c.date(value, reference_year, true));
      break;
    }
    case Kind::date_time: {
      JXC_TRY(c.lengths(value.size(), {6, 10}));
      JXC_TRY(c.numeric(value));
      JXC_ASSIGN(e.date, c.date(value, reference_year, false));
      if (value.size() == 10) {
        JXC_TRY(c.clock(value, 6, 24, "hour"));
        JXC_TRY(c.clock(value, 8, 60, "minute"));
      }
      break;
    }
    case Kind::date_range: {
      JXC_TRY(c.lengths(value.size(), {6, 12}));
      JXC_TRY(c.numeric(value));
      JXC_ASSIGN(e.date, c.date(value, reference_year, false));
      if (value.size() == 12) JXC_TRY(c.date(value.substr(6), reference_year, false).status());
      break;
    }
    case Kind::prod_time: {
      JXC_TRY(c.lengths(value.size(), {8, 10, 12}));
      JXC_TRY(c.numeric(value));
      JXC_ASSIGN(e.date, c.date(value, reference_year, false));
      JXC_TRY(c.clock(value, 6, 24, "hour"));
      if (value.size() >= 10) JXC_TRY(c.clock(value, 8, 60, "minute"));
      if (value.size() == 12) JXC_TRY(c.clock(value, 10, 60, "second"));
      break;
    }
    case Kind::count:
      JXC_TRY(c.numeric(value));
      e.count = digits_value(value);
      break;
    case Kind::amount:
    case Kind::currency_amount: {
      JXC_TRY(c.numeric(value));
      Gs1Amount a;
      std::string_view digits = value;
      if (def.kind == Kind::currency_amount) {
        if (!iso4217_currency(three_digits(value)))
          return c.bad("currency " + std::string(value.substr(0, 3)) +
                       " is not an ISO 4217 currency code");
        a.currency = std::string(value.substr(0, 3));
        digits = value.substr(3);
      }
      a.digits = digits_value(digits);
      a.decimals = n;
      e.amount = std::move(a);
      break;
    }
    case Kind::countries:
      JXC_TRY(c.numeric(value));
      if (value.size() % 3 != 0)
        return c.bad("value is " + std::to_string(len) +
                     " characters, a list of three-digit country codes required");
      for (std::size_t i = 0; i < value.size(); i += 3) JXC_TRY(c.country(value.substr(i, 3)));
      break;
    case Kind::country_postcode:
    case Kind::processor:
      JXC_TRY(c.numeric(value.substr(0, 3)));
      JXC_TRY(c.country(value, def.kind == Kind::processor));
      JXC_TRY(c.cset82(value.substr(3), 3));
      break;
    case Kind::grai: {
      // GRAI: a zero filler digit, company prefix + asset type + check digit
      // (14 digits in all), then an optional serial of up to 16 characters.
      std::string_view key = value.substr(0, 14);
      JXC_TRY(c.numeric(key));
      if (key[0] != '0') return c.bad("GRAI must start with the filler digit 0");
      JXC_TRY(c.key(key));
      JXC_TRY(c.cset82(value.substr(14), 14));
      break;
    }
    case Kind::key13_alnum:
    case Kind::key13_numeric: {
      std::string_view key = value.substr(0, 13);
      JXC_TRY(c.numeric(key));
      JXC_TRY(c.key(key));
      if (def.kind == Kind::key13_alnum)
        JXC_TRY(c.cset82(value.substr(13), 13));
      else
        JXC_TRY(c.numeric(value.substr(13), 13));
      break;
    }
    case Kind::itip: {
      JXC_TRY(c.numeric(value));
      JXC_TRY(c.key(value.substr(0, 14)));
      const int piece = two_digits(value, 14);
      const int total = two_digits(value, 16);
      if (piece == 0 || total == 0 || piece > total)
        return c.bad("piece " + std::to_string(piece) + " of " + std::to_string(total) +
                     " is not a piece of a whole (1 to the total)");
      break;
    }
  }
  if (l.measure) {
    Gs1Measure m;
    m.digits = digits_value(value);
    m.decimals = n;
    m.quantity = l.measure->quantity;
    m.unit = l.measure->unit;
    e.measure = m;
  }
  return e;
}

}  // namespace jxc::identifiers::gs1_detail
