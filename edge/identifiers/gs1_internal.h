#pragma once
// Internal to the GS1 parser (the gs1*.cpp files): the AI table's types and
// lookups, and the steps the input forms share. Not part of the identifiers
// interface; include gs1.h instead.

#include <cstddef>
#include <string>
#include <string_view>

#include "edge/common/status.h"
#include "edge/identifiers/gs1.h"

namespace jxc::identifiers::gs1_detail {

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

struct MeasureDef {
  std::string_view prefix;
  std::string_view quantity;
  std::string_view unit;
  std::string_view title;
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

// --- element strings, bracketed HRI and value checks (gs1_element_string.cpp) ---

// A character as an operator can read it in an error, including control bytes.
std::string show_char(char c);

// Printable rendering of a fragment of input for error messages.
std::string show_text(std::string_view s);

// Validates one AI's value and builds its element with typed views.
Result<Gs1Element> make_element(const Lookup& l, std::string_view value, const std::string& where,
                                int reference_year);

// Appends an element. A repeated AI with the same value is harmless (labels
// sometimes carry a key twice) and kept once; a different value is a conflict.
Status add_element(Gs1Scan& scan, Gs1Element e, const std::string& where);

// Element string: AI value [GS] AI value ... ; `base` is the offset of `data`
// within the original scan, for error positions.
Status parse_element_string(std::string_view data, std::size_t base, int reference_year,
                            Gs1Scan& scan);

// "(01)09501101530003(10)ABC", `base` as for parse_element_string.
Status parse_bracketed(std::string_view s, std::size_t base, int reference_year, Gs1Scan& scan);

// --- GS1 Digital Link URIs (gs1_digital_link.cpp) ---

// True for an http:// or https:// URI (scheme in any case).
bool is_uri(std::string_view s);

// https://host/[prefix/]<key AI>/<key>[/<qualifier AI>/<value>...][?<AI>=<value>&...]
Status parse_digital_link(std::string_view uri, int reference_year, Gs1Scan& scan);

}  // namespace jxc::identifiers::gs1_detail
