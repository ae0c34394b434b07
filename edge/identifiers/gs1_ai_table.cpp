#include <array>
#include <iterator>
#include <span>
#include <string>
#include <string_view>

#include "edge/identifiers/gs1.h"
#include "edge/identifiers/gs1_internal.h"

namespace jxc::identifiers {
namespace gs1_detail {
namespace {

// The AIs this parser accepts, with their formats and association rules.
// Anything else is an error: element strings have no self-describing
// structure, so guessing at an unknown AI's length would misread every field
// after it.
//
// Source: the GS1 Barcode Syntax Dictionary (gs1/gs1-syntax-dictionary,
// gs1-syntax-dictionary.txt, release 2025-01-30), the machine-readable form of
// the AI table (section 3) and the association rules (section 4.14) of the
// GS1 General Specifications Release 25.0. Held: every AI a warehouse meets
// on trade items, logistic units, measures, amounts, dates and locations.
// Left out: coupons and payment (3940-3943, 8110-8112), healthcare and
// patient data (7241, 7242, 7250-7259, 8017-8019), ship-to and return-to
// address data (4300-4333), and AIs needing code lists this parser does not
// carry (7040, 7041, 8001, 8007, 8010, 8011, 8013, 8014, 8030).
constexpr AiDef kAis[] = {
    {"00", "SSCC", Kind::numeric, 18, 18, true, -1, "", ""},
    {"01", "GTIN", Kind::numeric, 14, 14, true, -1, "", "255,37"},
    {"02", "CONTENT", Kind::numeric, 14, 14, true, -1, "37", "01,03"},
    {"03", "MTO GTIN", Kind::numeric, 14, 14, true, -1, "", "01,02,37"},
    {"10", "BATCH/LOT", Kind::alnum, 1, 20, false, -1, "01,02,03,8006,8026", ""},
    {"11", "PROD DATE", Kind::date, 6, 6, false, -1, "01,02,03,8006,8026", ""},
    {"12", "DUE DATE", Kind::date, 6, 6, false, -1, "8020", ""},
    {"13", "PACK DATE", Kind::date, 6, 6, false, -1, "01,02,03,8006,8026", ""},
    {"15", "BEST BEFORE", Kind::date, 6, 6, false, -1, "01,02,03,8006,8026", ""},
    {"16", "SELL BY", Kind::date, 6, 6, false, -1, "01,02,03,8006,8026", ""},
    {"17", "USE BY OR EXPIRY", Kind::date, 6, 6, false, -1, "01,02,03,255,8006,8026", ""},
    {"20", "VARIANT", Kind::numeric, 2, 2, false, -1, "01,02,8006,8026", ""},
    {"21", "SERIAL", Kind::alnum, 1, 20, false, -1, "01,03,8006", "235"},
    {"22", "CPV", Kind::alnum, 1, 20, false, -1, "01", ""},
    {"235", "TPX", Kind::alnum, 1, 28, false, -1, "01", ""},
    {"240", "ADDITIONAL ID", Kind::alnum, 1, 30, false, -1, "01,02,8006,8026", ""},
    {"241", "CUST. PART No.", Kind::alnum, 1, 30, false, -1, "01,02,8006,8026", ""},
    {"242", "MTO VARIANT", Kind::numeric, 1, 6, false, -1, "01,02,8006,8026", ""},
    {"243", "PCN", Kind::alnum, 1, 20, false, -1, "01", ""},
    {"250", "SECONDARY SERIAL", Kind::alnum, 1, 30, false, -1, "01,8006 21", ""},
    {"251", "REF. TO SOURCE", Kind::alnum, 1, 30, false, -1, "01,8006", ""},
    {"253", "GDTI", Kind::key13_alnum, 13, 30, true, -1, "", ""},
    {"254", "GLN EXTENSION COMPONENT", Kind::alnum, 1, 20, false, -1, "414", ""},
    {"255", "GCN", Kind::key13_numeric, 13, 25, true, -1, "", "01,02,415,8006,8020,8026"},
    {"30", "VAR. COUNT", Kind::count, 1, 8, false, -1, "01,02", ""},
    {"37", "COUNT", Kind::count, 1, 8, false, -1, "00 02,8026", ""},
    {"390n", "AMOUNT", Kind::amount, 1, 15, false, 9, "255,8020", "390n,391n,394n,8111"},
    {"391n", "AMOUNT", Kind::currency_amount, 4, 18, false, 9, "8020", "391n"},
    {"392n", "PRICE", Kind::amount, 1, 15, false, 9, "01 30,31nn,32nn,35nn,36nn", "392n,393n"},
    {"393n", "PRICE", Kind::currency_amount, 4, 18, false, 9, "30,31nn,32nn,35nn,36nn", "393n"},
    {"395n", "PRICE/UoM", Kind::amount, 6, 6, false, 5, "30,31nn,32nn,35nn,36nn",
     "392n,393n,395n,8005"},
    {"400", "ORDER NUMBER", Kind::alnum, 1, 30, false, -1, "", ""},
    {"401", "GINC", Kind::alnum, 1, 30, false, -1, "", ""},
    {"402", "GSIN", Kind::numeric, 17, 17, true, -1, "", ""},
    {"403", "ROUTE", Kind::alnum, 1, 30, false, -1, "00", ""},
    {"410", "SHIP TO LOC", Kind::numeric, 13, 13, true, -1, "", ""},
    {"411", "BILL TO", Kind::numeric, 13, 13, true, -1, "", ""},
    {"412", "PURCHASE FROM", Kind::numeric, 13, 13, true, -1, "", ""},
    {"413", "SHIP FOR LOC", Kind::numeric, 13, 13, true, -1, "", ""},
    {"414", "LOC No.", Kind::numeric, 13, 13, true, -1, "", ""},
    {"415", "PAY TO", Kind::numeric, 13, 13, true, -1, "8020", ""},
    {"416", "PROD/SERV LOC", Kind::numeric, 13, 13, true, -1, "", ""},
    {"417", "PARTY", Kind::numeric, 13, 13, true, -1, "", ""},
    {"420", "SHIP TO POST", Kind::alnum, 1, 20, false, -1, "", "421"},
    {"421", "SHIP TO POST", Kind::country_postcode, 4, 12, false, -1, "", "4307"},
    {"422", "ORIGIN", Kind::countries, 3, 3, false, -1, "01,02,8006,8026", "426"},
    {"423", "COUNTRY - INITIAL PROCESS", Kind::countries, 3, 15, false, -1, "01,02", "426"},
    {"424", "COUNTRY - PROCESS", Kind::countries, 3, 3, false, -1, "01,02", "426"},
    {"425", "COUNTRY - DISASSEMBLY", Kind::countries, 3, 15, false, -1, "01,02", "426"},
    {"426", "COUNTRY - FULL PROCESS", Kind::countries, 3, 3, false, -1, "01,02", ""},
    {"427", "ORIGIN SUBDIVISION", Kind::alnum, 1, 3, false, -1, "01,02 422", ""},
    {"7001", "NSN", Kind::numeric, 13, 13, false, -1, "01,02,8006,8026", ""},
    {"7002", "MEAT CUT", Kind::alnum, 1, 30, false, -1, "01,02", ""},
    {"7003", "EXPIRY TIME", Kind::date_time, 10, 10, false, -1, "01,02", ""},
    {"7004", "ACTIVE POTENCY", Kind::numeric, 1, 4, false, -1, "01 10", ""},
    {"7005", "CATCH AREA", Kind::alnum, 1, 12, false, -1, "01,02", ""},
    {"7006", "FIRST FREEZE DATE", Kind::date_time, 6, 6, false, -1, "01,02", ""},
    {"7007", "HARVEST DATE", Kind::date_range, 6, 12, false, -1, "01,02", ""},
    {"7008", "AQUATIC SPECIES", Kind::alnum, 1, 3, false, -1, "01,02", ""},
    {"7009", "FISHING GEAR TYPE", Kind::alnum, 1, 10, false, -1, "01,02", ""},
    {"7010", "PROD METHOD", Kind::alnum, 1, 2, false, -1, "01,02", ""},
    {"7011", "TEST BY DATE", Kind::date_time, 6, 10, false, -1, "01,02", ""},
    {"7020", "REFURB LOT", Kind::alnum, 1, 20, false, -1, "01,8006 416", ""},
    {"7021", "FUNC STAT", Kind::alnum, 1, 20, false, -1, "01,8006", ""},
    {"7022", "REV STAT", Kind::alnum, 1, 20, false, -1, "7021", ""},
    {"7023", "GIAI - ASSEMBLY", Kind::alnum, 1, 30, false, -1, "", ""},
    {"703n", "PROCESSOR", Kind::processor, 4, 30, false, 9, "01,02", ""},
    {"710", "NHRN PZN", Kind::alnum, 1, 20, false, -1, "01", ""},
    {"711", "NHRN CIP", Kind::alnum, 1, 20, false, -1, "01", ""},
    {"712", "NHRN CN", Kind::alnum, 1, 20, false, -1, "01", ""},
    {"713", "NHRN DRN", Kind::alnum, 1, 20, false, -1, "01", ""},
    {"714", "NHRN AIM", Kind::alnum, 1, 20, false, -1, "01", ""},
    {"715", "NHRN NDC", Kind::alnum, 1, 20, false, -1, "01", ""},
    {"716", "NHRN AIC", Kind::alnum, 1, 20, false, -1, "01", ""},
    {"723n", "CERT", Kind::alnum, 3, 30, false, 9, "01,8004", ""},
    {"7240", "PROTOCOL", Kind::alnum, 1, 20, false, -1, "01,8006", ""},
    {"8003", "GRAI", Kind::grai, 14, 30, true, -1, "", ""},
    {"8004", "GIAI", Kind::alnum, 1, 30, false, -1, "", ""},
    {"8005", "PRICE PER UNIT", Kind::numeric, 6, 6, false, -1, "01,02", ""},
    {"8006", "ITIP", Kind::itip, 18, 18, true, -1, "", "01,37"},
    {"8008", "PROD TIME", Kind::prod_time, 8, 12, false, -1, "01,02", ""},
    {"8009", "OPTSEN", Kind::alnum, 1, 50, false, -1, "00,01", ""},
    {"8012", "VERSION", Kind::alnum, 1, 20, false, -1, "01,8006", ""},
    {"8020", "REF No.", Kind::alnum, 1, 25, false, -1, "415", ""},
    {"8026", "ITIP CONTENT", Kind::itip, 18, 18, true, -1, "37", "02,8006"},
    {"8200", "PRODUCT URL", Kind::alnum, 1, 70, false, -1, "01", ""},
    {"90", "INTERNAL", Kind::alnum, 1, 30, false, -1, "", ""},
    // 91-99; "90" above comes first, so n runs 1-9 here.
    {"9n", "INTERNAL", Kind::alnum, 1, 90, false, 9, "", ""},
};

// 310n-369n: six digits, n implied decimal places. "log" marks the logistic
// (gross, whole unit) variants of the trade measures, which need an SSCC or
// a GTIN; the trade measures need a GTIN or the GTIN of contained items.
constexpr MeasureDef kMeasures[] = {
    {"310", "net weight", "kg", "NET WEIGHT (kg)", "01,02"},
    {"311", "length", "m", "LENGTH (m)", "01,02"},
    {"312", "width", "m", "WIDTH (m)", "01,02"},
    {"313", "height", "m", "HEIGHT (m)", "01,02"},
    {"314", "area", "m2", "AREA (m2)", "01,02"},
    {"315", "net volume", "l", "NET VOLUME (l)", "01,02"},
    {"316", "net volume", "m3", "NET VOLUME (m3)", "01,02"},
    {"320", "net weight", "lb", "NET WEIGHT (lb)", "01,02"},
    {"321", "length", "in", "LENGTH (in)", "01,02"},
    {"322", "length", "ft", "LENGTH (ft)", "01,02"},
    {"323", "length", "yd", "LENGTH (yd)", "01,02"},
    {"324", "width", "in", "WIDTH (in)", "01,02"},
    {"325", "width", "ft", "WIDTH (ft)", "01,02"},
    {"326", "width", "yd", "WIDTH (yd)", "01,02"},
    {"327", "height", "in", "HEIGHT (in)", "01,02"},
    {"328", "height", "ft", "HEIGHT (ft)", "01,02"},
    {"329", "height", "yd", "HEIGHT (yd)", "01,02"},
    {"330", "gross weight", "kg", "GROSS WEIGHT (kg)", "00,01"},
    {"331", "length", "m", "LENGTH (m), log", "00,01"},
    {"332", "width", "m", "WIDTH (m), log", "00,01"},
    {"333", "height", "m", "HEIGHT (m), log", "00,01"},
    {"334", "area", "m2", "AREA (m2), log", "00,01"},
    {"335", "volume", "l", "VOLUME (l), log", "00,01"},
    {"336", "volume", "m3", "VOLUME (m3), log", "00,01"},
    {"337", "area density", "kg/m2", "KG PER m2", "01"},
    {"340", "gross weight", "lb", "GROSS WEIGHT (lb)", "00,01"},
    {"341", "length", "in", "LENGTH (in), log", "00,01"},
    {"342", "length", "ft", "LENGTH (ft), log", "00,01"},
    {"343", "length", "yd", "LENGTH (yd), log", "00,01"},
    {"344", "width", "in", "WIDTH (in), log", "00,01"},
    {"345", "width", "ft", "WIDTH (ft), log", "00,01"},
    {"346", "width", "yd", "WIDTH (yd), log", "00,01"},
    {"347", "height", "in", "HEIGHT (in), log", "00,01"},
    {"348", "height", "ft", "HEIGHT (ft), log", "00,01"},
    {"349", "height", "yd", "HEIGHT (yd), log", "00,01"},
    {"350", "area", "in2", "AREA (in2)", "01,02"},
    {"351", "area", "ft2", "AREA (ft2)", "01,02"},
    {"352", "area", "yd2", "AREA (yd2)", "01,02"},
    {"353", "area", "in2", "AREA (in2), log", "00,01"},
    {"354", "area", "ft2", "AREA (ft2), log", "00,01"},
    {"355", "area", "yd2", "AREA (yd2), log", "00,01"},
    {"356", "net weight", "troy oz", "NET WEIGHT (troy oz)", "01,02"},
    {"357", "net volume", "oz", "NET VOLUME (oz)", "01,02"},
    {"360", "net volume", "qt", "NET VOLUME (qt)", "01,02"},
    {"361", "net volume", "gal (US)", "NET VOLUME (gal.)", "01,02"},
    {"362", "volume", "qt", "VOLUME (qt), log", "00,01"},
    {"363", "volume", "gal (US)", "VOLUME (gal.), log", "00,01"},
    {"364", "net volume", "in3", "VOLUME (in3)", "01,02"},
    {"365", "net volume", "ft3", "VOLUME (ft3)", "01,02"},
    {"366", "net volume", "yd3", "VOLUME (yd3)", "01,02"},
    {"367", "volume", "in3", "VOLUME (in3), log", "00,01"},
    {"368", "volume", "ft3", "VOLUME (ft3), log", "00,01"},
    {"369", "volume", "yd3", "VOLUME (yd3), log", "00,01"},
};

// Measures are all N6 and all under the predefined-length prefixes 31-36.
const AiDef kMeasureAi{"", "", Kind::numeric, 6, 6, false, kMaxDecimals, "", ""};

// A table entry names `cand` itself, or its family ("392n" names 3923).
bool names(std::string_view entry, std::string_view cand) {
  if (entry.size() != cand.size() || entry[0] != cand[0]) return false;
  if (entry.back() == 'n') return entry.substr(0, entry.size() - 1) == cand.substr(0, cand.size() - 1);
  return entry == cand;
}

// The entries of kAis (kept in the order of their AIs) whose AI starts with
// each digit, so that a lookup reads a tenth of the table.
struct FirstDigit {
  std::array<std::size_t, 11> start{};
  constexpr FirstDigit() {
    std::size_t i = 0;
    for (int digit = 0; digit <= 9; ++digit) {
      start[static_cast<std::size_t>(digit)] = i;
      while (i < std::size(kAis) && kAis[i].ai[0] - '0' == digit) ++i;
    }
    start[10] = i;
  }
};
constexpr FirstDigit kFirstDigit;
static_assert(kFirstDigit.start[10] == std::size(kAis), "kAis is in the order of its AIs");

}  // namespace

Lookup lookup_prefix(std::string_view digits) {
  for (std::size_t len = 2; len <= 4 && len <= digits.size(); ++len) {
    std::string_view cand = digits.substr(0, len);
    if (!all_digits(cand)) break;
    const auto digit = static_cast<std::size_t>(cand[0] - '0');
    for (std::size_t i = kFirstDigit.start[digit]; i < kFirstDigit.start[digit + 1]; ++i)
      if (names(kAis[i].ai, cand)) return {&kAis[i], nullptr, std::string(cand)};
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

std::span<const AiDef> ai_table() { return kAis; }

std::span<const MeasureDef> measure_table() { return kMeasures; }

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
