#pragma once
// Internal to the GS1 parser (the gs1*.cpp files): the AI table's types and
// lookups, and the steps the input forms share. Not part of the identifiers
// interface; include gs1.h instead.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edge/common/status.h"
#include "edge/identifiers/gs1.h"

namespace jxc::identifiers::gs1_detail {

constexpr char kGS = '\x1D';

// How an AI's value is built, beyond its length: each kind has its checks
// (gs1_values.cpp) and the typed view it fills in.
enum class Kind {
  numeric,           // N: digits; the check digit over the whole value when check_digit
  alnum,             // X: GS1 character set 82
  date,              // N6 YYMMDD; DD 00 stands for the month's last day
  date_time,         // N6 YYMMDD (a real day), then N4 HHMI when the value is 10 long
  date_range,        // N6 YYMMDD, then an optional second N6 YYMMDD (7007)
  prod_time,         // N6 YYMMDD N2 HH, then optional N2 MI and N2 SS (8008)
  count,             // N..8 integer (30, 37)
  amount,            // digits with n implied decimals, n the AI's last digit (390n, 392n, 395n)
  currency_amount,   // N3 ISO 4217 currency, then an amount as above (391n, 393n)
  countries,         // one or more N3 ISO 3166 country codes (422-426)
  country_postcode,  // N3 ISO 3166 country, then X..9 postal code (421)
  processor,         // N3 ISO 3166 country or 999, then X..27 approval number (703n)
  grai,              // N1 filler 0, N13 key with check digit, then X..16 serial (8003)
  key13_alnum,       // N13 key with check digit, then X..17 serial (253 GDTI)
  key13_numeric,     // N13 key with check digit, then N..12 serial (255 GCN)
  itip,              // N14 key with check digit, then N2 piece and N2 total (8006, 8026)
};

struct AiDef {
  // "01", "8003"; a trailing 'n' makes a family ("392n" is 3920-3929) whose
  // last digit is the decimal point indicator for amounts and measures, else
  // a sequence number (703n, 723n, 9n).
  std::string_view ai;
  std::string_view title;
  Kind kind;
  int min_len;
  int max_len;
  bool check_digit;
  int max_n;  // a family's highest defined n; -1 for a single AI
  // Association rules (GS1 General Specifications 4.14): `req` is one or more
  // groups separated by ' ', each met by any one of its ','-separated AIs or
  // patterns ("31nn": 'n' is any digit); `ex` lists the AIs or patterns that
  // must not appear with this one.
  std::string_view req;
  std::string_view ex;
};

// 310n-369n. Each family excludes its own other members (3102 with 3103).
struct MeasureDef {
  std::string_view prefix;
  std::string_view quantity;
  std::string_view unit;
  std::string_view title;
  std::string_view req;
};

// The decimal point indicator n of 310n-369n runs 0-5 in the GS1 AI table.
constexpr int kMaxDecimals = 5;

struct Lookup {
  const AiDef* def = nullptr;
  const MeasureDef* measure = nullptr;
  std::string ai;
};

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

inline bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return !s.empty();
}

inline Status fail(std::string reason) { return error(Errc::invalid_argument, std::move(reason)); }

// --- the AI table (gs1_ai_table.cpp) ---

// Finds the AI that `digits` starts with. GS1 AIs are prefix-free, so the first
// length that matches is the AI.
Lookup lookup_prefix(std::string_view digits);

// The AI exactly equal to `ai` (bracketed and Digital Link forms name it whole).
Lookup lookup_exact(std::string_view ai);

// The tables themselves, for the tests that hold every rule in them.
std::span<const AiDef> ai_table();
std::span<const MeasureDef> measure_table();

// --- ISO code lists (gs1_codes.cpp) ---

// An ISO 4217 numeric currency code (000-999) in use.
bool iso4217_currency(int code);
// An ISO 3166-1 numeric country code (000-999) in use.
bool iso3166_country(int code);

// --- value checks (gs1_values.cpp) ---

// A character as an operator can read it in an error, including control bytes.
std::string show_char(char c);

// Printable rendering of a fragment of input for error messages.
std::string show_text(std::string_view s);

// Validates one AI's value and builds its element with typed views.
Result<Gs1Element> make_element(const Lookup& l, std::string_view value, const std::string& where,
                                int reference_year);

// --- element strings and bracketed HRI (gs1_element_string.cpp) ---

// Appends an element. A repeated AI with the same value is harmless (labels
// sometimes carry a key twice) and kept once; a different value is a conflict.
Status add_element(Gs1Scan& scan, Gs1Element e, const std::string& where);

// Element string: AI value [GS] AI value ... ; `base` is the offset of `data`
// within the original scan, for error positions.
Status parse_element_string(std::string_view data, std::size_t base, int reference_year,
                            Gs1Scan& scan);

// "(01)09501101530003(10)ABC", `base` as for parse_element_string.
Status parse_bracketed(std::string_view s, std::size_t base, int reference_year, Gs1Scan& scan);

// --- association rules (gs1_associations.cpp) ---

// The requisite and exclusive AI pairs over `elements`, as `mode` asks.
Status check_associations(const std::vector<Gs1Element>& elements, Gs1Associations mode);

// The rules of one element `e` of `elements`.
Status check_rules_of(const Gs1Element& e, const std::vector<Gs1Element>& elements,
                      Gs1Associations mode);

// --- GS1 Digital Link URIs (gs1_digital_link.cpp) ---

// True for an http:// or https:// URI (scheme in any case).
bool is_uri(std::string_view s);

// https://host/[prefix/]<key AI>/<key>[/<qualifier AI>/<value>...][?<AI>=<value>&...]
Status parse_digital_link(std::string_view uri, int reference_year, Gs1Scan& scan);

}  // namespace jxc::identifiers::gs1_detail
