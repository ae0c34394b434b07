#include "edge/identifiers/gs1.h"

#include <chrono>
#include <cstdio>

#include "edge/common/clock.h"
#include "edge/identifiers/check_digit.h"
#include "edge/identifiers/gs1_internal.h"

namespace jxc::identifiers {

using namespace gs1_detail;

namespace {

int current_utc_year() {
  using namespace std::chrono;
  const sys_days today{floor<days>(milliseconds(SystemClock::instance().now_ms()))};
  return static_cast<int>(year_month_day{today}.year());
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
                          : form == Gs1Form::itf14 ? "ITF-14"
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
  if (len == 14) return Gs1Form::itf14;
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
    {"]I1", Gs1Symbology::itf14},
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
    case Gs1Symbology::itf14: return "ITF-14";
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
    case Gs1Form::itf14: return "itf14";
  }
  return "unknown";
}

std::string Gs1Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
  return buf;
}

namespace {

double decimal_value(std::int64_t digits, int decimals) {
  double v = static_cast<double>(digits);
  for (int i = 0; i < decimals; ++i) v /= 10.0;
  return v;
}

std::string decimal_text(std::int64_t digits, int decimals) {
  std::string s = std::to_string(digits);
  if (decimals <= 0) return s;
  const auto d = static_cast<std::size_t>(decimals);
  if (s.size() <= d) s.insert(0, d + 1 - s.size(), '0');
  s.insert(s.size() - d, 1, '.');
  return s;
}

}  // namespace

double Gs1Measure::value() const { return decimal_value(digits, decimals); }

std::string Gs1Measure::text() const { return decimal_text(digits, decimals); }

double Gs1Amount::value() const { return decimal_value(digits, decimals); }

std::string Gs1Amount::text() const { return decimal_text(digits, decimals); }

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

std::optional<Gs1Amount> Gs1Scan::amount(std::string_view prefix3) const {
  for (const auto& e : elements)
    if (e.amount && std::string_view(e.ai).substr(0, 3) == prefix3) return e.amount;
  return std::nullopt;
}

namespace {

// The scan's elements in whichever form it is written, each value checked.
Result<Gs1Scan> read_scan(std::string_view scan, int ref_year) {
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
      case Gs1Symbology::itf14:
        if (data.size() != 14 || !all_digits(data))
          return fail("]I1 needs the 14 digits of an ITF-14, got \"" + show_text(data) + "\"");
        JXC_TRY(add_gtin_digits(data, Gs1Form::itf14, out));
        return out;
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
  } else if ((data.size() == 8 || data.size() == 12 || data.size() == 13 || data.size() == 14) &&
             all_digits(data)) {
    // Bare digits of an EAN/UPC or ITF-14 length are read as one when the
    // check digit holds (a scanner sends a case's ITF-14 without an AIM
    // identifier by default); otherwise they may still be an element string
    // without FNC1.
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

}  // namespace

Result<Gs1Scan> parse_gs1(std::string_view scan, const Gs1ParseOptions& options) {
  const int ref_year = options.reference_year != 0 ? options.reference_year : current_utc_year();
  JXC_ASSIGN(Gs1Scan out, read_scan(scan, ref_year));
  JXC_TRY(check_associations(out.elements, options.associations));
  return out;
}

}  // namespace jxc::identifiers
