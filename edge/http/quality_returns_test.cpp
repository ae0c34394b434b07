// Quality inspection and returns through the real server: a receipt's lines
// with their inspection results, shown with the quarantine bin they went to;
// a customer return against its issue with a disposition, shown with what it
// references; the refusals of a body that does not fit (400) and of a return
// of more than went out and an issue from quarantine (409).
#include <gtest/gtest.h>

#include "edge/http/test_api.h"

namespace jxc::http {
namespace {

using inventory::Role;
using nlohmann::json;
using testing::curl;
using testing::expect_problem;
using testing::Reply;

class QualityApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    seed_quarantine();
    receive("TEA-500", 10, "A-01");
    add_user("clerk", Role::operator_, "clerk password");
    start();
    clerk_ = {"-H", "Authorization: Bearer " + token_for("clerk")};
  }
  Reply post(const std::string& body) {
    std::vector<std::string> args = {"-X", "POST", "-H", "Content-Type: application/json", "--data-binary", body};
    args.insert(args.end(), clerk_.begin(), clerk_.end());
    return curl(url("/api/v1/documents"), args);
  }
  json get(const std::string& path) {
    auto r = curl(url(path), clerk_);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json();
  }
  std::vector<std::string> clerk_;
};

TEST_F(QualityApiTest, AnInspectedReceiptShowsWhereEachLineWent) {
  auto r = post(R"({"type":"receipt","to":"A-02","post":true,"lines":[)"
                R"({"sku":"RICE-5","qty":5,"inspection":"accepted"},)"
                R"({"sku":"RICE-5","qty":2,"inspection":"quarantine"},)"
                R"({"sku":"CUP-S","qty":9,"inspection":"rejected"},{"sku":"TEA-500","qty":1}]})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto shown = get("/api/v1/documents/" + r.json()["number"].get<std::string>());
  ASSERT_EQ(shown["lines"].size(), 4u) << shown.dump();
  EXPECT_EQ(shown["lines"][0]["inspection"], "accepted");
  EXPECT_EQ(shown["lines"][0]["to"], "A-02");
  EXPECT_EQ(shown["lines"][1]["inspection"], "quarantine");
  EXPECT_EQ(shown["lines"][1]["to"], "Q-01");
  EXPECT_EQ(shown["lines"][2]["inspection"], "rejected");
  EXPECT_EQ(shown["lines"][2]["to"], "Q-01");
  EXPECT_TRUE(shown["lines"][3]["inspection"].is_null());
  EXPECT_TRUE(shown["ref_document"].is_null());
  EXPECT_EQ(on_hand("CUP-S", "Q-01"), 9);

  // Held goods are not issued.
  auto held = post(R"({"type":"issue","from":"Q-01","post":true,"lines":[{"sku":"CUP-S","qty":1}]})");
  EXPECT_EQ(held.status, 409) << held.body;
  EXPECT_NE(held.body.find("quarantine bin"), std::string::npos) << held.body;

  auto bad = post(R"({"type":"receipt","to":"A-02","lines":[{"sku":"RICE-5","qty":1,"inspection":"ok"}]})");
  expect_problem(bad, 400, "invalid_field");
  EXPECT_NE(bad.body.find("accepted, quarantine, rejected"), std::string::npos) << bad.body;
  auto misplaced = post(R"({"type":"transfer","from":"A-01","to":"A-02","lines":[{"sku":"TEA-500","qty":1,)"
                        R"("inspection":"accepted"}]})");
  expect_problem(misplaced, 400, "invalid_field");
  expect_consistent();
}

TEST_F(QualityApiTest, ACustomerReturnReferencesItsIssueAndLine) {
  auto issued = post(R"({"type":"issue","from":"A-01","post":true,"lines":[{"sku":"TEA-500","qty":4}]})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string issue = issued.json()["number"];
  auto ret = post(R"({"type":"customer_return","to":"A-02","post":true,"reason":"wrong colour","ref_document":")" +
                  issue + R"(","lines":[{"sku":"TEA-500","qty":1,"ref_line":1,"disposition":"quarantine"}]})");
  ASSERT_EQ(ret.status, 201) << ret.body;
  auto shown = get("/api/v1/documents/" + ret.json()["number"].get<std::string>());
  EXPECT_EQ(shown["ref_document"], issue);
  EXPECT_EQ(shown["reason"], "wrong colour");
  EXPECT_EQ(shown["lines"][0]["ref_line"], 1);
  EXPECT_EQ(shown["lines"][0]["disposition"], "quarantine");
  EXPECT_EQ(shown["lines"][0]["to"], "Q-01");

  auto over = post(R"({"type":"customer_return","to":"A-02","post":true,"ref_document":")" + issue +
                   R"(","lines":[{"sku":"TEA-500","qty":4,"ref_line":1,"disposition":"restock"}]})");
  EXPECT_EQ(over.status, 409) << over.body;
  EXPECT_NE(over.body.find("1 came back before"), std::string::npos) << over.body;

  auto stray = post(R"({"type":"issue","from":"A-01","ref_document":")" + issue +
                    R"(","lines":[{"sku":"TEA-500","qty":1}]})");
  expect_problem(stray, 400, "invalid_field");
  auto bad_disp = post(R"({"type":"customer_return","to":"A-02","ref_document":")" + issue +
                       R"(","lines":[{"sku":"TEA-500","qty":1,"disposition":"bin"}]})");
  expect_problem(bad_disp, 400, "invalid_field");
  auto bad_ref = post(R"({"type":"supplier_return","from":"A-01","lines":[{"sku":"TEA-500","qty":1,"ref_line":0}]})");
  expect_problem(bad_ref, 400, "invalid_field");
  expect_consistent();
}

}  // namespace
}  // namespace jxc::http
