#include "edge/identifiers/gs1.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace jxc::identifiers {
namespace {

const std::string GS = "\x1D";
// Fixed so that two-digit years resolve the same on every run. The value
// tests read label fragments (a date AI without its GTIN), so they leave the
// association rules to the tests of their own below.
const Gs1ParseOptions kOpts{.reference_year = 2026, .associations = Gs1Associations::skip};

Gs1Scan ok(std::string_view in) {
  auto r = parse_gs1(in, kOpts);
  EXPECT_TRUE(r.is_ok()) << "input: " << in << " -> " << r.status().to_string();
  return r.is_ok() ? r.value() : Gs1Scan{};
}

std::string err(std::string_view in) {
  auto r = parse_gs1(in, kOpts);
  EXPECT_FALSE(r.is_ok()) << "input unexpectedly parsed: " << in;
  if (r.is_ok()) return {};
  EXPECT_EQ(r.status().code(), Errc::invalid_argument);
  return r.status().reason();
}

std::vector<std::string> ais(const Gs1Scan& s) {
  std::vector<std::string> out;
  for (const auto& e : s.elements) out.push_back(e.ai);
  return out;
}

using V = std::vector<std::string>;

// --- input forms -------------------------------------------------------------

TEST(Gs1Forms, ElementStringWithAimGs1_128) {
  auto s = ok("]C1" "0109501101530003" "17251231" "10ABC123" + GS + "21S1");
  EXPECT_EQ(s.symbology, Gs1Symbology::gs1_128);
  EXPECT_EQ(s.form, Gs1Form::element_string);
  EXPECT_EQ(ais(s), (V{"01", "17", "10", "21"}));
  EXPECT_EQ(s.gtin(), "09501101530003");
  EXPECT_EQ(s.expiry(), "2025-12-31");
  EXPECT_EQ(s.lot(), "ABC123");
  EXPECT_EQ(s.serial(), "S1");
}

TEST(Gs1Forms, EachGs1AimIdentifierNamesItsSymbology) {
  const std::pair<const char*, Gs1Symbology> cases[] = {
      {"]C1", Gs1Symbology::gs1_128},
      {"]d2", Gs1Symbology::gs1_datamatrix},
      {"]Q3", Gs1Symbology::gs1_qr},
      {"]e0", Gs1Symbology::gs1_databar},
  };
  for (const auto& [aim, sym] : cases) {
    auto s = ok(std::string(aim) + "0109501101530003");
    EXPECT_EQ(s.symbology, sym) << aim;
    EXPECT_EQ(s.gtin(), "09501101530003") << aim;
  }
}

TEST(Gs1Forms, ElementStringWithoutAimAndWithLeadingGs) {
  auto a = ok("0109501101530003" "10LOT7" + GS + "3103001250");
  EXPECT_EQ(a.symbology, Gs1Symbology::unknown);
  EXPECT_EQ(ais(a), (V{"01", "10", "3103"}));
  auto b = ok(GS + "0109501101530003" "10LOT7" + GS + "3103001250");
  EXPECT_EQ(ais(b), ais(a));
  auto c = ok("]d2" + GS + "0109501101530003");  // FNC1 in first position after the AIM
  EXPECT_EQ(c.gtin(), "09501101530003");
}

TEST(Gs1Forms, RedundantGsAfterPredefinedLengthIsTolerated) {
  auto s = ok("0109501101530003" + GS + "17251231" + GS + "10A" + GS);
  EXPECT_EQ(ais(s), (V{"01", "17", "10"}));
}

TEST(Gs1Forms, BracketedHumanReadable) {
  auto s = ok("(01)09501101530003(17)251231(10)ABC");
  EXPECT_EQ(s.form, Gs1Form::bracketed);
  EXPECT_EQ(ais(s), (V{"01", "17", "10"}));
  EXPECT_EQ(s.lot(), "ABC");
  // Parentheses are in character set 82; only "(digits)" starts an AI.
  auto p = ok("(10)A(B)C(21)X");
  EXPECT_EQ(p.lot(), "A(B)C");
  EXPECT_EQ(p.serial(), "X");
}

TEST(Gs1Forms, DigitalLinkPathQualifiersAndQuery) {
  auto s = ok("https://id.gs1.org/01/09501101530003/10/ABC/21/XYZ?17=251231&linkType=gs1:pip");
  EXPECT_EQ(s.form, Gs1Form::digital_link);
  EXPECT_EQ(ais(s), (V{"01", "10", "21", "17"}));
  EXPECT_EQ(s.expiry(), "2025-12-31");
}

TEST(Gs1Forms, DigitalLinkAnyHostPathPrefixPercentEncodingAndShortGtin) {
  auto s = ok("HTTP://example.com/shop/products/01/4006381333931/10/A%2FB%25?3103=000500#top");
  EXPECT_EQ(s.gtin(), "04006381333931");  // GTIN-13 in the path padded to 14
  EXPECT_EQ(s.lot(), "A/B%");
  ASSERT_TRUE(s.measure("310"));
  EXPECT_EQ(s.measure("310")->text(), "0.500");
}

TEST(Gs1Forms, DigitalLinkInPlainQrAimAndOtherKeys) {
  auto s = ok("]Q1https://id.example/00/106141412345678908");
  EXPECT_EQ(s.symbology, Gs1Symbology::qr);
  EXPECT_EQ(s.sscc(), "106141412345678908");
  auto g = ok("https://d.example/414/0614141000005/254/A1");
  EXPECT_EQ(g.gln_location(), "0614141000005");
  EXPECT_EQ(g.value("254"), "A1");
  auto r = ok("https://d.example/8003/09501101530003SER1");
  EXPECT_EQ(r.grai(), "09501101530003SER1");
}

TEST(Gs1Forms, BareEanUpcDigitsBecomeGtin14) {
  struct Case {
    const char* in;
    Gs1Form form;
    const char* gtin;
  } cases[] = {
      {"4006381333931", Gs1Form::ean13, "04006381333931"},
      {"036000291452", Gs1Form::upca, "00036000291452"},
      {"96385074", Gs1Form::ean8, "00000096385074"},
      {"04252614", Gs1Form::upce, "00042100005264"},
      {"]E04006381333931", Gs1Form::ean13, "04006381333931"},
      {"]E0036000291452", Gs1Form::upca, "00036000291452"},
      {"]E004252614", Gs1Form::upce, "00042100005264"},
      {"]E496385074", Gs1Form::ean8, "00000096385074"},
      // A case's ITF-14, with and without its AIM identifier: not AI 16 or 10.
      {"16901234000013", Gs1Form::itf14, "16901234000013"},
      {"10690123400008", Gs1Form::itf14, "10690123400008"},
      {"]I116901234000013", Gs1Form::itf14, "16901234000013"},
  };
  for (const auto& c : cases) {
    auto s = ok(c.in);
    EXPECT_EQ(s.form, c.form) << c.in;
    EXPECT_EQ(s.gtin(), c.gtin) << c.in;
  }
  EXPECT_EQ(ok("]E04006381333931").symbology, Gs1Symbology::ean_upc);
  EXPECT_EQ(ok("]I116901234000013").symbology, Gs1Symbology::itf14);
  EXPECT_NE(err("]I116901234000014").find("ITF-14 16901234000014: bad check digit, expected 3"), std::string::npos);
  EXPECT_NE(err("]I1169012340000").find("]I1 needs the 14 digits"), std::string::npos);
}

TEST(Gs1Forms, BareDigitsFailingEanUpcCheckAreReadAsPredefinedElementString) {
  // A GS1-128 scanner without AIM identifiers sends (17) alone as 8 digits.
  auto s = ok("17251231");
  EXPECT_EQ(s.form, Gs1Form::element_string);
  EXPECT_EQ(s.expiry(), "2025-12-31");
  // A variable-length AI would swallow a misread EAN-13, so that is an error.
  EXPECT_NE(err("4006381333932").find("EAN-13"), std::string::npos);
}

TEST(Gs1Forms, UpcEExpansionCoversEverySuppressionRule) {
  // Sixth digit 0-2, 3, 4 and 5-9 move the manufacturer/product digits differently.
  auto check = [](std::string upce_body, std::string upca_body) {
    auto cd = [](std::string b) {
      int sum = 0, w = 3;
      for (auto it = b.rbegin(); it != b.rend(); ++it, w = 4 - w) sum += (*it - '0') * w;
      return static_cast<char>('0' + (10 - sum % 10) % 10);
    };
    const char c = cd(upca_body);
    auto s = ok(upce_body + c);
    EXPECT_EQ(s.form, Gs1Form::upce) << upce_body;
    EXPECT_EQ(s.gtin(), "00" + upca_body + c) << upce_body;
  };
  check("0123452", "01220000345");
  check("0123453", "01230000045");
  check("0123454", "01234000005");
  check("0123457", "01234500007");
}

// --- AI groups ---------------------------------------------------------------

TEST(Gs1Ais, KeysWithCheckDigits) {
  auto s = ok("00106141412345678908" "0209501101530003" "3708" + GS + "4100614141000005");
  EXPECT_EQ(s.sscc(), "106141412345678908");
  EXPECT_EQ(s.content_gtin(), "09501101530003");
  EXPECT_EQ(s.count(), 8);
  EXPECT_EQ(s.gln_ship_to(), "0614141000005");
  for (const char* ai : {"411", "412", "413", "414", "415", "416"})
    EXPECT_EQ(ok(std::string(ai) + "9501101530003").elements.at(0).ai, ai);
  EXPECT_EQ(ok("40295011012345678907").value("402"), "95011012345678907");
}

TEST(Gs1Ais, DatesWithDayZeroAndCenturyWindow) {
  auto s = ok("11250200" "13240200" "15991231" "16500101" "17760615");
  EXPECT_EQ(s.find("11")->date->iso(), "2025-02-28");  // DD=00: last day of month
  EXPECT_EQ(s.find("13")->date->iso(), "2024-02-29");  // leap year
  EXPECT_EQ(s.best_before(), "1999-12-31");            // 99 - 26 = 73 >= 51: previous century
  EXPECT_EQ(s.find("16")->date->iso(), "2050-01-01");
  EXPECT_EQ(s.expiry(), "2076-06-15");                 // 76 - 26 = 50: still this century
  EXPECT_EQ(ok("17770615").expiry(), "1977-06-15");   // 51 years ahead: last century
  Gs1ParseOptions late = kOpts;
  late.reference_year = 2098;
  EXPECT_EQ(parse_gs1("17100101", late)->expiry(), "2110-01-01");  // 10 - 98 <= -50: next century
  EXPECT_EQ(ok("12260101").find("12")->title, "DUE DATE");
  EXPECT_EQ(ok("15260101").find("15")->title, "BEST BEFORE");
}

TEST(Gs1Ais, VariableAlphanumericFieldsUpToTheirMaximum) {
  const std::string s20(20, 'Z'), s30(30, 'Y');
  auto s = ok("10" + s20 + GS + "21" + s20 + GS + "400" + s30 + GS + "401" + s30 + GS + "254" +
              s20 + GS + "8004" + s30);
  EXPECT_EQ(s.lot(), s20);
  EXPECT_EQ(s.serial(), s20);
  EXPECT_EQ(s.value("400"), s30);
  EXPECT_EQ(s.value("401"), s30);
  EXPECT_EQ(s.value("254"), s20);
  EXPECT_EQ(s.giai(), s30);
  auto sym = ok("10!\"%&'()*+,-./:" + GS + "21;<=>?_az");
  EXPECT_EQ(sym.lot(), "!\"%&'()*+,-./:");
  EXPECT_EQ(sym.serial(), ";<=>?_az");
}

TEST(Gs1Ais, CountsAreIntegers) {
  auto s = ok("3012345678" + GS + "3799");
  EXPECT_EQ(s.find("30")->count, 12345678);
  EXPECT_EQ(s.count(), 99);  // 37 preferred over 30
}

TEST(Gs1Ais, MeasuresApplyDecimalsAndNameTheUnit) {
  auto s = ok("3103001250" "3300012345" "3202000150" "3612000075");
  const auto* nw = s.find("3103");
  ASSERT_TRUE(nw && nw->measure);
  EXPECT_EQ(nw->title, "NET WEIGHT (kg)");
  EXPECT_EQ(nw->measure->unit, "kg");
  EXPECT_EQ(nw->measure->text(), "1.250");
  EXPECT_DOUBLE_EQ(nw->measure->value(), 1.25);
  EXPECT_EQ(s.find("3300")->measure->text(), "12345");
  EXPECT_EQ(s.find("3300")->measure->quantity, "gross weight");
  EXPECT_EQ(s.find("3202")->measure->unit, "lb");
  EXPECT_EQ(s.find("3612")->measure->unit, "gal (US)");
  EXPECT_EQ(ok("3105000001").find("3105")->measure->text(), "0.00001");
}

TEST(Gs1Ais, GraiChecksTheFourteenDigitKey) {
  auto s = ok("800309501101530003ASSET-9");
  EXPECT_EQ(s.grai(), "09501101530003ASSET-9");
  EXPECT_EQ(ok("800309501101530003").grai(), "09501101530003");
}

TEST(Gs1Ais, PredefinedLengthTableMatchesSpec) {
  for (const char* p :
       {"00", "01", "02", "03", "04", "11", "15", "17", "20", "23", "31", "36", "41"})
    EXPECT_TRUE(gs1_predefined_length(p)) << p;
  for (const char* p : {"05", "10", "21", "22", "24", "30", "37", "40", "80"})
    EXPECT_FALSE(gs1_predefined_length(p)) << p;
}

TEST(Gs1Ais, IdenticalRepeatIsKeptOnce) {
  auto s = ok("10A" + GS + "10A");
  EXPECT_EQ(s.elements.size(), 1u);
}

// --- errors ------------------------------------------------------------------

TEST(Gs1Errors, EachMalformationIsNamedWithItsPlace) {
  struct Case {
    std::string in;
    const char* expect;
  } cases[] = {
      {"", "empty scan"},
      {"0109501101530004", "bad check digit in 09501101530004, expected 3"},
      {"00106141412345678900", "expected 8"},
      {"4100614141000001", "AI 410 at offset 0: bad check digit"},
      {"8003095011015300041", "AI 8003 at offset 0: bad check digit"},
      {"800319501101530003", "filler digit 0"},
      // 14, 18, 19 and 04-09 are unassigned; 90-99 are the internal AIs.
      {"0109501101530003" "1912", "unknown AI 1912... at offset 16"},
      {"(19)1", "unknown AI 19 at offset 0"},
      {"10" + std::string(21, 'A'), "AI 10 at offset 0: value is 21 characters, at most 20"},
      {"400" + std::string(31, 'A'), "at most 30"},
      {"0109501101", "value is 8 characters, exactly 14 required"},
      {"01095011015300A3", "'A' at position 13 of the value, digits required"},
      {"3012A", "'A' at position 3"},
      {"0109501101530003" "17251331", "invalid date 251331: month 13"},
      {"0109501101530003" "17251232", "day 32 does not exist in 2025-12"},
      {"17250230", "day 30 does not exist in 2025-02"},  // bare 8 digits, bad as UPC-E too
      {"0109501101530003" "17250229", "day 29 does not exist in 2025-02"},
      {"0109501101530003" "10", "AI 10 at offset 16 has no value"},
      {"10" + GS + "21A", "AI 10 at offset 0 has no value"},
      {"10AB CD", "' ' at position 3 of the value is outside the GS1 character set 82"},
      {"10AB#", "'#'"},
      {"10AB\x80", "0x80"},
      {"10A" + GS + "10B", "AI 10 at offset 4 repeats with a different value (A then B)"},
      {"3106000001", "decimal point indicator 6"},
      {"]C0ABC", "does not carry GS1 data"},
      {"]C1", "no data after symbology identifier"},
      {"]E4123", "]E4 needs 8 digits"},
      {"4006381333932", "EAN-13 4006381333932: bad check digit, expected 1"},
      {"96385075", "EAN-8 96385075: bad check digit, expected 4"},
      {"]Q1hello", "not GS1 mode"},
      {"https://id.gs1.org/foo/bar", "no GS1 primary key"},
      {"https://id.gs1.org/01/09501101530003/10", "no value"},
      {"https://id.gs1.org/01/09501101530003/21/X/10/Y",
       "AI 10 in URI path segment 5 is not a qualifier"},
      {"https://id.gs1.org/01/09501101530003?17=251332", "AI 17 in URI query: invalid date"},
      {"https://id.gs1.org/01/09501101530003/10/A%2", "bad percent-encoding"},
      {"https://id.gs1.org/01/09501101530003/10/A%20B", "' ' at position 2"},
      {"https://id.gs1.org/01/09501101530003?10=A&10=B", "repeats with a different value"},
      {"https://id.gs1.org/01/09501101530003?19=1", "unknown AI 19 in URI query"},
      {"(01)0950110153000", "value is 13 characters"},
      {"01x", "value is 1 characters, exactly 14"},
      {"x", "expected an AI (digits) at offset 0, found 'x'"},
      {GS, "no GS1 element"},
  };
  for (const auto& c : cases) {
    const std::string reason = err(c.in);
    EXPECT_NE(reason.find(c.expect), std::string::npos)
        << "input: " << c.in << "\nreason: " << reason << "\nexpected to contain: " << c.expect;
  }
}

// The error classes a scan can fall into, one scan per class and AI group, as
// a clerk's scanner would deliver them (AIM prefix on, FNC1 as GS).
TEST(Gs1Errors, EachClassForScannerDeliveredLabels) {
  struct Case {
    std::string in;
    const char* expect;
  } cases[] = {
      // bad check digit: GTIN, SSCC, GLN
      {"]C10109501101530004" "10A", "AI 01 at offset 3: bad check digit in 09501101530004, expected 3"},
      {"]C100106141412345678900", "AI 00 at offset 3: bad check digit"},
      {"]C1" "4140614141000006", "AI 414 at offset 3: bad check digit"},
      // unknown AI
      {"]d20109501101530003" "1812", "unknown AI 1812... at offset 19"},
      // field too long: lot (20), serial (20), order number (30), GIAI (30)
      {"]C110" + std::string(21, 'L'), "AI 10 at offset 3: value is 21 characters, at most 20 allowed"},
      {"]C121" + std::string(21, 'S'), "AI 21 at offset 3: value is 21 characters, at most 20"},
      {"]C1401" + std::string(31, 'O'), "AI 401 at offset 3: value is 31 characters, at most 30"},
      {"]C18004" + std::string(31, 'G'), "AI 8004 at offset 3: value is 31 characters, at most 30"},
      // invalid date: production, packaging, best before, expiry
      {"]C1" "11251301", "AI 11 at offset 3: invalid date 251301: month 13 does not exist"},
      {"]C1" "13250431", "AI 13 at offset 3: invalid date 250431: day 31 does not exist in 2025-04"},
      {"]C1" "15250230", "day 30 does not exist in 2025-02"},
      {"]C10109501101530003" "17260229", "AI 17 at offset 19: invalid date 260229: day 29 does not exist in 2026-02"},
      // truncated: a fixed-length value cut short, an AI with nothing after it
      {"]C101095011015300031725", "AI 17 at offset 19: value is 2 characters, exactly 6 required"},
      {"]C100106141412345", "AI 00 at offset 3: value is 12 characters, exactly 18 required"},
      {"]C1" "3103001", "AI 3103 at offset 3: value is 3 characters, exactly 6 required"},
      {"]C10109501101530003" "37", "AI 37 at offset 19 has no value"},
      {"]C10109501101530003" "1", "unknown AI 1... at offset 19"},
  };
  for (const auto& c : cases) {
    const std::string reason = err(c.in);
    EXPECT_NE(reason.find(c.expect), std::string::npos)
        << "input: " << c.in << "\nreason: " << reason << "\nexpected to contain: " << c.expect;
  }
}

TEST(Gs1Errors, OffsetsCountTheAimPrefix) {
  EXPECT_NE(err("]C10109501101530003" "17251231" "10" + GS).find("AI 10 at offset 27 has no value"),
            std::string::npos);
}

// --- robustness --------------------------------------------------------------

TEST(Gs1Robustness, RandomAndMutatedInputsNeverCrashAndAlwaysExplain) {
  std::mt19937 rng(20261124);
  const std::vector<std::string> seeds = {
      "]C10109501101530003172512311012" + GS + "21S1",
      "(01)09501101530003(17)251231(10)ABC(3103)001250",
      "https://id.gs1.org/01/09501101530003/10/A%2FB?17=251231&3103=000500",
      "00106141412345678908" "3708" + GS + "4100614141000005" "800309501101530003X",
      "]E004252614",
      "4006381333931",
  };
  const std::string alphabet = std::string("0123456789()/%?&=]:.-ABCdEQe#~ \x80\xFF") + GS;
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  int failures = 0;
  for (int i = 0; i < 100000; ++i) {
    std::string in;
    if (i % 2 == 0) {
      const std::size_t len = pick(40);
      for (std::size_t k = 0; k < len; ++k) in += alphabet[pick(alphabet.size())];
    } else {
      in = seeds[pick(seeds.size())];
      const std::size_t edits = 1 + pick(4);
      for (std::size_t k = 0; k < edits && !in.empty(); ++k) {
        const std::size_t at = pick(in.size());
        switch (pick(4)) {
          case 0: in[at] = alphabet[pick(alphabet.size())]; break;
          case 1: in.erase(at, 1); break;
          case 2: in.insert(at, 1, alphabet[pick(alphabet.size())]); break;
          default: in.resize(at); break;
        }
      }
    }
    auto r = parse_gs1(in, kOpts);
    if (r.is_ok()) {
      for (const auto& e : r->elements) ASSERT_FALSE(e.ai.empty()) << in;
    } else {
      ++failures;
      ASSERT_EQ(r.status().code(), Errc::invalid_argument) << in;
      ASSERT_FALSE(r.status().reason().empty()) << in;
    }
  }
  EXPECT_GT(failures, 0);
}

}  // namespace
}  // namespace jxc::identifiers
