// Stock counts through the real server: a count opened, counted line by line
// (by SKU or a scanned label), submitted, recounted, reopened and approved;
// the roles, the four-eyes rule, blind counts, and the refusals. The
// end-to-end test follows one count into the stock, the outbox and the audit
// trail.
#include <gtest/gtest.h>

#include "edge/http/test_api.h"
#include "edge/inventory/outbox.h"

namespace jxc::http {
namespace {

using inventory::Role;
using nlohmann::json;
using testing::curl;
using testing::expect_problem;
using testing::Reply;

class CountsApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    receive("TEA-500", 10, "A-01");
    receive("RICE-5", 5, "A-02");
    add_user("clerk", Role::operator_, "clerk password");
    add_user("boss", Role::manager, "boss password");
    add_user("boss2", Role::manager, "boss2 password");
  }
  void start_as_users() {
    start();
    clerk_ = bearer(token_for("clerk"));
    boss_ = bearer(token_for("boss"));
    boss2_ = bearer(token_for("boss2"));
  }
  static std::vector<std::string> bearer(const std::string& token) { return {"-H", "Authorization: Bearer " + token}; }
  Reply post(const std::string& path, const std::vector<std::string>& who, const json& body = nullptr) {
    std::vector<std::string> args = who;
    args.insert(args.end(), {"-X", "POST"});
    if (!body.is_null()) args.insert(args.end(), {"-H", "Content-Type: application/json", "--data-binary", body.dump()});
    return curl(url(path), args);
  }
  Reply get(const std::string& path, const std::vector<std::string>& who) { return curl(url(path), who); }
  /// Opens a count as `who` and returns its number.
  std::string open(const json& body, const std::vector<std::string>& who) {
    auto r = post("/api/v1/counts", who, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("number", "");
  }
  Reply line(const std::string& count, const std::vector<std::string>& who, const json& body) {
    return post("/api/v1/counts/" + count + "/lines", who, body);
  }
  static const json* find_line(const json& report, const std::string& bin, const std::string& sku) {
    for (const auto& l : report["lines"])
      if (l["bin"] == bin && l["sku"] == sku) return &l;
    return nullptr;
  }
  std::vector<std::string> clerk_, boss_, boss2_;
};

TEST_F(CountsApiTest, AnOperatorCountsABinAManagerApprovesAndStockOutboxAndAuditShowIt) {
  start();
  auto clerk_login = login("clerk", "clerk password");
  auto boss_login = login("boss", "boss password");
  auto clerk = as(clerk_login, true), boss = as(boss_login, true);

  auto opened = post("/api/v1/counts", boss, {{"locations", {"A-01"}}, {"tolerance", 1}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  const std::string number = opened.json()["number"];
  EXPECT_EQ(opened.header("Location"), "/api/v1/counts/" + number);
  EXPECT_EQ(opened.json()["state"], "counting");
  EXPECT_EQ(opened.json()["opened_by"], "user:boss");

  // The clerk scans the tea's GTIN and types what was found: one short.
  auto counted = line(number, clerk, {{"bin", "A-01"}, {"barcode", "6901234567892"}, {"qty", 9}});
  ASSERT_EQ(counted.status, 201) << counted.body;
  EXPECT_EQ(counted.json()["sku"], "TEA-500");
  EXPECT_EQ(counted.json()["name"], "Green tea 500g");
  EXPECT_EQ(counted.json()["counted_by"], "user:clerk");
  auto submitted = post("/api/v1/counts/" + number + "/submit", clerk);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(submitted.json()["state"], "submitted");
  EXPECT_EQ(submitted.json()["submitted_by"], "user:clerk");

  auto approved = post("/api/v1/counts/" + number + "/approve", boss);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["state"], "approved");
  EXPECT_EQ(approved.json()["approved_by"], "user:boss");
  EXPECT_EQ(approved.json()["counters"], json({"user:clerk"}));

  // The adjustment is in stock.
  auto stock = get("/api/v1/stock?sku=TEA-500&location=A-01", as(clerk_login));
  ASSERT_EQ(stock.status, 200) << stock.body;
  ASSERT_EQ(stock.json()["balances"].size(), 1u);
  EXPECT_EQ(stock.json()["balances"][0]["qty"], 9);

  // The outbox carries the approval with the people behind it.
  auto events = inventory::Outbox::peek_after(q(), 0, 1000);
  ASSERT_TRUE(events.is_ok());
  json event;
  for (const auto& e : *events)
    if (e.type == "count.approved") event = json::parse(e.payload);
  ASSERT_FALSE(event.is_null()) << "no count.approved event";
  EXPECT_EQ(event["document"]["number"], number);
  EXPECT_EQ(event["document"]["source"], "user:boss");
  EXPECT_EQ(event["document"]["note"], "counted by user:clerk; approved by user:boss");
  ASSERT_EQ(event["movements"].size(), 1u);
  EXPECT_EQ(event["movements"][0]["source"], "user:boss");
  EXPECT_EQ(event["movements"][0]["from"], "A-01");
  EXPECT_EQ(event["movements"][0]["qty"], 1);

  // The audit trail has every step, each by its person.
  auto audit = get("/api/v1/audit?limit=20", as(boss_login));
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::vector<std::pair<std::string, std::string>> steps;
  const json trail = audit.json();
  for (const auto& e : trail["entries"])
    if (e["target"] == "count:" + number) steps.emplace_back(e["action"], e["actor"]);
  std::vector<std::pair<std::string, std::string>> expected = {{"count.approve", "user:boss"},
                                                               {"count.submit", "user:clerk"},
                                                               {"count.line", "user:clerk"},
                                                               {"count.open", "user:boss"}};
  EXPECT_EQ(steps, expected) << audit.body;
  expect_consistent();
}

TEST_F(CountsApiTest, TheReportNamesItemsAndTheListPages) {
  start_as_users();
  std::string first = open({{"locations", {"A"}}, {"tolerance", 2}}, boss_);
  ASSERT_EQ(line(first, clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 10}}).status, 201);
  ASSERT_EQ(line(first, clerk_, {{"bin", "A-02"}, {"sku", "RICE-5"}, {"qty", 4}}).status, 201);
  auto rep = get("/api/v1/counts/" + first, clerk_);
  ASSERT_EQ(rep.status, 200) << rep.body;
  auto j = rep.json();
  EXPECT_EQ(j["scope"]["bins"], json({"A-01", "A-02", "A-03"}));
  EXPECT_EQ(j["uncounted"], json({"A-03"}));
  EXPECT_EQ(j["progress"], json({{"bins", 3}, {"counted", 2}, {"recounts_requested", 0}}));
  const json* rice = find_line(j, "A-02", "RICE-5");
  ASSERT_NE(rice, nullptr) << j.dump();
  EXPECT_EQ((*rice)["name"], "Rice 5kg");
  EXPECT_EQ((*rice)["book"], 5);
  EXPECT_EQ((*rice)["counted"], 4);
  EXPECT_EQ((*rice)["variance"], -1);
  EXPECT_EQ((*rice)["recount"], false);  // within the tolerance of 2

  // A second count (of chosen items, elsewhere) and paging newest first.
  std::string second = open({{"locations", {"RECV-1"}}, {"items", {"MILK-1"}}}, boss_);
  auto page = get("/api/v1/counts?limit=1", clerk_);
  ASSERT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(page.json()["counts"].size(), 1u);
  EXPECT_EQ(page.json()["counts"][0]["number"], second);
  EXPECT_EQ(page.json()["counts"][0]["scope"]["items"], json::parse(R"([{"sku":"MILK-1","name":"Milk 1L"}])"));
  auto next = get("/api/v1/counts?limit=1&before=" + std::to_string(page.json()["next_before"].get<std::int64_t>()),
                  clerk_);
  ASSERT_EQ(next.json()["counts"].size(), 1u);
  EXPECT_EQ(next.json()["counts"][0]["number"], first);
  EXPECT_EQ(get("/api/v1/counts?state=submitted", clerk_).json()["counts"].size(), 0u);
  EXPECT_EQ(get("/api/v1/counts?state=counting", clerk_).json()["counts"].size(), 2u);
  expect_problem(get("/api/v1/counts?state=done", clerk_), 400, "invalid_parameter");
}

TEST_F(CountsApiTest, RolesAreEnforced) {
  start_as_users();
  expect_problem(get("/api/v1/counts", {}), 401, "unauthenticated");
  expect_problem(post("/api/v1/counts", clerk_, {{"locations", {"A-01"}}}), 403, "forbidden");
  std::string c = open({{"locations", {"A-01"}}}, boss_);
  ASSERT_EQ(line(c, clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 9}}).status, 201);
  expect_problem(post("/api/v1/counts/" + c + "/recount", clerk_), 403, "forbidden");
  ASSERT_EQ(post("/api/v1/counts/" + c + "/submit", clerk_).status, 200);
  expect_problem(post("/api/v1/counts/" + c + "/approve", clerk_), 403, "forbidden");
  expect_problem(post("/api/v1/counts/" + c + "/reopen", clerk_), 403, "forbidden");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
}

TEST_F(CountsApiTest, MissingCountsStateConflictsAndBadBodiesAreProblems) {
  start_as_users();
  expect_problem(get("/api/v1/counts/CNT-NOPE", clerk_), 404, "unknown_document");
  expect_problem(line("CNT-NOPE", clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 1}}), 404, "unknown_document");
  expect_problem(post("/api/v1/counts/CNT-NOPE/approve", boss_), 404, "unknown_document");
  expect_problem(post("/api/v1/counts", boss_, {{"locations", json::array()}}), 400, "invalid_field");
  expect_problem(post("/api/v1/counts", boss_, {{"locations", {"NOWHERE"}}}), 404, "unknown_location");
  expect_problem(post("/api/v1/counts", boss_, {{"locations", {"A-01"}}, {"blind", "yes"}}), 400, "invalid_field");

  std::string c = open({{"locations", {"A-01"}}}, boss_);
  expect_problem(post("/api/v1/counts", boss_, {{"locations", {"A"}}}), 409, "conflict");  // A-01 is being counted
  expect_problem(line(c, clerk_, {{"bin", "A-01"}, {"qty", 1}}), 400, "invalid_field");
  expect_problem(line(c, clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"barcode", "x"}, {"qty", 1}}), 400,
                 "invalid_field");
  expect_problem(line(c, clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", -1}}), 400, "invalid_field");
  expect_problem(line(c, clerk_, {{"bin", "A-01"}, {"sku", "NOPE"}, {"qty", 1}}), 404, "unknown_item");
  expect_problem(line(c, clerk_, {{"bin", "A-01"}, {"barcode", "0000000000000"}, {"qty", 1}}), 404, "unknown_item");
  expect_problem(line(c, clerk_, {{"bin", "A-02"}, {"sku", "TEA-500"}, {"qty", 1}}), 400, "invalid_argument");
  expect_problem(line(c, clerk_, {{"bin", "A-01"}, {"sku", "MILK-1"}, {"qty", 1}}), 400, "invalid_argument");

  ASSERT_EQ(line(c, clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 10}}).status, 201);
  expect_problem(post("/api/v1/counts/" + c + "/approve", boss_), 409, "invalid_state");  // not submitted
  expect_problem(post("/api/v1/counts/" + c + "/reopen", boss_), 409, "invalid_state");   // not submitted
  ASSERT_EQ(post("/api/v1/counts/" + c + "/submit", clerk_).status, 200);
  expect_problem(post("/api/v1/counts/" + c + "/submit", clerk_), 409, "invalid_state");
  expect_problem(line(c, clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 3}}), 409, "invalid_state");
  expect_problem(post("/api/v1/counts/" + c + "/approve", boss_, {{"force", 1}}), 400, "invalid_field");
  ASSERT_EQ(post("/api/v1/counts/" + c + "/approve", boss_).status, 200);
  expect_problem(post("/api/v1/counts/" + c + "/approve", boss_), 409, "invalid_state");
  expect_problem(post("/api/v1/counts/" + c + "/reopen", boss_), 409, "invalid_state");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
}

TEST_F(CountsApiTest, FourEyesRefusesACounterAndAcceptsAnotherManager) {
  start_as_users();
  std::string c = open({{"locations", {"A-01", "A-02"}}}, boss_);
  ASSERT_EQ(line(c, clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 8}}).status, 201);
  ASSERT_EQ(line(c, boss_, {{"bin", "A-02"}, {"sku", "RICE-5"}, {"qty", 5}}).status, 201);  // the manager helped
  ASSERT_EQ(post("/api/v1/counts/" + c + "/submit", clerk_).status, 200);
  auto refused = post("/api/v1/counts/" + c + "/approve", boss_, {{"force", true}});
  expect_problem(refused, 422, "four_eyes");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
  // Signed in instead of by token: still the same person.
  auto boss_session = as(login("boss", "boss password"), true);
  expect_problem(post("/api/v1/counts/" + c + "/approve", boss_session, {{"force", true}}), 422, "four_eyes");
  auto ok = post("/api/v1/counts/" + c + "/approve", boss2_, {{"force", true}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 8);
}

TEST_F(CountsApiTest, WithoutFourEyesACounterMayApprove) {
  inventory::EngineOptions opts;
  opts.four_eyes = false;
  open_engine(opts);
  config_.site.four_eyes = false;
  start_as_users();
  std::string c = open({{"locations", {"A-01"}}}, boss_);
  ASSERT_EQ(line(c, boss_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 11}}).status, 201);
  ASSERT_EQ(post("/api/v1/counts/" + c + "/submit", boss_).status, 200);
  auto ok = post("/api/v1/counts/" + c + "/approve", boss_, {{"force", true}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 11);
}

TEST_F(CountsApiTest, ABlindCountHidesTheBookFromOperatorsUntilApproved) {
  start_as_users();
  std::string c = open({{"locations", {"A-01", "A-02"}}, {"blind", true}}, boss_);
  ASSERT_EQ(line(c, clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 9}}).status, 201);
  ASSERT_EQ(line(c, clerk_, {{"bin", "A-02"}, {"sku", "TEA-500"}, {"qty", 1}}).status, 201);  // no rice seen

  auto seen = get("/api/v1/counts/" + c, clerk_);
  ASSERT_EQ(seen.status, 200) << seen.body;
  auto j = seen.json();
  EXPECT_EQ(j["blind"], true);
  EXPECT_EQ(j["book_shown"], false);
  EXPECT_TRUE(j["variance_value"].is_null());
  ASSERT_EQ(j["lines"].size(), 2u) << j.dump();  // the rice on the book at A-02 is not listed
  for (const auto& l : j["lines"]) {
    EXPECT_TRUE(l["book"].is_null()) << l.dump();
    EXPECT_TRUE(l["variance"].is_null()) << l.dump();
  }
  EXPECT_EQ(find_line(j, "A-02", "RICE-5"), nullptr);

  auto full = get("/api/v1/counts/" + c, boss_).json();
  EXPECT_EQ(full["book_shown"], true);
  const json* tea = find_line(full, "A-01", "TEA-500");
  ASSERT_NE(tea, nullptr);
  EXPECT_EQ((*tea)["book"], 10);
  EXPECT_EQ((*tea)["variance"], -1);
  const json* rice = find_line(full, "A-02", "RICE-5");
  ASSERT_NE(rice, nullptr);
  EXPECT_EQ((*rice)["book"], 5);
  EXPECT_EQ((*rice)["counted"], 0);

  ASSERT_EQ(post("/api/v1/counts/" + c + "/submit", clerk_).status, 200);
  ASSERT_EQ(post("/api/v1/counts/" + c + "/approve", boss_, {{"force", true}}).status, 200);
  auto after = get("/api/v1/counts/" + c, clerk_).json();
  EXPECT_EQ(after["book_shown"], true);
  EXPECT_EQ(find_line(after, "A-01", "TEA-500")->at("book"), 10);
}

TEST_F(CountsApiTest, AManagerAsksForARecountAndTheSecondRoundDecides) {
  start_as_users();
  std::string c = open({{"locations", {"A-01", "A-02"}}}, boss_);
  ASSERT_EQ(line(c, clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 9}}).status, 201);
  ASSERT_EQ(line(c, clerk_, {{"bin", "A-02"}, {"sku", "RICE-5"}, {"qty", 5}}).status, 201);
  ASSERT_EQ(post("/api/v1/counts/" + c + "/submit", clerk_).status, 200);

  auto asked = post("/api/v1/counts/" + c + "/recount", boss_);
  ASSERT_EQ(asked.status, 200) << asked.body;
  auto j = asked.json();
  EXPECT_EQ(j["state"], "counting");
  EXPECT_EQ(j["recount_requested"], json({"A-01"}));  // the only bin with a variance
  EXPECT_EQ(j["progress"]["recounts_requested"], 1);
  EXPECT_EQ(find_line(j, "A-01", "TEA-500")->at("recount"), true);

  // The recount finds all ten: a new round replaces the first.
  auto again = line(c, clerk_, {{"bin", "A-01"}, {"sku", "TEA-500"}, {"qty", 10}});
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["round"], 2);
  ASSERT_EQ(post("/api/v1/counts/" + c + "/submit", clerk_).status, 200);
  auto report = get("/api/v1/counts/" + c, boss_).json();
  EXPECT_EQ(report["recount_requested"], json::array());
  EXPECT_EQ(find_line(report, "A-01", "TEA-500")->at("variance"), 0);
  expect_problem(post("/api/v1/counts/" + c + "/recount", boss_), 409, "invalid_state");  // nothing differs
  expect_problem(post("/api/v1/counts/" + c + "/recount", boss_, {{"bins", {"A-03"}}}), 400, "invalid_argument");

  // Reopened for one more look, then approved without force.
  auto reopened = post("/api/v1/counts/" + c + "/reopen", boss_);
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.json()["state"], "counting");
  ASSERT_EQ(post("/api/v1/counts/" + c + "/submit", clerk_).status, 200);
  auto ok = post("/api/v1/counts/" + c + "/approve", boss2_);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
  auto audit = get("/api/v1/audit?action=count.recount", boss_).json();
  ASSERT_EQ(audit["entries"].size(), 1u);
  EXPECT_EQ(audit["entries"][0]["detail"], "A-01");
}

}  // namespace
}  // namespace jxc::http
