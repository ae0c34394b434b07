// Documents, expected receipts and pick lists through the real server:
// each operation's happy path, the roles, the refusals by class (400, 403,
// 404, 409, 422), the audit entry of every write, and a retried write with an
// Idempotency-Key booking once.
#include <gtest/gtest.h>

#include "edge/http/test_api.h"
#include "edge/inventory/audit_records.h"

namespace jxc::http {
namespace {

using inventory::Role;
using nlohmann::json;
using testing::curl;
using testing::expect_problem;
using testing::Reply;

class DocumentsApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    receive("TEA-500", 10, "A-01");
    add_user("clerk", Role::operator_, "clerk password");
    add_user("clerk2", Role::operator_, "clerk2 password");
    add_user("boss", Role::manager, "boss password");
    start();
    clerk_ = bearer(token_for("clerk"));
    clerk2_ = bearer(token_for("clerk2"));
    boss_ = bearer(token_for("boss"));
  }
  static std::vector<std::string> bearer(const std::string& token) {
    return {"-H", "Authorization: Bearer " + token};
  }
  Reply post(const std::string& path, const std::string& body, std::vector<std::string> auth,
             const std::string& key = "") {
    std::vector<std::string> args = {"-X", "POST"};
    if (!body.empty()) args.insert(args.end(), {"-H", "Content-Type: application/json", "--data-binary", body});
    if (!key.empty()) args.insert(args.end(), {"-H", "Idempotency-Key: " + key});
    args.insert(args.end(), auth.begin(), auth.end());
    return curl(url(path), args);
  }
  json get(const std::string& path) {
    auto r = curl(url(path), clerk_);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json();
  }
  /// Creates a draft receipt of `qty` TEA-500 into A-02 as the clerk; its number.
  std::string draft(int qty = 2) {
    auto r = post("/api/v1/documents",
                  R"({"type":"receipt","to":"A-02","lines":[{"sku":"TEA-500","qty":)" + std::to_string(qty) + "}]}",
                  clerk_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("number", "");
  }
  std::vector<inventory::AuditEntry> audit(const std::string& action) {
    inventory::AuditFilter f;
    f.action = action;
    auto r = inventory::audit_entries(q(), f);
    EXPECT_TRUE(r.is_ok());
    return r.is_ok() ? *r : std::vector<inventory::AuditEntry>{};
  }
  std::int64_t count(const std::string& sql) { return *inventory::testing::query_int(q(), sql); }

  std::vector<std::string> clerk_, clerk2_, boss_;
};

const char* kIssue = R"({"type":"issue","from":"A-01","post":true,"lines":[{"sku":"TEA-500","qty":4}]})";

TEST_F(DocumentsApiTest, ADraftIsConfirmedAndPostedAndShowsItsLinesWithNames) {
  auto created = post("/api/v1/documents",
                      R"({"type":"receipt","to":"A-02","note":"dock 2","occurred_at":"2026-11-23T08:15:00+08:00",)"
                      R"("lines":[{"sku":"TEA-500","qty":3},{"sku":"MILK-1","qty":2,"lot":"L7","expiry":"2027-01-31"}]})",
                      clerk_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string number = created.json()["number"];
  EXPECT_EQ(created.header("Location"), "/api/v1/documents/" + number);
  EXPECT_EQ(created.json()["state"], "draft");
  EXPECT_EQ(created.json()["replayed"], false);
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 0);

  auto shown = get("/api/v1/documents/" + number);
  EXPECT_EQ(shown["type"], "receipt");
  EXPECT_EQ(shown["note"], "dock 2");
  EXPECT_EQ(shown["occurred_at"], "2026-11-23T00:15:00.000Z");
  const std::string source = shown["source"];
  EXPECT_TRUE(source.starts_with("token:") && source.ends_with(":clerk")) << source;
  ASSERT_EQ(shown["lines"].size(), 2u);
  EXPECT_EQ(shown["lines"][0]["name"], "Green tea 500g");
  EXPECT_EQ(shown["lines"][1]["name"], "Milk 1L");
  EXPECT_EQ(shown["lines"][1]["lot"], "L7");
  EXPECT_EQ(shown["lines"][1]["expiry"], "2027-01-31");
  EXPECT_TRUE(shown["posted_at"].is_null());
  EXPECT_TRUE(shown["reversed_by"].is_null());

  auto confirmed = post("/api/v1/documents/" + number + "/confirm", "", clerk_);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json()["state"], "confirmed");
  auto posted = post("/api/v1/documents/" + number + "/post", "", clerk_);
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.json()["state"], "posted");
  EXPECT_EQ(posted.json()["movements"], 2);
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 3);
  shown = get("/api/v1/documents/" + number);
  EXPECT_TRUE(shown["posted_at"].is_string());
  ASSERT_EQ(shown["movements"].size(), 2u);
  EXPECT_EQ(shown["movements"][0]["name"], "Green tea 500g");
  EXPECT_EQ(shown["movements"][0]["source"], source);

  for (const char* action : {"document.create", "document.confirm", "document.post"}) {
    auto entries = audit(action);
    ASSERT_EQ(entries.size(), 1u) << action;
    EXPECT_EQ(entries[0].actor, source);
    EXPECT_EQ(entries[0].target, "document:" + number);
    EXPECT_EQ(entries[0].address, "127.0.0.1");
  }
  expect_consistent();
}

// A line may give `quantity` as a person enters it, in a pack unit or with
// the item's decimals; it is booked exactly in smallest units and shown as
// entered. More decimals than the item has are refused, never rounded.
TEST_F(DocumentsApiTest, QuantitiesAsEnteredInPacksAndDecimals) {
  inventory::Item tea{"TEA-500", "Green tea 500g", "EA", {"6901234567892"}, 520.0, false, 12.5};
  tea.packs = {{"case", 24, "16901234567899"}};
  inventory::Item rice{"RICE-KG", "Loose rice", "kg", {}, std::nullopt, false, 6};
  rice.decimals = 3;
  ASSERT_TRUE(engine_->import_items({tea, rice}).is_ok());
  auto r = post("/api/v1/documents",
                R"({"type":"receipt","to":"A-02","post":true,"lines":[{"sku":"TEA-500","quantity":"2","unit":"case"},)"
                R"({"sku":"RICE-KG","quantity":1.25},{"sku":"RICE-KG","quantity":"0.005"},{"sku":"TEA-500","qty":3}]})",
                clerk_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 51);
  EXPECT_EQ(on_hand("RICE-KG", "A-02"), 1255);
  auto shown = get("/api/v1/documents/" + r.json()["number"].get<std::string>());
  EXPECT_EQ(shown["lines"][0]["qty"], 48);
  EXPECT_EQ(shown["lines"][0]["unit"], "case");
  EXPECT_EQ(shown["lines"][0]["entered"], "2");
  EXPECT_EQ(shown["lines"][1]["qty"], 1250);
  EXPECT_EQ(shown["lines"][1]["decimals"], 3);
  EXPECT_EQ(shown["lines"][1]["unit"], "kg");
  EXPECT_EQ(shown["lines"][1]["entered"], "1.250");
  EXPECT_EQ(shown["lines"][3]["entered"], "");
  EXPECT_EQ(shown["movements"][1]["decimals"], 3);

  auto refused = [&](const std::string& lines, int status, const std::string& code, const std::string& why) {
    auto reply = post("/api/v1/documents", R"({"type":"receipt","to":"A-02","post":true,"lines":[)" + lines + "]}", clerk_);
    expect_problem(reply, status, code);
    EXPECT_NE(reply.body.find(why), std::string::npos) << reply.body;
  };
  refused(R"({"sku":"RICE-KG","quantity":"1.2345"})", 400, "invalid_field", "more than 3 decimals");
  refused(R"({"sku":"TEA-500","quantity":1.5})", 400, "invalid_argument", "whole number");
  refused(R"({"sku":"TEA-500","quantity":"0.5"})", 400, "invalid_argument", "whole number");
  refused(R"({"sku":"TEA-500","quantity":"1","unit":"crate"})", 400, "invalid_argument", "no unit 'crate'");
  refused(R"({"sku":"TEA-500","quantity":"1","qty":1})", 400, "invalid_field", "both given");
  refused(R"({"sku":"TEA-500","qty":1,"unit":"case"})", 400, "invalid_field", "goes with 'quantity'");
  refused(R"({"sku":"TEA-500","quantity":"-1"})", 400, "invalid_field", "must be positive");
  refused(R"({"sku":"TEA-500","quantity":true})", 400, "invalid_field", "decimal number");
  EXPECT_EQ(on_hand("RICE-KG", "A-02"), 1255);
  expect_consistent();
}

TEST_F(DocumentsApiTest, CreateAndPostInOneGoWithASessionNamesTheUser) {
  auto login = this->login("clerk", "clerk password");
  auto r = post("/api/v1/documents", kIssue, as(login, true));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["state"], "posted");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 6);
  auto shown = get("/api/v1/documents/" + r.json()["number"].get<std::string>());
  EXPECT_EQ(shown["source"], "user:clerk");
  EXPECT_EQ(audit("document.create").at(0).actor, "user:clerk");
  // A cookie's write without its CSRF token is refused, and books nothing.
  expect_problem(post("/api/v1/documents", kIssue, as(login, false)), 403, "csrf_token_invalid");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 6);
}

TEST_F(DocumentsApiTest, ARetryWithTheSameIdempotencyKeyBooksOnce) {
  auto first = post("/api/v1/documents", kIssue, clerk_, "hh-7f3a-0001");
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = post("/api/v1/documents", kIssue, clerk_, "hh-7f3a-0001");
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["number"], first.json()["number"]);
  EXPECT_EQ(again.json()["replayed"], true);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 6);
  EXPECT_EQ(count("SELECT count(*) FROM documents WHERE type='issue'"), 1);
  EXPECT_EQ(audit("document.create").size(), 1u);

  // The key belongs to its user and to the kind of write.
  auto other_user = post("/api/v1/documents", kIssue, clerk2_, "hh-7f3a-0001");
  ASSERT_EQ(other_user.status, 201) << other_user.body;
  EXPECT_EQ(other_user.json()["replayed"], false);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 2);
  // The same key for another body is a mistake of the client, not a replay.
  expect_problem(post("/api/v1/documents", R"({"type":"transfer","from":"A-01","to":"A-02","lines":[{"sku":"TEA-500","qty":1}]})",
                      clerk_, "hh-7f3a-0001"),
                 422, "idempotency_key_reused");
  expect_problem(post("/api/v1/documents", R"({"type":"issue","from":"A-01","post":true,"lines":[{"sku":"TEA-500","qty":5}]})",
                      clerk_, "hh-7f3a-0001"),
                 422, "idempotency_key_reused");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 2);

  // Posting a draft: the retry answers with the first result, not 409.
  const std::string number = draft();
  auto posted = post("/api/v1/documents/" + number + "/post", "", clerk_, "hh-7f3a-0002");
  ASSERT_EQ(posted.status, 200) << posted.body;
  auto retried = post("/api/v1/documents/" + number + "/post", "", clerk_, "hh-7f3a-0002");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json()["replayed"], true);
  EXPECT_EQ(retried.json()["state"], "posted");
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 2);
  expect_problem(post("/api/v1/documents/" + number + "/post", "", clerk_), 409, "invalid_state");
  const std::string other = draft();
  expect_problem(post("/api/v1/documents/" + other + "/post", "", clerk_, "hh-7f3a-0002"), 422,
                 "idempotency_key_reused");
  expect_problem(post("/api/v1/documents", kIssue, clerk_, std::string(201, 'k')), 400, "invalid_idempotency_key");
  expect_consistent();
}

TEST_F(DocumentsApiTest, TheListFiltersAndPagesBackwards) {
  const std::string a = draft();
  clock_.advance(std::chrono::seconds(60));
  ASSERT_EQ(post("/api/v1/documents", kIssue, clerk2_).status, 201);
  const std::string b = draft();
  ASSERT_EQ(post("/api/v1/documents/" + b + "/cancel", "", clerk_).status, 200);

  auto all = get("/api/v1/documents");
  ASSERT_EQ(all["documents"].size(), 4u) << all.dump();  // with the seeded receipt
  EXPECT_EQ(all["documents"][0]["number"], b);
  EXPECT_TRUE(all["next_before"].is_null());
  EXPECT_EQ(get("/api/v1/documents?type=issue")["documents"].size(), 1u);
  EXPECT_EQ(get("/api/v1/documents?state=draft")["documents"][0]["number"], a);
  EXPECT_EQ(get("/api/v1/documents?state=cancelled")["documents"][0]["number"], b);
  auto issue = get("/api/v1/documents?type=issue")["documents"][0];
  auto by_source = get("/api/v1/documents?source=" + issue["source"].get<std::string>());
  ASSERT_EQ(by_source["documents"].size(), 1u);
  EXPECT_EQ(by_source["documents"][0]["type"], "issue");
  EXPECT_EQ(get("/api/v1/documents?sku=MILK-1")["documents"].size(), 0u);
  EXPECT_EQ(get("/api/v1/documents?sku=TEA-500")["documents"].size(), 4u);
  const std::string later = format_iso8601(clock_.now_ms() - 30'000);
  EXPECT_EQ(get("/api/v1/documents?since=" + later)["documents"].size(), 2u);
  EXPECT_EQ(get("/api/v1/documents?until=" + later)["documents"].size(), 2u);

  auto page = get("/api/v1/documents?limit=3");
  ASSERT_EQ(page["documents"].size(), 3u);
  auto rest = get("/api/v1/documents?limit=3&before=" + std::to_string(page["next_before"].get<std::int64_t>()));
  ASSERT_EQ(rest["documents"].size(), 1u);
  EXPECT_EQ(rest["documents"][0]["type"], "receipt");
  EXPECT_TRUE(rest["next_before"].is_null());

  expect_problem(curl(url("/api/v1/documents?type=bogus"), clerk_), 400, "invalid_parameter");
  expect_problem(curl(url("/api/v1/documents?state=open"), clerk_), 400, "invalid_parameter");
  expect_problem(curl(url("/api/v1/documents?since=yesterday"), clerk_), 400, "invalid_parameter");
  expect_problem(curl(url("/api/v1/documents?limit=0"), clerk_), 400, "invalid_parameter");
  expect_problem(curl(url("/api/v1/documents?sku=NOPE"), clerk_), 404, "unknown_item");
}

TEST_F(DocumentsApiTest, StateConflictsAre409AndUnknownDocumentsAre404) {
  const std::string number = draft();
  auto cancelled = post("/api/v1/documents/" + number + "/cancel", "", clerk_);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json()["state"], "cancelled");
  expect_problem(post("/api/v1/documents/" + number + "/post", "", clerk_), 409, "invalid_state");
  expect_problem(post("/api/v1/documents/" + number + "/confirm", "", clerk_), 409, "invalid_state");
  expect_problem(post("/api/v1/documents/" + number + "/reverse", R"({"reason":"x"})", boss_), 409, "invalid_state");
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 0);
  auto fixed = post("/api/v1/documents", R"({"type":"transfer","number":"MV-1","from":"A-01","to":"A-02","lines":[{"sku":"TEA-500","qty":1}]})", clerk_);
  ASSERT_EQ(fixed.status, 201) << fixed.body;
  expect_problem(post("/api/v1/documents", R"({"type":"transfer","number":"MV-1","from":"A-01","to":"A-02","lines":[{"sku":"TEA-500","qty":1}]})", clerk_),
                 409, "conflict");
  expect_problem(curl(url("/api/v1/documents/NOPE-1"), clerk_), 404, "unknown_document");
  for (const char* step : {"confirm", "post", "cancel"})
    expect_problem(post(std::string("/api/v1/documents/NOPE-1/") + step, "", clerk_), 404, "unknown_document");
  expect_problem(post("/api/v1/documents/NOPE-1/reverse", R"({"reason":"x"})", boss_), 404, "unknown_document");
  // Refused writes leave no audit entry.
  EXPECT_EQ(audit("document.post").size(), 0u);
  EXPECT_EQ(audit("document.cancel").size(), 1u);
}

TEST_F(DocumentsApiTest, BusinessRulesAre422AndBookNothing) {
  expect_problem(post("/api/v1/documents", R"({"type":"issue","from":"A-01","post":true,"lines":[{"sku":"TEA-500","qty":11}]})", clerk_),
                 422, "insufficient_stock");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
  expect_problem(post("/api/v1/documents", R"({"type":"receipt","to":"A-02","lines":[{"sku":"NOPE","qty":1}]})", clerk_),
                 422, "unknown_item");
  expect_problem(post("/api/v1/documents", R"({"type":"receipt","to":"NOWHERE","lines":[{"sku":"TEA-500","qty":1}]})", clerk_),
                 422, "unknown_location");
  ASSERT_EQ(post("/api/v1/orders", R"({"kind":"receipt","number":"ASN-9","tolerance_pct":10,"lines":[{"sku":"TEA-500","qty":10}]})", boss_).status,
            201);
  expect_problem(post("/api/v1/documents", R"({"type":"receipt","to":"A-02","order":"ASN-9","post":true,"lines":[{"sku":"TEA-500","qty":12}]})", clerk_),
                 422, "tolerance_exceeded");
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 0);
  // A draft over tolerance is refused when it is posted, and stays a draft.
  auto within = post("/api/v1/documents", R"({"type":"receipt","to":"A-02","order":"ASN-9","lines":[{"sku":"TEA-500","qty":11}]})", clerk_);
  ASSERT_EQ(within.status, 201) << within.body;
  ASSERT_EQ(post("/api/v1/orders", R"({"kind":"receipt","number":"ASN-9","tolerance_pct":0,"lines":[{"sku":"TEA-500","qty":10}]})", boss_).status,
            200);
  const std::string number = within.json()["number"];
  expect_problem(post("/api/v1/documents/" + number + "/post", "", clerk_), 422, "tolerance_exceeded");
  EXPECT_EQ(get("/api/v1/documents/" + number)["state"], "draft");
  EXPECT_EQ(audit("document.create").size(), 1u);
  expect_consistent();
}

TEST_F(DocumentsApiTest, BadBodiesAre400And415) {
  auto bad = [&](const std::string& body, const std::string& code) {
    expect_problem(post("/api/v1/documents", body, clerk_), 400, code);
  };
  bad(R"({"type":"receipt","to":"A-02","lines":[{"sku":"TEA-500","qty":1}],"colour":"red"})", "unknown_field");
  bad(R"({"type":"receipt","to":"A-02","lines":[{"sku":"TEA-500","qty":1,"price":3}]})", "unknown_field");
  bad(R"({"type":"receipt","to":"A-02"})", "invalid_field");
  bad(R"({"type":"receipt","to":"A-02","lines":[]})", "invalid_field");
  bad(R"({"type":"receipt","to":"A-02","lines":[{"sku":"TEA-500","qty":0}]})", "invalid_field");
  bad(R"({"type":"receipt","to":"A-02","lines":[{"sku":"TEA-500","qty":"3"}]})", "invalid_field");
  bad(R"({"type":"receipt","to":"A-02","lines":[{"sku":"TEA-500","qty":1.5}]})", "invalid_field");
  bad(R"({"type":"receipt","to":"A-02","lines":[{"sku":"TEA-500","qty":18446744073709551615}]})", "invalid_field");
  bad(R"({"type":"adjustment","to":"A-02","lines":[{"sku":"TEA-500","qty":18446744073709551615}]})", "invalid_field");
  bad(R"({"type":"receipt","to":"A-02","lines":[{"sku":"TEA-500","qty":1,"expiry":"31/01/2027"}]})", "invalid_field");
  bad(R"({"type":"count","to":"A-02","lines":[{"sku":"TEA-500","qty":1}]})", "invalid_field");
  bad(R"({"type":"reversal","to":"A-02","lines":[{"sku":"TEA-500","qty":1}]})", "invalid_field");
  bad(R"({"type":"receipt","to":"A-02","occurred_at":"soon","lines":[{"sku":"TEA-500","qty":1}]})", "invalid_field");
  bad(R"({"type":"receipt","to":"A-02","post":"yes","lines":[{"sku":"TEA-500","qty":1}]})", "invalid_field");
  bad(R"({"type":"receipt","number":"A B","to":"A-02","lines":[{"sku":"TEA-500","qty":1}]})", "invalid_field");
  bad(R"({"type":"receipt","to":"A-02","lines":[5]})", "invalid_field");
  bad(R"({"type":"receipt","to":"A-02","lines":[{"sku":"TEA-500","qty":1}])", "malformed_json");
  bad(R"([1,2])", "malformed_json");
  // The engine's own check: a receipt has somewhere to go.
  bad(R"({"type":"receipt","lines":[{"sku":"TEA-500","qty":1}]})", "invalid_argument");
  // An adjustment's quantities are signed.
  auto loss = post("/api/v1/documents", R"({"type":"adjustment","to":"A-01","post":true,"lines":[{"sku":"TEA-500","qty":-2}]})", clerk_);
  ASSERT_EQ(loss.status, 201) << loss.body;
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 8);
  expect_problem(curl(url("/api/v1/documents"), {"-X", "POST", "--data-binary", "{}", "-H", "Content-Type: text/plain",
                                                 clerk_[0], clerk_[1]}),
                 415, "unsupported_media_type");
  expect_problem(post("/api/v1/documents/X/reverse", R"({"reason":""})", boss_), 400, "invalid_field");
  expect_problem(post("/api/v1/documents/X/reverse", R"({"reason":"x","why":"y"})", boss_), 400, "unknown_field");
  EXPECT_EQ(count("SELECT count(*) FROM documents"), 2);  // the seeded receipt and the adjustment
  EXPECT_TRUE(still_answers());
}

TEST_F(DocumentsApiTest, AManagerReversesAPostedDocumentWithAReason) {
  auto issued = post("/api/v1/documents", kIssue, clerk_);
  ASSERT_EQ(issued.status, 201);
  const std::string number = issued.json()["number"];
  expect_problem(post("/api/v1/documents/" + number + "/reverse", R"({"reason":"wrong customer"})", clerk_), 403,
                 "forbidden");
  auto rev = post("/api/v1/documents/" + number + "/reverse", R"({"reason":"wrong customer"})", boss_, "rev-1");
  ASSERT_EQ(rev.status, 201) << rev.body;
  EXPECT_EQ(rev.json()["type"], "reversal");
  EXPECT_EQ(rev.json()["state"], "posted");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
  const std::string rev_number = rev.json()["number"];
  auto again = post("/api/v1/documents/" + number + "/reverse", R"({"reason":"wrong customer"})", boss_, "rev-1");
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["replayed"], true);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 10);
  expect_problem(post("/api/v1/documents/" + number + "/reverse", R"({"reason":"twice"})", boss_), 409, "invalid_state");
  auto other = post("/api/v1/documents", kIssue, clerk_);
  ASSERT_EQ(other.status, 201);
  expect_problem(post("/api/v1/documents/" + other.json()["number"].get<std::string>() + "/reverse",
                      R"({"reason":"wrong customer"})", boss_, "rev-1"),
                 422, "idempotency_key_reused");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 6);

  auto original = get("/api/v1/documents/" + number);
  EXPECT_EQ(original["reversed_by"], rev_number);
  auto reversal = get("/api/v1/documents/" + rev_number);
  EXPECT_EQ(reversal["reverses"], number);
  EXPECT_EQ(reversal["reason"], "wrong customer");
  EXPECT_TRUE(reversal["source"].get<std::string>().ends_with(":boss"));
  auto entries = audit("document.reverse");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].target, "document:" + rev_number);
  EXPECT_EQ(entries[0].detail, "reverses " + number + ": wrong customer");
  expect_consistent();
}

// An order through the API carries what the central system's ASN carries:
// a due time, the PO's line ids and quantities as given (converted into
// smallest units), and SSCCs with their check digit.
TEST_F(DocumentsApiTest, AnOrderCarriesItsDueTimeLineIdsAndQuantitiesAsGiven) {
  auto created = post("/api/v1/orders",
                      R"({"kind":"receipt","number":"ASN-7","expected_at":"2026-12-05T06:00:00Z","lines":[)"
                      R"({"sku":"TEA-500","quantity":"12","line_id":"10"},{"sku":"MILK-1","qty":3,"lot":"L1","line_id":"20"}]})",
                      boss_);
  ASSERT_EQ(created.status, 201) << created.body;
  auto o = created.json();
  EXPECT_EQ(o["expected_at"], "2026-12-05T06:00:00.000Z");
  EXPECT_EQ(o["lines"][0]["line_id"], "10");
  EXPECT_EQ(o["lines"][0]["expected"], 12);
  EXPECT_EQ(o["lines"][0]["unit"], "EA");
  EXPECT_EQ(o["lines"][0]["entered"], "12");
  EXPECT_EQ(o["lines"][1]["line_id"], "20");
  EXPECT_FALSE(o["lines"][1].contains("entered"));

  expect_problem(post("/api/v1/orders",
                      R"({"kind":"pick","number":"SO-7","expected_at":"2026-12-05T06:00:00Z","lines":[{"sku":"TEA-500","qty":1}]})",
                      boss_),
                 400, "invalid_field");
  expect_problem(post("/api/v1/orders",
                      R"({"kind":"receipt","number":"ASN-8","expected_at":"tomorrow","lines":[{"sku":"TEA-500","qty":1}]})",
                      boss_),
                 400, "invalid_field");
  expect_problem(post("/api/v1/orders",
                      R"({"kind":"receipt","number":"ASN-8","lines":[{"sku":"TEA-500","qty":1,"quantity":"1"}]})", boss_),
                 400, "invalid_field");
  expect_problem(post("/api/v1/orders",
                      R"({"kind":"receipt","number":"ASN-8","lines":[{"sku":"TEA-500","quantity":"1","unit":"pallet"}]})",
                      boss_),
                 400, "invalid_argument");
  expect_problem(post("/api/v1/orders",
                      R"({"kind":"receipt","number":"ASN-8","lines":[{"sku":"TEA-500","qty":1,"line_id":"1"},)"
                      R"({"sku":"MILK-1","qty":1,"line_id":"1"}]})",
                      boss_),
                 400, "invalid_argument");
  // 18 digits, but the last is not the SSCC's check digit.
  expect_problem(post("/api/v1/orders",
                      R"({"kind":"receipt","number":"ASN-8","lines":[{"sku":"TEA-500","qty":1,"sscc":"106141411234567890"}]})",
                      boss_),
                 400, "invalid_argument");
  expect_problem(curl(url("/api/v1/orders/ASN-8"), clerk_), 404, "unknown_order");
}

TEST_F(DocumentsApiTest, OrdersAreCreatedReplacedShownAndCancelledByAManager) {
  const char* asn = R"({"kind":"receipt","number":"ASN-1","ref":"PO-77","partner":"Tea Co","door":"dock-1",)"
                    R"("lines":[{"sku":"TEA-500","qty":10},{"sku":"MILK-1","qty":6,"lot":"L1"}]})";
  expect_problem(post("/api/v1/orders", asn, clerk_), 403, "forbidden");
  auto created = post("/api/v1/orders", asn, boss_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("Location"), "/api/v1/orders/ASN-1");
  EXPECT_EQ(created.json()["kind"], "receipt");
  EXPECT_EQ(created.json()["lines"][1]["name"], "Milk 1L");
  const std::string maker = created.json().value("source", "");
  EXPECT_TRUE(maker.starts_with("token:") && maker.ends_with(":boss")) << maker;  // boss_ is boss's API token

  auto receipt = post("/api/v1/documents", R"({"type":"receipt","to":"A-02","order":"ASN-1","post":true,"lines":[{"sku":"TEA-500","qty":4}]})", clerk_);
  ASSERT_EQ(receipt.status, 201) << receipt.body;
  auto shown = get("/api/v1/orders/ASN-1");
  EXPECT_EQ(shown["state"], "open");
  EXPECT_EQ(shown["partner"], "Tea Co");
  EXPECT_EQ(shown["lines"][0], json({{"line", 1}, {"sku", "TEA-500"}, {"name", "Green tea 500g"}, {"uom", "EA"},
                                      {"decimals", 0}, {"lot", ""}, {"sscc", ""}, {"line_id", ""}, {"expected", 10},
                                      {"done", 4}, {"remaining", 6}, {"unit_cost", nullptr}}));
  EXPECT_EQ(shown["expected_at"], nullptr);
  EXPECT_EQ(shown["expected"], 16);
  EXPECT_EQ(shown["done"], 4);
  EXPECT_EQ(get("/api/v1/documents/" + receipt.json()["number"].get<std::string>())["order"], "ASN-1");

  // Replaced: what was received is kept.
  const std::vector<std::string> erp = {"-H", "Authorization: Bearer " + token_for("boss")};
  auto replaced = post("/api/v1/orders", R"({"kind":"receipt","number":"ASN-1","lines":[{"sku":"TEA-500","qty":8}]})", erp);
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(replaced.json()["lines"][0]["done"], 4);
  EXPECT_EQ(replaced.json()["lines"][0]["remaining"], 4);
  EXPECT_EQ(replaced.json()["source"], maker);  // who made it, not the other token that replaced it
  ASSERT_EQ(post("/api/v1/orders", R"({"kind":"pick","number":"SO-1","lines":[{"sku":"TEA-500","qty":2}]})", boss_).status, 201);

  auto list = get("/api/v1/orders");
  ASSERT_EQ(list["orders"].size(), 2u);
  EXPECT_EQ(list["orders"][0]["number"], "SO-1");
  EXPECT_EQ(list["orders"][0]["kind"], "pick");
  EXPECT_EQ(list["orders"][0]["source"], maker);
  auto receipts = get("/api/v1/orders?kind=receipt");
  ASSERT_EQ(receipts["orders"].size(), 1u);
  EXPECT_EQ(receipts["orders"][0]["line_count"], 1);
  auto one = get("/api/v1/orders?limit=1");
  EXPECT_EQ(get("/api/v1/orders?limit=1&before=" + std::to_string(one["next_before"].get<std::int64_t>()))["orders"][0]["number"],
            "ASN-1");

  expect_problem(post("/api/v1/orders/SO-1/cancel", "", clerk_), 403, "forbidden");
  auto cancelled = post("/api/v1/orders/SO-1/cancel", "", boss_);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json()["state"], "cancelled");
  EXPECT_EQ(get("/api/v1/orders?state=cancelled")["orders"].size(), 1u);
  EXPECT_EQ(get("/api/v1/orders?state=open")["orders"].size(), 1u);
  expect_problem(post("/api/v1/orders/SO-1/cancel", "", boss_), 409, "invalid_state");
  expect_problem(post("/api/v1/orders", R"({"kind":"pick","number":"SO-1","lines":[{"sku":"TEA-500","qty":2}]})", boss_), 409,
                 "invalid_state");
  expect_problem(post("/api/v1/orders", R"({"kind":"pick","number":"ASN-1","lines":[{"sku":"TEA-500","qty":2}]})", boss_), 409,
                 "conflict");
  expect_problem(post("/api/v1/documents", R"({"type":"issue","from":"A-01","order":"SO-1","post":true,"lines":[{"sku":"TEA-500","qty":1}]})", clerk_),
                 409, "invalid_state");
  expect_problem(post("/api/v1/orders/NOPE/cancel", "", boss_), 404, "unknown_order");
  expect_problem(curl(url("/api/v1/orders/NOPE"), clerk_), 404, "unknown_order");
  expect_problem(post("/api/v1/orders", R"({"kind":"receipt","number":"ASN-2","lines":[{"sku":"NOPE","qty":1}]})", boss_), 422,
                 "unknown_item");
  expect_problem(post("/api/v1/orders", R"({"kind":"asn","number":"ASN-2","lines":[{"sku":"TEA-500","qty":1}]})", boss_), 400,
                 "invalid_field");
  expect_problem(post("/api/v1/orders", R"({"kind":"receipt","number":"ASN-2","lines":[{"sku":"TEA-500","qty":1,"sscc":"123"}]})", boss_),
                 400, "invalid_field");
  expect_problem(post("/api/v1/orders", R"({"kind":"receipt","number":"ASN-2","tolerance_pct":-1,"lines":[{"sku":"TEA-500","qty":1}]})", boss_),
                 400, "invalid_field");
  expect_problem(curl(url("/api/v1/orders?kind=asn"), clerk_), 400, "invalid_parameter");

  auto upserts = audit("order.upsert");
  ASSERT_EQ(upserts.size(), 3u);
  EXPECT_TRUE(upserts[0].actor.ends_with(":boss"));
  EXPECT_EQ(upserts[2].target, "order:ASN-1");
  ASSERT_EQ(audit("order.cancel").size(), 1u);
  EXPECT_EQ(audit("order.cancel")[0].target, "order:SO-1");
}

TEST_F(DocumentsApiTest, EveryRouteNeedsASignedInCaller) {
  for (const char* path : {"/api/v1/documents", "/api/v1/documents/X", "/api/v1/orders", "/api/v1/orders/X"})
    expect_problem(curl(url(path)), 401, "unauthenticated");
  for (const char* path : {"/api/v1/documents", "/api/v1/documents/X/confirm", "/api/v1/documents/X/post",
                           "/api/v1/documents/X/cancel", "/api/v1/documents/X/reverse", "/api/v1/orders",
                           "/api/v1/orders/X/cancel"})
    expect_problem(post(path, "{}", {}), 401, "unauthenticated");
}

}  // namespace
}  // namespace jxc::http

namespace jxc::http {
namespace {

TEST_F(DocumentsApiTest, ProductionAndOtherIssuesAndReceiptsNameTheirCostCentre) {
  auto made = post("/api/v1/documents",
                   R"({"type":"production_receipt","to":"A-02","cost_centre":"WO-7","post":true,)"
                   R"("lines":[{"sku":"TEA-500","qty":5,"unit_cost":95000}]})",
                   clerk_);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["type"], "production_receipt");
  json shown = get("/api/v1/documents/" + made.json()["number"].get<std::string>());
  EXPECT_EQ(shown["cost_centre"], "WO-7");
  EXPECT_EQ(shown["lines"][0]["from"], "@PRODUCTION");
  EXPECT_EQ(shown["lines"][0]["unit_cost"], 95000);
  auto used = post("/api/v1/documents",
                   R"({"type":"other_issue","from":"A-02","cost_centre":"食堂","post":true,"lines":[{"sku":"TEA-500","qty":2}]})",
                   clerk_);
  ASSERT_EQ(used.status, 201) << used.body;
  json issue = get("/api/v1/documents/" + used.json()["number"].get<std::string>());
  EXPECT_EQ(issue["cost_centre"], "食堂");
  EXPECT_EQ(issue["movements"][0]["to"], "@OTHER");
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 3);
  // A receipt has no cost centre; an other issue must have one; the opening
  // balance is imported on the box, not posted through the API.
  expect_problem(post("/api/v1/documents",
                      R"({"type":"receipt","to":"A-02","cost_centre":"X","lines":[{"sku":"TEA-500","qty":1}]})", clerk_),
                 400, "invalid_argument");
  expect_problem(post("/api/v1/documents", R"({"type":"other_issue","from":"A-02","lines":[{"sku":"TEA-500","qty":1}]})",
                      clerk_),
                 400, "invalid_argument");
  expect_problem(post("/api/v1/documents", R"({"type":"opening","to":"A-02","lines":[{"sku":"TEA-500","qty":1}]})", clerk_),
                 400, "invalid_field");
  EXPECT_EQ(get("/api/v1/documents?type=production_receipt")["documents"].size(), 1u);
  expect_consistent();
}

}  // namespace
}  // namespace jxc::http

namespace jxc::http {
namespace {

TEST_F(DocumentsApiTest, PickSuggestionsProposeTheLotExpiringFirstWithNames) {
  for (const char* body :
       {R"({"type":"receipt","to":"A-02","post":true,"lines":[{"sku":"MILK-1","qty":5,"lot":"L-LATE","expiry":"2027-06-30"}]})",
        R"({"type":"receipt","to":"A-03","post":true,"lines":[{"sku":"MILK-1","qty":3,"lot":"L-EARLY","expiry":"2027-01-31"}]})"})
    ASSERT_EQ(post("/api/v1/documents", body, clerk_).status, 201);
  ASSERT_EQ(post("/api/v1/orders", R"({"kind":"pick","number":"SO-1","lines":[{"sku":"MILK-1","qty":4},{"sku":"TEA-500","qty":12}]})",
                 boss_).status,
            201);
  json picks = get("/api/v1/orders/SO-1/picks");
  ASSERT_EQ(picks["lines"].size(), 2u) << picks.dump();
  const json& milk = picks["lines"][0];
  EXPECT_EQ(milk["name"], "Milk 1L");
  ASSERT_EQ(milk["picks"].size(), 2u) << milk.dump();
  EXPECT_EQ(milk["picks"][0]["lot"], "L-EARLY");
  EXPECT_EQ(milk["picks"][0]["location"], "A-03");
  EXPECT_EQ(milk["picks"][0]["expiry"], "2027-01-31");
  EXPECT_EQ(milk["picks"][0]["qty"], 3);
  EXPECT_EQ(milk["picks"][1]["lot"], "L-LATE");
  EXPECT_EQ(milk["picks"][1]["qty"], 1);
  // Ten teas in A-01 for twelve: never more than is there.
  const json& tea = picks["lines"][1];
  EXPECT_EQ(tea["proposed"], 10);
  EXPECT_EQ(tea["short"], 2);
  expect_problem(curl(url("/api/v1/orders/NOPE/picks"), clerk_), 404, "unknown_order");
  EXPECT_EQ(curl(url("/api/v1/orders/SO-1/picks"), {}).status, 401);
  ASSERT_EQ(post("/api/v1/orders/SO-1/cancel", "", boss_).status, 200);
  expect_problem(curl(url("/api/v1/orders/SO-1/picks"), clerk_), 409, "invalid_state");
}

}  // namespace
}  // namespace jxc::http
