#include "edge/identifiers/gs1.h"

#include <array>
#include <chrono>
#include <cstdio>

#include "edge/common/clock.h"
#include "edge/identifiers/check_digit.h"

namespace jxc::identifiers {
namespace {

constexpr char kGS = '\x1D';

enum class Kind { numeric, alnum, date, count, grai };

struct AiDef {
  std::string_view ai;
  std::string_view title;
  Kind kind;
  int min_len;
  int max_len;
  bool check_digit;
};

// The AIs this parser accepts. Anything else is an error: element strings have
// no self-describing structure, so guessing at an unknown AI's length would
// misread every field after it.
constexpr AiDef kAis[] = {
    {"00", "SSCC", Kind::numeric, 18, 18, true},
    {"01", "GTIN", Kind::numeric, 14, 14, true},
    {"02", "CONTENT", Kind::numeric, 14, 14, true},
    {"10", "BATCH/LOT", Kind::alnum, 1, 20, false},
    {"11", "PROD DATE", Kind::date, 6, 6, false},
    {"12", "DUE DATE", Kind::date, 6, 6, false},
    {"13", "PACK DATE", Kind::date, 6, 6, false},
    {"15", "BEST BEFORE", Kind::date, 6, 6, false},
    {"16", "SELL BY", Kind::date, 6, 6, false},
    {"17", "USE BY OR EXPIRY", Kind::date, 6, 6, false},
    {"20", "VARIANT", Kind::numeric, 2, 2, false},
    {"21", "SERIAL", Kind::alnum, 1, 20, false},
    {"22", "CPV", Kind::alnum, 1, 20, false},
    {"240", "ADDITIONAL ID", Kind::alnum, 1, 30, false},
    {"241", "CUST. PART No.", Kind::alnum, 1, 30, false},
    {"250", "SECONDARY SERIAL", Kind::alnum, 1, 30, false},
    {"251", "REF. TO SOURCE", Kind::alnum, 1, 30, false},
    {"254", "GLN EXTENSION COMPONENT", Kind::alnum, 1, 20, false},
    {"30", "VAR. COUNT", Kind::count, 1, 8, false},
    {"37", "COUNT", Kind::count, 1, 8, false},
    {"400", "ORDER NUMBER", Kind::alnum, 1, 30, false},
    {"401", "GINC", Kind::alnum, 1, 30, false},
    {"402", "GSIN", Kind::numeric, 17, 17, true},
    {"403", "ROUTE", Kind::alnum, 1, 30, false},
    {"410", "SHIP TO LOC", Kind::numeric, 13, 13, true},
    {"411", "BILL TO", Kind::numeric, 13, 13, true},
    {"412", "PURCHASE FROM", Kind::numeric, 13, 13, true},
    {"413", "SHIP FOR LOC", Kind::numeric, 13, 13, true},
    {"414", "LOC No.", Kind::numeric, 13, 13, true},
    {"415", "PAY TO", Kind::numeric, 13, 13, true},
    {"416", "PROD/SERV LOC", Kind::numeric, 13, 13, true},
    {"420", "SHIP TO POST", Kind::alnum, 1, 20, false},
    {"8003", "GRAI", Kind::grai, 14, 30, true},
    {"8004", "GIAI", Kind::alnum, 1, 30, false},
};

struct MeasureDef {
  std::string_view prefix;
  std::string_view quantity;
  std::string_view unit;
  std::string_view title;
};

// 310n-369n: six digits, n implied decimal places. "log" marks the logistic
// (gross, whole unit) variants of the trade measures.
constexpr MeasureDef kMeasures[] = {
    {"310", "net weight", "kg", "NET WEIGHT (kg)"},
    {"311", "length", "m", "LENGTH (m)"},
    {"312", "width", "m", "WIDTH (m)"},
    {"313", "height", "m", "HEIGHT (m)"},
    {"314", "area", "m2", "AREA (m2)"},
    {"315", "net volume", "l", "NET VOLUME (l)"},
    {"316", "net volume", "m3", "NET VOLUME (m3)"},
    {"320", "net weight", "lb", "NET WEIGHT (lb)"},
    {"321", "length", "in", "LENGTH (in)"},
    {"322", "length", "ft", "LENGTH (ft)"},
    {"323", "length", "yd", "LENGTH (yd)"},
    {"324", "width", "in", "WIDTH (in)"},
    {"325", "width", "ft", "WIDTH (ft)"},
    {"326", "width", "yd", "WIDTH (yd)"},
    {"327", "height", "in", "HEIGHT (in)"},
    {"328", "height", "ft", "HEIGHT (ft)"},
    {"329", "height", "yd", "HEIGHT (yd)"},
    {"330", "gross weight", "kg", "GROSS WEIGHT (kg)"},
    {"331", "length", "m", "LENGTH (m), log"},
    {"332", "width", "m", "WIDTH (m), log"},
    {"333", "height", "m", "HEIGHT (m), log"},
    {"334", "area", "m2", "AREA (m2), log"},
    {"335", "volume", "l", "VOLUME (l), log"},
    {"336", "volume", "m3", "VOLUME (m3), log"},
    {"337", "area density", "kg/m2", "KG PER m2"},
    {"340", "gross weight", "lb", "GROSS WEIGHT (lb)"},
    {"341", "length", "in", "LENGTH (in), log"},
    {"342", "length", "ft", "LENGTH (ft), log"},
    {"343", "length", "yd", "LENGTH (yd), log"},
    {"344", "width", "in", "WIDTH (in), log"},
    {"345", "width", "ft", "WIDTH (ft), log"},
    {"346", "width", "yd", "WIDTH (yd), log"},
    {"347", "height", "in", "HEIGHT (in), log"},
    {"348", "height", "ft", "HEIGHT (ft), log"},
    {"349", "height", "yd", "HEIGHT (yd), log"},
    {"350", "area", "in2", "AREA (in2)"},
    {"351", "area", "ft2", "AREA (ft2)"},
    {"352", "area", "yd2", "AREA (yd2)"},
    {"353", "area", "in2", "AREA (in2), log"},
    {"354", "area", "ft2", "AREA (ft2), log"},
    {"355", "area", "yd2", "AREA (yd2), log"},
    {"356", "net weight", "troy oz", "NET WEIGHT (troy oz)"},
    {"357", "net volume", "oz", "NET VOLUME (oz)"},
    {"360", "net volume", "qt", "NET VOLUME (qt)"},
    {"361", "net volume", "gal (US)", "NET VOLUME (gal.)"},
    {"362", "volume", "qt", "VOLUME (qt), log"},
    {"363", "volume", "gal (US)", "VOLUME (gal.), log"},
    {"364", "net volume", "in3", "VOLUME (in3)"},
    {"365", "net volume", "ft3", "VOLUME (ft3)"},
    {"366", "net volume", "yd3", "VOLUME (yd3)"},
    {"367", "volume", "in3", "VOLUME (in3), log"},
    {"368", "volume", "ft3", "VOLUME (ft3), log"},
    {"369", "volume", "yd3", "VOLUME (yd3), log"},
};

// The decimal point indicator n of 310n-369n runs 0-5 in the GS1 AI table.
constexpr int kMaxDecimals = 5;

// Measures are all N6 and all under the predefined-length prefixes 31-36.
const AiDef kMeasureAi{"", "", Kind::numeric, 6, 6, false};

struct Lookup {
  const AiDef* def = nullptr;
  const MeasureDef* measure = nullptr;
  std::string ai;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return !s.empty();
}

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

// A character as an operator can read it in an error, including control bytes.
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

Status fail(std::string reason) { return error(Errc::invalid_argument, std::move(reason)); }

std::string at_offset(std::size_t off) { return "at offset " + std::to_string(off); }

// Finds the AI that `digits` starts with. GS1 AIs are prefix-free, so the first
// length that matches is the AI.
Lookup lookup_prefix(std::string_view digits) {
  for (std::size_t len = 2; len <= 4 && len <= digits.size(); ++len) {
    std::string_view cand = digits.substr(0, len);
    if (!all_digits(cand)) break;
    // The first two digits rule out nearly every entry without a memcmp.
    for (const auto& d : kAis)
      if (d.ai.size() == len && d.ai[0] == cand[0] && d.ai[1] == cand[1] && d.ai == cand)
        return {&d, nullptr, std::string(cand)};
    if (len == 4)
      for (const auto& m : kMeasures)
        if (m.prefix == cand.substr(0, 3)) return {&kMeasureAi, &m, std::string(cand)};
  }
  return {};
}

// The AI exactly equal to `ai` (bracketed and Digital Link forms name it whole).
Lookup lookup_exact(std::string_view ai) {
  Lookup l = lookup_prefix(ai);
  if (l.def && l.ai.size() != ai.size()) return {};
  return l;
}

int current_utc_year() {
  using namespace std::chrono;
  const sys_days today{floor<days>(milliseconds(SystemClock::instance().now_ms()))};
  return static_cast<int>(year_month_day{today}.year());
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

// "(01)09501101530003(10)ABC": a '(' starts the next AI only when followed by
// 2-4 digits and ')', so parentheses inside values (allowed by set 82) survive.
std::size_t bracket_ai_len(std::string_view s, std::size_t pos) {
  if (pos >= s.size() || s[pos] != '(') return 0;
  std::size_t n = 0;
  while (pos + 1 + n < s.size() && n < 4 && is_digit(s[pos + 1 + n])) ++n;
  if (n < 2 || pos + 1 + n >= s.size() || s[pos + 1 + n] != ')') return 0;
  return n;
}

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

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> percent_decode(std::string_view s, const std::string& where) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    const int hi = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
    const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
    if (hi < 0 || lo < 0)
      return fail("bad percent-encoding " + where + " in \"" + show_text(s) + "\"");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

struct PrimaryKey {
  std::string_view ai;
  std::array<std::string_view, 4> qualifiers;  // allowed path qualifiers, in required order
};

// Primary keys this parser accepts in a Digital Link path and the key
// qualifiers that may follow each (GS1 Digital Link URI syntax).
constexpr PrimaryKey kPrimaryKeys[] = {
    {"01", {"22", "10", "21", ""}},
    {"00", {"", "", "", ""}},
    {"414", {"254", "", "", ""}},
    {"8003", {"", "", "", ""}},
    {"8004", {"", "", "", ""}},
    {"401", {"", "", "", ""}},
    {"402", {"", "", "", ""}},
};

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_uri(std::string_view s) {
  return starts_with_ci(s, "https://") || starts_with_ci(s, "http://");
}

Status add_uri_element(std::string_view ai_text, std::string value, const std::string& where,
                       int reference_year, Gs1Scan& scan) {
  Lookup l = lookup_exact(ai_text);
  if (!l.def) return fail("unknown AI " + show_text(ai_text) + " " + where);
  // A Digital Link path may carry a GTIN-8/12/13 unpadded.
  if (l.ai == "01" && all_digits(value) &&
      (value.size() == 8 || value.size() == 12 || value.size() == 13))
    value.insert(0, 14 - value.size(), '0');
  JXC_ASSIGN(Gs1Element e, make_element(l, value, where, reference_year));
  return add_element(scan, std::move(e), where);
}

Status parse_digital_link(std::string_view uri, int reference_year, Gs1Scan& scan) {
  std::string_view rest = uri.substr(uri.find("//") + 2);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const auto slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos)
    return fail("Digital Link URI has no host or no path");
  std::string_view path = rest.substr(slash + 1);

  std::vector<std::string_view> segs;
  while (!path.empty()) {
    const auto s = path.find('/');
    std::string_view seg = path.substr(0, s);
    if (!seg.empty()) segs.push_back(seg);
    if (s == std::string_view::npos) break;
    path = path.substr(s + 1);
  }
  // The path may begin with any prefix of the resolver's own (e.g. /shop/);
  // the first segment naming a primary key with a value after it starts the AIs.
  std::size_t start = segs.size();
  const PrimaryKey* pk = nullptr;
  for (std::size_t i = 0; i + 1 < segs.size() && !pk; ++i)
    for (const auto& k : kPrimaryKeys)
      if (segs[i] == k.ai) {
        pk = &k;
        start = i;
        break;
      }
  if (!pk) return fail("Digital Link URI path has no GS1 primary key (e.g. /01/<GTIN>)");
  if ((segs.size() - start) % 2 != 0)
    return fail("Digital Link URI path ends with AI " + show_text(segs.back()) + " and no value");

  std::size_t next_qualifier = 0;
  for (std::size_t i = start; i < segs.size(); i += 2) {
    const std::string where = "in URI path segment " + std::to_string(i + 1);
    if (i > start) {
      // Qualifiers must belong to the key and keep their defined order.
      std::size_t q = next_qualifier;
      while (q < pk->qualifiers.size() && pk->qualifiers[q] != segs[i]) ++q;
      if (q >= pk->qualifiers.size() || segs[i].empty())
        return fail("AI " + show_text(segs[i]) + " " + where + " is not a qualifier of AI " +
                    std::string(pk->ai) + " here");
      next_qualifier = q + 1;
    }
    JXC_ASSIGN(std::string value, percent_decode(segs[i + 1], where));
    JXC_TRY(add_uri_element(segs[i], std::move(value), where, reference_year, scan));
  }

  while (!query.empty()) {
    const auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    // Non-numeric keys (linkType, context, ...) are resolver parameters, not data.
    if (!all_digits(key)) continue;
    const std::string where = "in URI query";
    if (eq == std::string_view::npos)
      return fail("AI " + std::string(key) + " " + where + " has no value");
    JXC_ASSIGN(std::string value, percent_decode(pair.substr(eq + 1), where));
    JXC_TRY(add_uri_element(key, std::move(value), where, reference_year, scan));
  }
  return Status::ok();
}

// UPC-E to UPC-A by the zero-suppression rules keyed on the sixth digit.
std::string expand_upce(std::string_view e) {
  const char ns = e[0];
  const std::string_view d = e.substr(1, 6);
  const char check = e[7];
  std::string body;
  switch (d[5]) {
    case '0': case '1': case '2':
      body = std::string{d[0], d[1], d[5], '0', '0', '0', '0', d[2], d[3], d[4]};
      break;
    case '3':
      body = std::string{d[0], d[1], d[2], '0', '0', '0', '0', '0', d[3], d[4]};
      break;
    case '4':
      body = std::string{d[0], d[1], d[2], d[3], '0', '0', '0', '0', '0', d[4]};
      break;
    default:
      body = std::string{d[0], d[1], d[2], d[3], d[4], '0', '0', '0', '0', d[5]};
      break;
  }
  return std::string(1, ns) + body + check;
}

// Bare EAN/UPC digits -> AI 01. `form` is chosen by the caller from the length
// (and the AIM identifier, which separates EAN-8 from UPC-E).
Status add_gtin_digits(std::string_view digits, Gs1Form form, Gs1Scan& scan) {
  std::string key(digits);
  std::string_view name = form == Gs1Form::ean13 ? "EAN-13"
                          : form == Gs1Form::upca ? "UPC-A"
                          : form == Gs1Form::ean8 ? "EAN-8"
                                                  : "UPC-E";
  if (form == Gs1Form::upce) {
    if (digits[0] != '0' && digits[0] != '1')
      return fail("UPC-E " + key + ": number system must be 0 or 1");
    key = expand_upce(digits);
  }
  if (!gs1_check_digit_ok(key))
    return fail(std::string(name) + " " + std::string(digits) + ": bad check digit, expected " +
                std::to_string(gs1_check_digit(std::string_view(key).substr(0, key.size() - 1))));
  Gs1Element e;
  e.ai = "01";
  e.title = "GTIN";
  e.raw = std::string(14 - key.size(), '0') + key;
  scan.form = form;
  scan.elements.push_back(std::move(e));
  return Status::ok();
}

Gs1Form gtin_form_for(std::size_t len, bool ean8_aim) {
  if (len == 13) return Gs1Form::ean13;
  if (len == 12) return Gs1Form::upca;
  return ean8_aim ? Gs1Form::ean8 : Gs1Form::upce;
}

struct Aim {
  std::string_view code;
  Gs1Symbology symbology;
};

constexpr Aim kAims[] = {
    {"]C1", Gs1Symbology::gs1_128},        {"]d2", Gs1Symbology::gs1_datamatrix},
    {"]Q3", Gs1Symbology::gs1_qr},         {"]e0", Gs1Symbology::gs1_databar},
    {"]E0", Gs1Symbology::ean_upc},        {"]E4", Gs1Symbology::ean8},
    {"]d1", Gs1Symbology::datamatrix},     {"]Q1", Gs1Symbology::qr},
};

}  // namespace

std::string_view gs1_symbology_name(Gs1Symbology s) {
  switch (s) {
    case Gs1Symbology::unknown: return "unknown";
    case Gs1Symbology::gs1_128: return "GS1-128";
    case Gs1Symbology::gs1_datamatrix: return "GS1 DataMatrix";
    case Gs1Symbology::gs1_qr: return "GS1 QR Code";
    case Gs1Symbology::gs1_databar: return "GS1 DataBar";
    case Gs1Symbology::ean_upc: return "EAN/UPC";
    case Gs1Symbology::ean8: return "EAN-8";
    case Gs1Symbology::datamatrix: return "Data Matrix";
    case Gs1Symbology::qr: return "QR Code";
  }
  return "unknown";
}

std::string_view gs1_form_name(Gs1Form f) {
  switch (f) {
    case Gs1Form::element_string: return "element_string";
    case Gs1Form::bracketed: return "bracketed";
    case Gs1Form::digital_link: return "digital_link";
    case Gs1Form::ean13: return "ean13";
    case Gs1Form::upca: return "upca";
    case Gs1Form::ean8: return "ean8";
    case Gs1Form::upce: return "upce";
  }
  return "unknown";
}

std::string Gs1Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
  return buf;
}

double Gs1Measure::value() const {
  double v = static_cast<double>(digits);
  for (int i = 0; i < decimals; ++i) v /= 10.0;
  return v;
}

std::string Gs1Measure::text() const {
  std::string s = std::to_string(digits);
  if (decimals <= 0) return s;
  const auto d = static_cast<std::size_t>(decimals);
  if (s.size() <= d) s.insert(0, d + 1 - s.size(), '0');
  s.insert(s.size() - d, 1, '.');
  return s;
}

const Gs1Element* Gs1Scan::find(std::string_view ai) const {
  for (const auto& e : elements)
    if (e.ai == ai) return &e;
  return nullptr;
}

std::optional<std::string> Gs1Scan::value(std::string_view ai) const {
  if (const auto* e = find(ai)) return e->raw;
  return std::nullopt;
}

std::optional<std::string> Gs1Scan::expiry() const {
  if (const auto* e = find("17"); e && e->date) return e->date->iso();
  return std::nullopt;
}

std::optional<std::string> Gs1Scan::best_before() const {
  if (const auto* e = find("15"); e && e->date) return e->date->iso();
  return std::nullopt;
}

std::optional<std::int64_t> Gs1Scan::count() const {
  if (const auto* e = find("37"); e && e->count) return e->count;
  if (const auto* e = find("30"); e && e->count) return e->count;
  return std::nullopt;
}

std::optional<Gs1Measure> Gs1Scan::measure(std::string_view prefix3) const {
  for (const auto& e : elements)
    if (e.measure && std::string_view(e.ai).substr(0, 3) == prefix3) return e.measure;
  return std::nullopt;
}

bool gs1_predefined_length(std::string_view ai) {
  if (ai.size() < 2 || !is_digit(ai[0]) || !is_digit(ai[1])) return false;
  const int p = (ai[0] - '0') * 10 + (ai[1] - '0');
  return p <= 4 || (p >= 11 && p <= 20) || p == 23 || (p >= 31 && p <= 36) || p == 41;
}

std::string gs1_ai_title(std::string_view ai) {
  Lookup l = lookup_exact(ai);
  if (!l.def) return {};
  return std::string(l.measure ? l.measure->title : l.def->title);
}

Result<Gs1Scan> parse_gs1(std::string_view scan, const Gs1ParseOptions& options) {
  const int ref_year = options.reference_year != 0 ? options.reference_year : current_utc_year();
  if (scan.empty()) return fail("empty scan");
  Gs1Scan out;
  out.elements.reserve(4);  // one allocation for a typical label instead of a regrowth per AI
  std::string_view data = scan;
  std::size_t base = 0;

  if (data[0] == ']') {
    const Aim* aim = nullptr;
    for (const auto& a : kAims)
      if (data.substr(0, 3) == a.code) aim = &a;
    if (!aim)
      return fail("symbology identifier \"" + show_text(data.substr(0, 3)) +
                  "\" does not carry GS1 data");
    out.symbology = aim->symbology;
    data.remove_prefix(3);
    base = 3;
    if (data.empty()) return fail("no data after symbology identifier " + std::string(aim->code));
    switch (aim->symbology) {
      case Gs1Symbology::ean_upc:
      case Gs1Symbology::ean8: {
        const bool e8 = aim->symbology == Gs1Symbology::ean8;
        const bool len_ok = e8 ? data.size() == 8
                               : (data.size() == 8 || data.size() == 12 || data.size() == 13);
        if (!len_ok || !all_digits(data))
          return fail(std::string(aim->code) + " needs " + (e8 ? "8" : "12 or 13 (UPC-E: 8)") +
                      " digits, got \"" + show_text(data) + "\"");
        JXC_TRY(add_gtin_digits(data, gtin_form_for(data.size(), e8), out));
        return out;
      }
      case Gs1Symbology::datamatrix:
      case Gs1Symbology::qr:
        if (!is_uri(data))
          return fail(std::string(aim->code) +
                      " is not GS1 mode; only a Digital Link URI is read from it");
        out.form = Gs1Form::digital_link;
        JXC_TRY(parse_digital_link(data, ref_year, out));
        return out;
      default:
        break;
    }
  } else if (is_uri(data)) {
    out.form = Gs1Form::digital_link;
    JXC_TRY(parse_digital_link(data, ref_year, out));
    return out;
  } else if (data[0] == '(') {
    out.form = Gs1Form::bracketed;
    JXC_TRY(parse_bracketed(data, 0, ref_year, out));
    return out;
  } else if ((data.size() == 8 || data.size() == 12 || data.size() == 13) && all_digits(data)) {
    // Bare digits of an EAN/UPC length are read as one when the check digit
    // holds; otherwise they may still be an element string without FNC1.
    Gs1Scan gtin;
    const bool upce_possible = data.size() == 8 && (data[0] == '0' || data[0] == '1');
    const Gs1Form form =
        data.size() == 8 && !upce_possible ? Gs1Form::ean8 : gtin_form_for(data.size(), false);
    Status g = add_gtin_digits(data, form, gtin);
    // 8 digits that are not a valid UPC-E may be an EAN-8.
    if (!g.is_ok() && upce_possible) {
      Gs1Scan ean8;
      if (add_gtin_digits(data, Gs1Form::ean8, ean8).is_ok()) return ean8;
    }
    if (g.is_ok()) return gtin;
    // Only accept that when every AI has a predefined length: a variable one
    // (e.g. "400" swallowing the rest) would turn a misread EAN into nonsense.
    Gs1Scan es;
    Status e = parse_element_string(data, 0, ref_year, es);
    if (e.is_ok()) {
      bool all_predefined = true;
      for (const auto& el : es.elements)
        all_predefined = all_predefined && gs1_predefined_length(el.ai);
      if (all_predefined) return es;
    }
    // Report whichever reading the data looks more like: an element string
    // when it starts with a known predefined-length AI, else the EAN/UPC.
    const Lookup first = lookup_prefix(data);
    if (!e.is_ok() && first.def && gs1_predefined_length(first.ai)) return e;
    return g;
  }

  out.form = Gs1Form::element_string;
  JXC_TRY(parse_element_string(data, base, ref_year, out));
  return out;
}

}  // namespace jxc::identifiers
