#include "edge/http/header_values.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace jxc::http {
namespace {

TEST(WeightedList, EntriesWithTheirQValuesEmptyOnesLeftOut) {
  std::vector<std::pair<std::string_view, double>> got;
  for (const auto& e : weighted_list(" gzip;q=0.5 ,, br , deflate;level=1;q=0, x;q=2 ")) got.emplace_back(e.value, e.q);
  // q above 1 is malformed: -1.
  const std::vector<std::pair<std::string_view, double>> want = {{"gzip", 0.5}, {"br", 1}, {"deflate", 0}, {"x", -1}};
  EXPECT_EQ(got, want);
  EXPECT_TRUE(weighted_list("").empty());
}

TEST(AcceptsGzip, ByItsQValueElseByTheWildcard) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.001"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_TRUE(accepts_gzip("deflate, *"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("deflate, br"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.000, *"));
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0, *;q=1")) << "gzip named: its own q counts";
  EXPECT_TRUE(accepts_gzip("*;q=0, gzip")) << "gzip named: its own q counts";
  EXPECT_FALSE(accepts_gzip("gzipx, xgzip"));
  EXPECT_FALSE(accepts_gzip("gzip;q=banana"));
}

TEST(NamesEtag, ATagOfTheListOrTheWildcardWeakOrNot) {
  const std::string_view tag = "\"0123456789abcdef\"";
  EXPECT_TRUE(names_etag("\"0123456789abcdef\"", tag));
  EXPECT_TRUE(names_etag("W/\"0123456789abcdef\"", tag));
  EXPECT_TRUE(names_etag("\"aaaa\", \"0123456789abcdef\"", tag));
  EXPECT_TRUE(names_etag("\"a,b\",W/\"0123456789abcdef\"", tag)) << "a comma inside a tag is part of it";
  EXPECT_TRUE(names_etag("*", tag));
  EXPECT_FALSE(names_etag("", tag));
  EXPECT_FALSE(names_etag("\"0123456789abcde\"", tag));
  EXPECT_FALSE(names_etag("0123456789abcdef", tag)) << "unquoted";
  EXPECT_FALSE(names_etag("\"0123456789abcdef", tag)) << "unclosed";
  EXPECT_FALSE(names_etag("\"0123456789abcdef-gzip\"", tag));
  EXPECT_FALSE(names_etag("garbage, \"x\"", tag));
  EXPECT_TRUE(names_etag("garbage, \"0123456789abcdef\"", tag));
}

}  // namespace
}  // namespace jxc::http
