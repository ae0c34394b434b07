// Serial numbers through the real server: a serial-tracked item's lines
// carry their serials in and out, refusals name the serial, and a serial and
// an item's serials are read back.
#include <gtest/gtest.h>

#include "edge/http/test_api.h"

namespace jxc::http {
namespace {

using inventory::Role;
using nlohmann::json;
using testing::curl;
using testing::expect_problem;
using testing::Reply;

class SerialsApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    seed_serial_items();
    add_user("clerk", Role::operator_, "clerk password");
    add_user("boss", Role::manager, "boss password");
    add_user("chief", Role::manager, "chief password");
    start();
    clerk_ = {"-H", "Authorization: Bearer " + token_for("clerk")};
    boss_ = {"-H", "Authorization: Bearer " + token_for("boss")};
    chief_ = {"-H", "Authorization: Bearer " + token_for("chief")};
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
  Reply call(const std::string& method, const std::string& path, const std::vector<std::string>& auth,
             const std::string& body = "") {
    std::vector<std::string> args = {"-X", method};
    if (!body.empty()) args.insert(args.end(), {"-H", "Content-Type: application/json", "--data-binary", body});
    args.insert(args.end(), auth.begin(), auth.end());
    return curl(url(path), args);
  }
  std::vector<std::string> clerk_, boss_, chief_;
};

TEST_F(SerialsApiTest, LinesCarryTheirSerialsAndTheSerialsAreReadBack) {
  auto in = post(R"({"type":"receipt","to":"A-01","post":true,"lines":[)"
                 R"({"sku":"PHONE-1","qty":3,"serials":["SN-1","SN-2","SN-3"]}]})");
  ASSERT_EQ(in.status, 201) << in.body;
  auto out = post(R"({"type":"issue","from":"A-01","post":true,"lines":[{"sku":"PHONE-1","qty":1,"serials":["SN-2"]}]})");
  ASSERT_EQ(out.status, 201) << out.body;
  const std::string issued = out.json()["number"];

  auto doc = get("/api/v1/documents/" + issued);
  EXPECT_EQ(doc["lines"][0]["serials"], json({"SN-2"}));
  EXPECT_TRUE(get("/api/v1/items/PHONE-1")["serial_tracked"].get<bool>());
  EXPECT_FALSE(get("/api/v1/items/TEA-500")["serial_tracked"].get<bool>());

  auto sn2 = get("/api/v1/items/PHONE-1/serials/SN-2");
  EXPECT_EQ(sn2["status"], "shipped");
  EXPECT_EQ(sn2["location"], "@CUSTOMER");
  EXPECT_EQ(sn2["document"], issued);
  ASSERT_EQ(sn2["history"].size(), 2u);
  EXPECT_EQ(sn2["history"][0]["type"], "receipt");
  EXPECT_EQ(sn2["history"][1]["to"], "@CUSTOMER");

  auto page = get("/api/v1/items/PHONE-1/serials?location=A");
  ASSERT_EQ(page["serials"].size(), 2u);
  EXPECT_EQ(page["serials"][0]["serial"], "SN-1");
  EXPECT_EQ(page["serials"][1]["serial"], "SN-3");
  EXPECT_TRUE(page["next_after"].is_null());
  auto first = get("/api/v1/items/PHONE-1/serials?status=any&limit=2");
  ASSERT_EQ(first["serials"].size(), 2u);
  EXPECT_EQ(first["next_after"], "SN-2");
  auto rest = get("/api/v1/items/PHONE-1/serials?status=any&after=SN-2");
  ASSERT_EQ(rest["serials"].size(), 1u);
  EXPECT_EQ(rest["serials"][0]["serial"], "SN-3");
  expect_consistent();
}

TEST_F(SerialsApiTest, RefusalsNameTheSerial) {
  ASSERT_EQ(post(R"({"type":"receipt","to":"A-01","post":true,"lines":[{"sku":"PHONE-1","qty":1,"serials":["SN-1"]}]})")
                .status,
            201);
  auto twice = post(R"({"type":"receipt","to":"A-02","post":true,"lines":[{"sku":"PHONE-1","qty":1,"serials":["SN-1"]}]})");
  expect_problem(twice, 409, "conflict");
  EXPECT_NE(twice.body.find("already in stock at A-01"), std::string::npos) << twice.body;
  auto away = post(R"({"type":"issue","from":"A-02","post":true,"lines":[{"sku":"PHONE-1","qty":1,"serials":["SN-1"]}]})");
  expect_problem(away, 422, "insufficient_stock");
  EXPECT_NE(away.body.find("is at A-01, not in stock at A-02"), std::string::npos) << away.body;
  expect_problem(post(R"({"type":"receipt","to":"A-01","post":true,"lines":[{"sku":"PHONE-1","qty":1}]})"), 400,
                 "invalid_argument");
  expect_problem(post(R"({"type":"receipt","to":"A-01","lines":[{"sku":"PHONE-1","qty":1,"serials":"SN-9"}]})"), 400,
                 "invalid_field");
  expect_problem(curl(url("/api/v1/items/PHONE-1/serials/SN-404"), clerk_), 404, "unknown_item");
  expect_problem(curl(url("/api/v1/items/NOPE/serials"), clerk_), 404, "unknown_item");
  expect_problem(curl(url("/api/v1/items/PHONE-1/serials?status=lost"), clerk_), 400, "invalid_parameter");
  expect_problem(curl(url("/api/v1/items/PHONE-1/serials?location=NOWHERE"), clerk_), 404, "unknown_location");
  expect_problem(curl(url("/api/v1/items/PHONE-1/serials")), 401, "unauthenticated");
}

// A pass held for review is put right by a manager naming the units read,
// and released by another: the serials are booked as edited.
TEST_F(SerialsApiTest, AHeldDocumentsLinesAreEditedWithTheirSerials) {
  inventory::DocumentRequest held;
  held.type = inventory::DocType::receipt;
  held.to = "A-01";
  held.source = "door-1";
  held.hold_exceptions = true;
  held.exceptions = {"unexpected tag E2801160600002040000100A: no item or location carries this RFID tag"};
  held.lines = {inventory::testing::serial_line("PHONE-1", {"SN-1"})};
  auto doc = engine_->post(held);
  ASSERT_TRUE(doc.is_ok()) << doc.status().to_string();
  ASSERT_TRUE(doc->needs_review);
  const std::string path = "/api/v1/inbox/documents/" + doc->number;
  expect_problem(call("PUT", path + "/lines", boss_, R"({"lines":[{"sku":"PHONE-1","qty":2}]})"), 400,
                 "invalid_argument");
  auto edited = call("PUT", path + "/lines", boss_, R"({"lines":[{"sku":"PHONE-1","qty":2,"serials":["SN-1","SN-4"]}]})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(get("/api/v1/documents/" + doc->number)["lines"][0]["serials"], json({"SN-1", "SN-4"}));
  auto released = call("POST", path + "/release", chief_);
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(get("/api/v1/items/PHONE-1/serials/SN-4")["location"], "A-01");
  expect_consistent();
}

// A bin counted by serial through the API: the clerk names the units found,
// the report names the unit missing and the one found, and the approval by a
// manager writes off the one and books in the other.
TEST_F(SerialsApiTest, ACountBySerialNamesTheUnitsThatDifferAndTheApprovalBooksThem) {
  ASSERT_EQ(post(R"({"type":"receipt","to":"A-01","post":true,"lines":[)"
                 R"({"sku":"PHONE-1","qty":2,"serials":["SN-1","SN-2"]}]})")
                .status,
            201);
  auto opened = call("POST", "/api/v1/counts", boss_, R"({"locations":["A-01"]})");
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::string number = opened.json()["number"];
  const std::string lines = "/api/v1/counts/" + number + "/lines";
  expect_problem(call("POST", lines, clerk_, R"({"bin":"A-01","sku":"PHONE-1","qty":2})"), 400, "invalid_argument");
  expect_problem(call("POST", lines, clerk_, R"({"bin":"A-01","sku":"PHONE-1","qty":2,"serials":["SN-1"]})"), 400,
                 "invalid_argument");
  expect_problem(call("POST", lines, clerk_, R"({"bin":"A-01","sku":"PHONE-1","qty":1,"serials":"SN-1"})"), 400,
                 "invalid_field");
  auto counted = call("POST", lines, clerk_, R"({"bin":"A-01","sku":"PHONE-1","qty":2,"serials":["SN-7","SN-1"]})");
  ASSERT_EQ(counted.status, 201) << counted.body;
  EXPECT_EQ(counted.json()["serials"], json({"SN-7", "SN-1"}));

  auto report = get("/api/v1/counts/" + number);
  ASSERT_EQ(report["lines"].size(), 1u) << report.dump();
  EXPECT_EQ(report["lines"][0]["variance"], 0);
  EXPECT_EQ(report["lines"][0]["serials_found"], json({"SN-7"}));
  EXPECT_EQ(report["lines"][0]["serials_missing"], json({"SN-2"}));
  EXPECT_EQ(report["lines"][0]["serials_unknown"], false);
  ASSERT_EQ(call("POST", "/api/v1/counts/" + number + "/submit", clerk_).status, 200);
  auto approved = call("POST", "/api/v1/counts/" + number + "/approve", boss_);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(get("/api/v1/items/PHONE-1/serials/SN-7")["location"], "A-01");
  EXPECT_EQ(get("/api/v1/items/PHONE-1/serials/SN-2")["status"], "written_off");
  expect_consistent();
}

}  // namespace
}  // namespace jxc::http
