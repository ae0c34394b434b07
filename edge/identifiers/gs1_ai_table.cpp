#include <string>
#include <string_view>

#include "edge/identifiers/gs1.h"
#include "edge/identifiers/gs1_internal.h"

namespace jxc::identifiers {
namespace gs1_detail {
namespace {

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

// Measures are all N6 and all under the predefined-length prefixes 31-36.
const AiDef kMeasureAi{"", "", Kind::numeric, 6, 6, false};

}  // namespace

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

}  // namespace gs1_detail

using namespace gs1_detail;

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

}  // namespace jxc::identifiers
