// Problem details in the language the request prefers: the same refusal in
// English and in Chinese through the real server, Accept-Language as
// browsers send it, and a Chinese title for every code the gateway answers.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "edge/http/problem_text.h"
#include "edge/http/test_api.h"

namespace jxc::http {
namespace {

using inventory::Role;
using testing::curl;
using testing::expect_problem;

TEST(PreferredLanguage, ChineseOnlyWhenTheRequestPrefersIt) {
  EXPECT_EQ(preferred_language(""), Language::en);
  EXPECT_EQ(preferred_language("zh-CN,zh;q=0.9"), Language::zh_CN);
  EXPECT_EQ(preferred_language("zh"), Language::zh_CN);
  EXPECT_EQ(preferred_language("ZH-cn"), Language::zh_CN);
  EXPECT_EQ(preferred_language("en-US,en;q=0.9,zh-CN;q=0.8"), Language::en);
  EXPECT_EQ(preferred_language("en;q=0.5, zh-CN;q=0.8"), Language::zh_CN);
  EXPECT_EQ(preferred_language("fr-FR, de;q=0.9"), Language::en);
  EXPECT_EQ(preferred_language("zh-CN;q=0"), Language::en);
  EXPECT_EQ(preferred_language("zh-CN;q=banana"), Language::en);
  EXPECT_EQ(preferred_language("*"), Language::en);
  EXPECT_EQ(preferred_language("zhx, ,;;q=,"), Language::en);
}

// Every code the gateway answers: the store's (each Errc but ok) and every
// literal code handed to problem() in edge/http. A code added without a
// Chinese title fails here.
std::set<std::string> codes_in_use() {
  std::set<std::string> out;
  for (int c = static_cast<int>(Errc::ok) + 1; c <= static_cast<int>(Errc::internal); ++c)
    out.insert(std::string(errc_name(static_cast<Errc>(c))));
  const std::regex literal(R"re(problem\(\s*\d{3},\s*"([a-z_]+)")re");
  for (const auto& f : std::filesystem::directory_iterator(std::filesystem::path(JXC_SOURCE_DIR_AT_BUILD) / "edge/http")) {
    const std::string name = f.path().filename().string();
    if (f.path().extension() != ".cpp" || name.find("_test") != std::string::npos) continue;
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), literal), end; it != end; ++it) out.insert((*it)[1]);
  }
  return out;
}

TEST(ProblemTitles, EveryCodeInUseHasAChineseAndAnEnglishTitle) {
  auto codes = codes_in_use();
  ASSERT_GT(codes.size(), 40u) << "the scan of edge/http found too few codes";
  for (const auto& code : codes) {
    EXPECT_FALSE(problem_title(code, 400, Language::zh_CN).empty()) << code << " has no Chinese title";
    EXPECT_FALSE(problem_title(code, 400, Language::en).empty()) << code;
  }
  std::set<std::string_view> seen;
  for (auto code : problem_codes()) EXPECT_TRUE(seen.insert(code).second) << code << " is in the table twice";
}

TEST(ProblemTitles, ChineseDetailsNameTheItemAndThePeople) {
  ProblemParts stock{422, "insufficient_stock", "item TEA-500 at A-01 has 10, needs 11",
                     {{"sku", "TEA-500"}, {"name", "龙井茶"}, {"lot", ""}, {"location", "A-01"},
                      {"have", "10"}, {"need", "11"}}};
  EXPECT_EQ(chinese_detail(stock), "龙井茶（TEA-500） 在库位 A-01 只有 10，需要 11，库存不足。");
  ProblemParts eyes{422, "four_eyes", "", {{"subject", "count"}, {"number", "CNT-1"}, {"by", "user:clerk"}}};
  EXPECT_EQ(chinese_detail(eyes), "盘点单 CNT-1 由 user:clerk 参与盘点；须由未参与盘点的另一人审批。");
  ProblemParts over{422, "tolerance_exceeded", "",
                    {{"sku", "TEA-500"}, {"order", "PO-1"}, {"direction", "receive"}, {"after", "12"},
                     {"ordered", "10"}, {"tolerance_pct", "10"}, {"limit", "11"}}};
  EXPECT_EQ(chinese_detail(over), "TEA-500：订单 PO-1 的数量为 10，此次收货后将达到 12，允差 10% 最多允许 11。");
  EXPECT_EQ(chinese_detail({404, "unknown_item", "", {{"key", "NOPE"}}}), "找不到商品 NOPE。");
  ProblemParts away{422, "insufficient_stock", "",
                    {{"sku", "PHONE-1"}, {"serial", "SN-2"}, {"location", "A-01"}, {"lot", ""}}};
  EXPECT_EQ(chinese_detail(away), "PHONE-1 序列号 SN-2 不在库位 A-01 的库存中。");
  ProblemParts twice{409, "conflict", "", {{"sku", "PHONE-1"}, {"serial", "SN-1"}, {"location", "A-02"}}};
  EXPECT_EQ(chinese_detail(twice), "PHONE-1 序列号 SN-1 已在库位 A-02 的库存中，不能重复入库。");
  EXPECT_EQ(chinese_detail({400, "invalid_field", "'qty' must be an integer", {}}), "");
}

class ProblemLanguageTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    receive("TEA-500", 10, "A-01");
    add_user("clerk", Role::operator_, "clerk password");
    config_.http.max_body_bytes = 4096;
    start();
    clerk_ = as(login("clerk", "clerk password"), true);
  }
  testing::Reply issue_too_much(const std::string& accept_language) {
    std::vector<std::string> args = clerk_;
    args.insert(args.end(), {"-X", "POST", "-H", "Content-Type: application/json", "--data-binary",
                             R"({"type":"issue","from":"A-01","post":true,"lines":[{"sku":"TEA-500","qty":11}]})"});
    if (!accept_language.empty()) args.insert(args.end(), {"-H", "Accept-Language: " + accept_language});
    return curl(url("/api/v1/documents"), args);
  }
  std::vector<std::string> clerk_;
};

TEST_F(ProblemLanguageTest, TheSameRefusalInEnglishAndInChinese) {
  auto en = issue_too_much("");
  expect_problem(en, 422, "insufficient_stock");
  EXPECT_EQ(en.json()["title"], "Unprocessable Entity");
  EXPECT_EQ(en.json()["detail"], "line 1: item TEA-500 at A-01 has 10, needs 11");
  EXPECT_EQ(en.header("Content-Language"), "en");

  auto zh = issue_too_much("zh-CN,zh;q=0.9,en;q=0.8");
  expect_problem(zh, 422, "insufficient_stock");
  EXPECT_EQ(zh.json()["title"], "库存不足");
  EXPECT_EQ(zh.json()["detail"], "第 1 行：Green tea 500g（TEA-500） 在库位 A-01 只有 10，需要 11，库存不足。");
  EXPECT_EQ(zh.header("Content-Language"), "zh-CN");

  // An integrator preferring English over Chinese keeps English.
  EXPECT_EQ(issue_too_much("en-US,zh-CN;q=0.5").json()["detail"], "line 1: item TEA-500 at A-01 has 10, needs 11");
}

TEST_F(ProblemLanguageTest, MalformedJsonSaysWhereAndTheRouterAndLimitsSpeakChineseToo) {
  auto broken = curl(url("/api/v1/documents"), {"-X", "POST", "-b", clerk_[1], "-H", clerk_[3], "-H",
                                                "Content-Type: application/json", "-H", "Accept-Language: zh-CN",
                                                "--data-binary", R"({"type": "issue",, })"});
  expect_problem(broken, 400, "malformed_json");
  EXPECT_EQ(broken.json()["detail"], "请求内容不是有效的 JSON（第 18 字节处有误）。") << broken.body;
  auto broken_en = curl(url("/api/v1/documents"), {"-X", "POST", "-b", clerk_[1], "-H", clerk_[3], "-H",
                                                   "Content-Type: application/json", "--data-binary",
                                                   R"({"type": "issue",, })"});
  EXPECT_EQ(broken_en.json()["detail"], "the body is not valid JSON (at byte 18)") << broken_en.body;

  auto nowhere = curl(url("/api/v1/nowhere"), {"-H", "Accept-Language: zh"});
  expect_problem(nowhere, 404, "not_found");
  EXPECT_EQ(nowhere.json()["title"], "找不到资源");
  auto anonymous = curl(url("/api/v1/stock"), {"-H", "Accept-Language: zh-CN"});
  expect_problem(anonymous, 401, "unauthenticated");
  EXPECT_EQ(anonymous.json()["detail"], "请先登录，或提供有效的 API 令牌。");

  // A detail without Chinese words keeps its English and says so.
  auto bad = curl(url("/api/v1/stock?include_zero=7"), {"-b", clerk_[1], "-H", "Accept-Language: zh-CN"});
  expect_problem(bad, 400, "invalid_parameter");
  EXPECT_EQ(bad.json()["title"], "查询参数无效");
  EXPECT_EQ(bad.header("Content-Language"), "zh-CN, en");

  std::string big(5000, ' ');
  auto too_large = curl(url("/api/v1/documents"), {"-X", "POST", "-b", clerk_[1], "-H", clerk_[3], "-H",
                                                   "Content-Type: application/json", "-H", "Accept-Language: zh-CN",
                                                   "--data-binary", big});
  expect_problem(too_large, 413, "body_too_large");
  EXPECT_EQ(too_large.json()["title"], "请求内容过大");
}

}  // namespace
}  // namespace jxc::http
