// The AI table held against the GS1 Barcode Syntax Dictionary: the amount and
// other warehouse AIs with their formats, and every association rule in the
// table with a case that meets it and one that breaks it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edge/identifiers/gs1.h"
#include "edge/identifiers/gs1_internal.h"

namespace jxc::identifiers {
namespace {

using namespace gs1_detail;

const std::string GS = "\x1D";
const Gs1ParseOptions kEnforce{.reference_year = 2026};
// For the format cases: single AIs without the ones they are used with.
const Gs1ParseOptions kValues{.reference_year = 2026, .associations = Gs1Associations::skip};

Gs1Scan ok(std::string_view in, const Gs1ParseOptions& o = kEnforce) {
  auto r = parse_gs1(in, o);
  EXPECT_TRUE(r.is_ok()) << "input: " << in << " -> " << r.status().to_string();
  return r.is_ok() ? r.value() : Gs1Scan{};
}

std::string err(std::string_view in, const Gs1ParseOptions& o = kEnforce) {
  auto r = parse_gs1(in, o);
  EXPECT_FALSE(r.is_ok()) << "input unexpectedly parsed: " << in;
  if (r.is_ok()) return {};
  EXPECT_EQ(r.status().code(), Errc::invalid_argument);
  return r.status().reason();
}

#define EXPECT_HAS(haystack, needle)                                                    \
  do {                                                                                 \
    const std::string hay_ = (haystack);                                               \
    const std::string needle_ = (needle);                                              \
    EXPECT_NE(hay_.find(needle_), std::string::npos) << hay_ << "\nexpected: " << needle_; \
  } while (0)

// --- amounts -----------------------------------------------------------------

TEST(Gs1Amounts, WeighedFreshGoodsLabelCarriesAmountPayable) {
  // GTIN, net weight 1.250 kg, amount payable 12.50 in the local currency.
  auto s = ok("]C1" "0109501101530003" "3103001250" "39221250");
  const auto a = s.amount("392");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->text(), "12.50");
  EXPECT_DOUBLE_EQ(a->value(), 12.5);
  EXPECT_EQ(a->decimals, 2);
  EXPECT_EQ(a->currency, "");
  EXPECT_EQ(s.find("3922")->title, "PRICE");
  EXPECT_EQ(s.measure("310")->text(), "1.250");
}

TEST(Gs1Amounts, AmountPayableWithIsoCurrency) {
  // 393n: ISO 4217 numeric currency first (156: yuan), then the amount.
  auto s = ok("]C1" "0109501101530003" "3103001250" "39321561250" + GS + "10LOT1");
  const auto a = s.amount("393");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->currency, "156");
  EXPECT_EQ(a->text(), "12.50");
  EXPECT_EQ(s.lot(), "LOT1");
  EXPECT_EQ(ok("(01)09501101530003(3103)001250(3930)978125").amount("393")->text(), "125");
  EXPECT_EQ(ok("https://id.gs1.org/01/09501101530003?3103=001250&3933=156012345")
                .amount("393")->text(), "12.345");
}

TEST(Gs1Amounts, PricePerUnitAndAmountsOfPaymentSlips) {
  EXPECT_EQ(ok("(01)09501101530003(3103)001250(3952)001000").amount("395")->text(), "10.00");
  auto slip = ok("(415)0614141000005(8020)INV-1(3902)123456");
  EXPECT_EQ(slip.amount("390")->text(), "1234.56");
  auto eur = ok("(415)0614141000005(8020)INV-1(3912)978123456");
  EXPECT_EQ(eur.amount("391")->currency, "978");
  EXPECT_EQ(eur.amount("391")->text(), "1234.56");
}

TEST(Gs1Amounts, MalformedAmountsAreNamed) {
  const std::string head = "(01)09501101530003(3103)001250";
  EXPECT_HAS(err(head + "(3932)0001250"),
             "AI 3932 at offset 30: currency 000 is not an ISO 4217 currency code");
  EXPECT_HAS(err(head + "(3956)001000"), "AI 3956 at offset 30: decimal point indicator 6");
  EXPECT_HAS(err(head + "(3922)" + std::string(16, '1')), "at most 15 allowed");
  EXPECT_HAS(err(head + "(3922)12A"), "'A' at position 3 of the value, digits required");
  EXPECT_HAS(err(head + "(3932)15"), "value is 2 characters, at least 4 required");
  EXPECT_HAS(err(head + "(3952)1000"), "exactly 6 required");
}

// --- the other AIs added for a warehouse, by format -------------------------

TEST(Gs1Table, WarehouseAisReadWithTheirFormats) {
  const char* good[] = {
      "(03)09501101530003",         "(235)TPX-1",
      "(242)123456",                "(243)PCN-1",
      "(253)9501101530003",         "(253)9501101530003DOC-7",
      "(255)0614141000005123",      "(417)0614141000005",
      "(421)156100000",             "(422)156",
      "(423)156840276",             "(424)156",
      "(425)156",                   "(426)156",
      "(427)SH",                    "(7001)1234567890123",
      "(7002)MEATCUT",              "(7003)2512311430",
      "(7004)1234",                 "(7005)FAO-61",
      "(7006)251201",               "(7007)251201",
      "(7007)251201251215",         "(7008)SAL",
      "(7009)TRAWL",                "(7010)2",
      "(7011)251231",               "(7011)2512311200",
      "(7020)RL-1",                 "(7021)OK",
      "(7022)REV",                  "(7023)ASM-1",
      "(7030)156ABC-123",           "(7039)999ABC",
      "(710)PZN1",                  "(716)AIC1",
      "(7230)EMCERT-1",             "(7240)PROTO",
      "(8005)001250",               "(8006)095011015300030102",
      "(8008)25123114",             "(8008)251231143059",
      "(8009)SENSOR",               "(8012)v1.2",
      "(8020)INV-1",                "(8026)095011015300030202",
      "(8200)https://example.com/p","(90)INTERNAL",
      "(91)ABC",                    "(99)X",
  };
  for (const char* in : good) {
    auto s = ok(in, kValues);
    ASSERT_EQ(s.elements.size(), 1u) << in;
    EXPECT_FALSE(s.elements[0].title.empty()) << in;
  }
  EXPECT_EQ(ok("(7003)2512311430", kValues).find("7003")->date->iso(), "2025-12-31");
  EXPECT_EQ(ok("(8008)25123114", kValues).find("8008")->date->iso(), "2025-12-31");

  struct Bad {
    const char* in;
    const char* expect;
  } bad[] = {
      {"(03)09501101530004", "bad check digit"},
      {"(242)12A", "digits required"},
      {"(253)9501101530004", "bad check digit"},
      {"(255)0614141000005ABC", "'A' at position 14 of the value, digits required"},
      {"(421)000100000", "country 000 is not an ISO 3166 country code"},
      {"(422)157", "country 157 is not an ISO 3166"},
      {"(423)1568", "a list of three-digit country codes required"},
      {"(423)156840276250380826", "at most 15 allowed"},
      {"(7003)2512312430", "hour 24 does not exist"},
      {"(7003)251231", "exactly 10 required"},
      {"(7006)251200", "day 0 does not exist in 2025-12"},
      {"(7007)2512012512", "value is 10 characters, 6 or 12 required"},
      {"(7007)251201251232", "day 32 does not exist"},
      {"(7011)25123112", "6 or 10 required"},
      {"(7030)000ABC", "country 000 is not an ISO 3166"},
      {"(7230)A", "at least 3 required"},
      {"(8006)095011015300030302", "piece 3 of 2 is not a piece of a whole"},
      {"(8006)095011015300040102", "bad check digit"},
      {"(8008)2512311460", "minute 60 does not exist"},
      {"(8008)251231146", "8 or 10 or 12 required"},
      {"(8200)" "a b", "outside the GS1 character set 82"},
  };
  for (const auto& b : bad) EXPECT_HAS(err(b.in, kValues), b.expect);
}

// --- association rules -------------------------------------------------------

TEST(Gs1Associations, RequisitesAndExclusionsOfWholeLabels) {
  // AI 254 extends a GLN: alone it identifies nothing.
  EXPECT_HAS(err("(254)A1"), "AI 254 requires AI 414");
  EXPECT_EQ(ok("(414)0614141000005(254)A1").value("254"), "A1");
  EXPECT_HAS(err("https://d.example/01/09501101530003?254=A1"), "AI 254 requires AI 414");
  // A count of contained items goes with the contained GTIN under an SSCC, never with AI 01.
  EXPECT_HAS(err("]C10109501101530003" "3712"), "AI 01 must not appear together with AI 37");
  EXPECT_EQ(ok("]C100106141412345678908" "0209501101530003" "3712").count(), 12);
  EXPECT_HAS(err("]C10209501101530003" "3712"), "AI 37 requires AI 00");
  // One net weight per item.
  EXPECT_HAS(err("(01)09501101530003(3102)001250(3103)001250"),
             "AI 3102 must not appear together with AI 3103");
  // An amount payable needs the variable measure it prices.
  EXPECT_HAS(err("(01)09501101530003(3922)1250"),
             "AI 3922 requires AI 30, 31nn, 32nn, 35nn or 36nn");
  EXPECT_HAS(err("(3103)001250(3922)1250"), "requires AI 01");
}

TEST(Gs1Associations, LabelsSpreadOverSeveralSymbols) {
  // A logistic label with the GTIN in one symbol and the weight and lot in another.
  const Gs1ParseOptions part{.reference_year = 2026, .associations = Gs1Associations::exclusive_only};
  auto first = ok("]C10109501101530003", part);
  auto second = ok("]C13103001250" "10LOT1", part);
  EXPECT_HAS(err("]C13103001250" "10LOT1"), "requires AI 01");
  std::vector<Gs1Element> all = first.elements;
  all.insert(all.end(), second.elements.begin(), second.elements.end());
  EXPECT_TRUE(gs1_check_associations(all).is_ok());
  EXPECT_HAS(gs1_check_associations(second.elements).reason(), "AI 3103 requires AI 01 or 02");
  // Exclusive pairs are wrong even within one symbol of several.
  EXPECT_HAS(err("]C13102001250" "3103001250", part), "must not appear together");
  // Skipping the rules reads the fragment's values alone.
  EXPECT_EQ(ok("(254)A1", kValues).value("254"), "A1");
}

// Each rule in the table, from the table itself: every requisite group is met
// by each of its AIs and missed without them, and every exclusive AI breaks an
// otherwise valid set.
std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    const auto cut = s.find(sep);
    out.push_back(s.substr(0, cut));
    if (cut == std::string_view::npos) break;
    s.remove_prefix(cut + 1);
  }
  return out;
}

// A concrete AI for a pattern ("31nn" -> "3100"), other than `self`.
std::string concrete(std::string_view pattern, const std::string& self) {
  std::string s(pattern);
  for (char& c : s)
    if (c == 'n') c = '0';
  if (s == self) s.back() = '1';
  return s;
}

Gs1Element el(std::string ai) {
  Gs1Element e;
  e.ai = std::move(ai);
  return e;
}

int check_rules(const std::string& ai, std::string_view req, std::vector<std::string_view> ex) {
  int cases = 0;
  const auto groups = split(req, ' ');
  // The first AI of each group but `skip`.
  auto base = [&](std::size_t skip) {
    std::vector<Gs1Element> v{el(ai)};
    for (std::size_t g = 0; g < groups.size(); ++g)
      if (g != skip) v.push_back(el(concrete(split(groups[g], ',').front(), ai)));
    return v;
  };
  const auto none = groups.size();
  EXPECT_TRUE(check_rules_of(el(ai), base(none), Gs1Associations::enforce).is_ok()) << ai;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (std::string_view alt : split(groups[g], ',')) {
      auto v = base(g);
      v.push_back(el(concrete(alt, ai)));
      EXPECT_TRUE(check_rules_of(v[0], v, Gs1Associations::enforce).is_ok())
          << ai << " with " << alt;
      ++cases;
    }
    const auto v = base(g);
    const Status s = check_rules_of(v[0], v, Gs1Associations::enforce);
    EXPECT_HAS(s.reason(), "AI " + ai + " requires AI " + concrete(split(groups[g], ',').front(), ai));
    EXPECT_TRUE(check_rules_of(v[0], v, Gs1Associations::exclusive_only).is_ok()) << ai;
    ++cases;
  }
  for (std::string_view p : ex) {
    auto v = base(none);
    const std::string other = concrete(p, ai);
    v.push_back(el(other));
    const Status s = check_rules_of(v[0], v, Gs1Associations::exclusive_only);
    EXPECT_HAS(s.reason(), "AI " + ai + " must not appear together with AI " + other);
    ++cases;
  }
  return cases;
}

TEST(Gs1Associations, EveryRuleInTheTableHasAPassingAndAFailingCase) {
  int cases = 0;
  for (const AiDef& d : ai_table()) {
    std::string ai(d.ai);
    if (ai.back() == 'n') ai.back() = '1';
    cases += check_rules(ai, d.req, d.ex.empty() ? std::vector<std::string_view>{} : split(d.ex, ','));
  }
  for (const MeasureDef& m : measure_table()) {
    const std::string family = std::string(m.prefix) + "n";
    cases += check_rules(std::string(m.prefix) + "3", m.req, {family});
  }
  // Over 50 measure families and a hundred other AIs: hundreds of rules.
  EXPECT_GT(cases, 300);
}

TEST(Gs1Associations, TableSpotChecksAgainstTheSyntaxDictionary) {
  auto rules = [](std::string_view ai) {
    for (const AiDef& d : ai_table())
      if (d.ai == ai) return std::string(d.req) + " | " + std::string(d.ex);
    return std::string("missing");
  };
  EXPECT_EQ(rules("254"), "414 | ");
  EXPECT_EQ(rules("01"), " | 255,37");
  EXPECT_EQ(rules("37"), "00 02,8026 | ");
  EXPECT_EQ(rules("392n"), "01 30,31nn,32nn,35nn,36nn | 392n,393n");
  EXPECT_EQ(rules("393n"), "30,31nn,32nn,35nn,36nn | 393n");
  EXPECT_EQ(rules("8026"), "37 | 02,8006");
  EXPECT_EQ(gs1_ai_title("3925"), "PRICE");
  EXPECT_EQ(gs1_ai_title("7031"), "PROCESSOR");
  EXPECT_EQ(gs1_ai_title("19"), "");
}

}  // namespace
}  // namespace jxc::identifiers
