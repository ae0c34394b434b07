// The exception inbox through the real server: one list of every open
// exception, each decision (held documents edited, released, cancelled;
// weight discrepancies accepted or dismissed; alerts acknowledged;
// suggestions accepted or dismissed) with who made it and its audit row,
// operators refused, and the four-eyes rule on held documents.
#include <gtest/gtest.h>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/suggestion_store.h"
#include "edge/http/test_api.h"
#include "edge/inventory/alert_records.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/weight_records.h"

namespace jxc::http {
namespace {

using inventory::Role;
using nlohmann::json;
using testing::curl;
using testing::Reply;
using testing::expect_problem;
using Args = std::vector<std::string>;

class InboxApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    receive("TEA-500", 10, "A-01");
    inventory::Order asn;
    asn.kind = inventory::OrderKind::expected_receipt;
    asn.number = "ASN-1";
    asn.door = "door-1";
    asn.lines = {{"TEA-500", "", 10, 0}};
    ASSERT_TRUE(engine_->upsert_order(asn).is_ok());
    asn.number = "ASN-2";
    ASSERT_TRUE(engine_->upsert_order(asn).is_ok());
    config::PortalConfig::Door door;
    door.id = "door-1";
    door.location = "RECV-1";
    config_.portal.doors.push_back(door);
    add_user("boss", Role::manager, "boss password");
    add_user("chief", Role::manager, "chief password");
    add_user("clerk", Role::operator_, "clerk password");
  }
  void start_as_users() {
    start();
    boss_ = {"-H", "Authorization: Bearer " + token_for("boss")};
    chief_ = {"-H", "Authorization: Bearer " + token_for("chief")};
    clerk_ = {"-H", "Authorization: Bearer " + token_for("clerk")};
  }

  // A receipt at the door against ASN-1, held for review: 7 of 10 and an
  // unexpected tag.
  std::string hold(const std::string& source = "door-1", const std::string& order = "ASN-1") {
    inventory::DocumentRequest req = inventory::testing::receipt_into("RECV-1", "TEA-500", 7);
    req.order = order;
    req.close_order = true;
    req.source = source;
    req.hold_exceptions = true;
    req.exceptions = {"unexpected tag urn:epc:id:sgtin:0614141.812345.6789: no item has GTIN 00614141123452"};
    auto r = engine_->post(req);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_TRUE(r->needs_review);
    return r->number;
  }
  std::int64_t discrepancy(inventory::Qty weighed) {
    auto id = engine_->run<std::int64_t>([weighed](inventory::Tx& tx) -> Result<std::int64_t> {
      JXC_ASSIGN(auto item, tx.item("TEA-500"));
      JXC_ASSIGN(auto bin, tx.location("A-01"));
      return inventory::insert_discrepancy(tx, "S1-1", item.id, bin.id, 10, weighed);
    });
    EXPECT_TRUE(id.is_ok()) << id.status().to_string();
    return *id;
  }
  std::int64_t alert(alerts::Kind kind = alerts::Kind::low_stock) {
    auto a = engine_->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
      alerts::Alert al = alerts::make_alert({kind, "TEA-500", "A-01", "", ""}, 3, 10, "绿茶 低于预警值", tx.now());
      JXC_ASSIGN(bool opened, alerts::store_raise(tx, al));
      (void)opened;
      return al.id;
    });
    EXPECT_TRUE(a.is_ok()) << a.status().to_string();
    return *a;
  }
  std::int64_t suggestion(const std::string& location = "A-01") {
    auto s = engine_->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
      alerts::Suggestion sg;
      sg.item = "TEA-500";
      sg.location = location;
      sg.on_hand = 3;
      sg.reorder_point = 10;
      sg.qty = 20;
      sg.lead_time_days = 3;
      JXC_ASSIGN(bool made, alerts::store_suggest(tx, sg));
      (void)made;
      return sg.id;
    });
    EXPECT_TRUE(s.is_ok()) << s.status().to_string();
    return *s;
  }
  Reply call(const std::string& method, const std::string& path, Args who, const std::string& body = "") {
    Args args = {"-X", method};
    args.insert(args.end(), who.begin(), who.end());
    if (!body.empty()) args.insert(args.end(), {"-H", "Content-Type: application/json", "--data-binary", body});
    return curl(url(path), args);
  }
  std::int64_t audit_rows(const std::string& action) {
    auto q = inventory::Queries::open(store_path_);
    return *inventory::testing::query_int(**q, "SELECT count(*) FROM audit WHERE action='" + action + "'");
  }
  std::string audit_actor(const std::string& action) {
    auto q = inventory::Queries::open(store_path_);
    auto e = inventory::audit_entries(**q, {"", action, 0, 1});
    return e.is_ok() && !e->empty() ? e->front().actor : "";
  }
  Args boss_, chief_, clerk_;
};

TEST_F(InboxApiTest, OneListHoldsEveryOpenExceptionWithNamesAndCounts) {
  start_as_users();
  const std::string held = hold();
  clock_.advance(std::chrono::seconds(1));
  discrepancy(8);
  clock_.advance(std::chrono::seconds(1));
  alert();
  clock_.advance(std::chrono::seconds(1));
  suggestion();
  auto r = call("GET", "/api/v1/inbox", boss_);
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.json();
  EXPECT_EQ(j["counts"], json({{"held_document", 1}, {"weight_discrepancy", 1}, {"alert", 1}, {"suggestion", 1}}));
  ASSERT_EQ(j["entries"].size(), 4u) << j.dump();
  // Newest first.
  EXPECT_EQ(j["entries"][0]["kind"], "suggestion");
  EXPECT_EQ(j["entries"][1]["kind"], "alert");
  EXPECT_EQ(j["entries"][2]["kind"], "weight_discrepancy");
  const json& doc = j["entries"][3];
  EXPECT_EQ(doc["kind"], "held_document");
  EXPECT_EQ(doc["id"], held);
  EXPECT_EQ(doc["sku"], "TEA-500");
  EXPECT_EQ(doc["name"], "Green tea 500g");
  EXPECT_EQ(doc["document"]["door"], "door-1");
  EXPECT_EQ(doc["document"]["order"], "ASN-1");
  EXPECT_EQ(doc["document"]["lines"][0]["flag"], "short");  // 7 of the 10 expected
  const std::string exceptions = doc["document"]["exceptions"].dump();
  EXPECT_NE(exceptions.find("unexpected tag"), std::string::npos) << exceptions;
  EXPECT_NE(exceptions.find("short: TEA-500 7 of 10"), std::string::npos) << exceptions;
  for (const auto& e : j["entries"]) {
    EXPECT_EQ(e["name"], "Green tea 500g") << e.dump();
    EXPECT_FALSE(e["summary"]["zh-CN"].get<std::string>().empty()) << e.dump();
    EXPECT_FALSE(e["summary"]["en"].get<std::string>().empty()) << e.dump();
    EXPECT_EQ(e["at"].get<std::string>().back(), 'Z');
  }
  EXPECT_NE(j["entries"][1]["summary"]["zh-CN"].get<std::string>().find("低库存"), std::string::npos);
  EXPECT_NE(j["entries"][1]["summary"]["en"].get<std::string>().find("Low stock"), std::string::npos);
  auto one = call("GET", "/api/v1/inbox?limit=1", boss_).json();
  EXPECT_EQ(one["entries"].size(), 1u);
  EXPECT_EQ(one["counts"]["held_document"], 1);
}

TEST_F(InboxApiTest, AManagerEditsAHeldDocumentsLinesAndAnotherReleasesIt) {
  start_as_users();
  const std::string held = hold();
  const std::string path = "/api/v1/inbox/documents/" + held;
  auto edited = call("PUT", path + "/lines", boss_, R"({"lines":[{"sku":"TEA-500","qty":10}]})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json()["state"], "draft");
  EXPECT_TRUE(edited.json()["needs_review"].get<bool>());
  const std::string exceptions = edited.json()["exceptions"].dump();
  EXPECT_EQ(exceptions.find("short:"), std::string::npos) << exceptions;  // made again from the new lines
  EXPECT_NE(exceptions.find("unexpected tag"), std::string::npos) << exceptions;
  EXPECT_NE(audit_actor("document.lines").find(":boss"), std::string::npos) << audit_actor("document.lines");
  EXPECT_EQ(audit_rows("document.lines"), 1);

  expect_problem(call("POST", path + "/release", boss_), 422, "four_eyes");
  EXPECT_EQ(audit_rows("document.release"), 0);
  auto released = call("POST", path + "/release", chief_);
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(released.json()["state"], "posted");
  EXPECT_EQ(released.json()["movements"], 1);
  EXPECT_EQ(audit_rows("document.release"), 1);
  EXPECT_NE(audit_actor("document.release").find(":chief"), std::string::npos);
  auto q = inventory::Queries::open(store_path_);
  EXPECT_EQ(*(*q)->on_hand("TEA-500", "RECV-1"), 10);
  auto view = (*q)->document(held);
  ASSERT_TRUE(view.is_ok());
  EXPECT_EQ(view->lines[0].qty, 10);

  expect_problem(call("POST", path + "/release", chief_), 409, "invalid_state");
  expect_problem(call("POST", path + "/cancel", chief_), 409, "invalid_state");
  expect_problem(call("PUT", path + "/lines", boss_, R"({"lines":[{"sku":"TEA-500","qty":1}]})"), 409,
                 "invalid_state");
}

// New lines are read as a new document's lines of the held one's type: their
// unit cost and inspection result are kept, and what that type cannot carry
// is refused.
TEST_F(InboxApiTest, EditedLinesKeepTheirUnitCostAndInspection) {
  start_as_users();
  const std::string held = hold();
  const std::string path = "/api/v1/inbox/documents/" + held;
  expect_problem(call("PUT", path + "/lines", boss_,
                      R"({"lines":[{"sku":"TEA-500","qty":10,"disposition":"restock"}]})"),
                 400, "invalid_field");
  expect_problem(call("PUT", path + "/lines", boss_, R"({"lines":[{"sku":"TEA-500","qty":10}],"note":"x"})"), 400,
                 "unknown_field");
  auto edited = call("PUT", path + "/lines", boss_,
                     R"({"lines":[{"sku":"TEA-500","qty":10,"unit_cost":95000,"inspection":"accepted"}]})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  ASSERT_EQ(call("POST", path + "/release", chief_).status, 200);
  auto q = inventory::Queries::open(store_path_);
  auto view = (*q)->document(held);
  ASSERT_TRUE(view.is_ok()) << view.status().to_string();
  ASSERT_EQ(view->lines.size(), 1u);
  EXPECT_EQ(view->lines[0].unit_cost, 95000);
  EXPECT_EQ(view->lines[0].inspection, inventory::Inspection::accepted);
}

TEST_F(InboxApiTest, TheCreatorOfAHeldDocumentMayNotReleaseItUnlessTheSiteAllows) {
  start_as_users();
  const std::string mine = hold("user:boss");
  expect_problem(call("POST", "/api/v1/inbox/documents/" + mine + "/release", boss_), 422, "four_eyes");
  auto other = call("POST", "/api/v1/inbox/documents/" + mine + "/release", chief_);
  EXPECT_EQ(other.status, 200) << other.body;

  service_.reset();
  config_.site.four_eyes = false;
  start();
  const std::string again = hold("user:boss", "ASN-2");
  ASSERT_EQ(call("PUT", "/api/v1/inbox/documents/" + again + "/lines", boss_,
                 R"({"lines":[{"sku":"TEA-500","qty":3}]})").status, 200);
  auto same = call("POST", "/api/v1/inbox/documents/" + again + "/release", boss_);
  EXPECT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.json()["state"], "posted");
}

TEST_F(InboxApiTest, AHeldDocumentIsCancelled) {
  start_as_users();
  const std::string held = hold();
  auto r = call("POST", "/api/v1/inbox/documents/" + held + "/cancel", boss_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["state"], "cancelled");
  EXPECT_EQ(audit_rows("document.cancel"), 1);
  EXPECT_EQ(call("GET", "/api/v1/inbox", boss_).json()["counts"]["held_document"], 0);
}

TEST_F(InboxApiTest, HeldDocumentDecisionsRefuseWhatTheyCannotDo) {
  start_as_users();
  const std::string held = hold();
  const std::string path = "/api/v1/inbox/documents/" + held;
  expect_problem(call("POST", "/api/v1/inbox/documents/NOPE-1/release", chief_), 404, "unknown_document");
  expect_problem(call("PUT", "/api/v1/inbox/documents/NOPE-1/lines", boss_, R"({"lines":[{"sku":"TEA-500","qty":1}]})"),
                 404, "unknown_document");
  // A posted document that was never held.
  const std::string plain = receive("TEA-500", 1, "A-02").number;
  expect_problem(call("POST", "/api/v1/inbox/documents/" + plain + "/release", chief_), 409, "invalid_state");
  expect_problem(call("PUT", path + "/lines", boss_, R"({"lines":[]})"), 400, "invalid_field");
  expect_problem(call("PUT", path + "/lines", boss_, R"({"lines":[{"sku":"TEA-500"}]})"), 400, "invalid_field");
  expect_problem(call("PUT", path + "/lines", boss_, R"({"lines":[{"sku":"TEA-500","qty":1,"x":1}]})"), 400,
                 "unknown_field");
  expect_problem(call("PUT", path + "/lines", boss_, R"({"lines":[{"sku":"NOPE","qty":1}]})"), 404, "unknown_item");
  // Over the order is an exception of a held document, not a refusal: posting checks it again.
  auto over = call("PUT", path + "/lines", boss_, R"({"lines":[{"sku":"TEA-500","qty":99}]})");
  ASSERT_EQ(over.status, 200) << over.body;
  EXPECT_NE(over.json()["exceptions"].dump().find("over:"), std::string::npos) << over.body;
  expect_problem(call("POST", path + "/release", chief_), 422, "tolerance_exceeded");
}

TEST_F(InboxApiTest, WeightDiscrepanciesAreListedAcceptedAndDismissed) {
  start_as_users();
  const std::int64_t accept = discrepancy(8), dismiss = discrepancy(12);
  auto list = call("GET", "/api/v1/discrepancies", boss_);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["discrepancies"].size(), 2u);
  EXPECT_EQ(list.json()["discrepancies"][0]["id"], dismiss);  // newest first
  EXPECT_EQ(list.json()["discrepancies"][0]["name"], "Green tea 500g");
  auto page = call("GET", "/api/v1/discrepancies?limit=1", boss_).json();
  ASSERT_EQ(page["discrepancies"].size(), 1u);
  auto rest = call("GET", "/api/v1/discrepancies?limit=1&before=" + std::to_string(page["next_before"].get<std::int64_t>()),
                   boss_).json();
  EXPECT_EQ(rest["discrepancies"][0]["id"], accept);

  auto a = call("POST", "/api/v1/discrepancies/" + std::to_string(accept) + "/accept", boss_);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json()["state"], "accepted");
  EXPECT_NE(a.json()["resolved_by"].get<std::string>().find(":boss"), std::string::npos);
  EXPECT_TRUE(a.json()["document"].is_string());
  auto q = inventory::Queries::open(store_path_);
  EXPECT_EQ(*(*q)->on_hand("TEA-500", "A-01"), 8);  // the adjustment the CLI books
  auto d = call("POST", "/api/v1/discrepancies/" + std::to_string(dismiss) + "/dismiss", boss_);
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.json()["state"], "dismissed");
  EXPECT_EQ(audit_rows("discrepancy.accept"), 1);
  EXPECT_EQ(audit_rows("discrepancy.dismiss"), 1);
  EXPECT_TRUE(call("GET", "/api/v1/discrepancies", boss_).json()["discrepancies"].empty());
  EXPECT_EQ(call("GET", "/api/v1/discrepancies?state=all", boss_).json()["discrepancies"].size(), 2u);

  expect_problem(call("POST", "/api/v1/discrepancies/" + std::to_string(accept) + "/dismiss", boss_), 409,
                 "invalid_state");
  expect_problem(call("POST", "/api/v1/discrepancies/999/accept", boss_), 404, "unknown_document");
  expect_problem(call("POST", "/api/v1/discrepancies/x/accept", boss_), 400, "invalid_parameter");
  expect_problem(call("GET", "/api/v1/discrepancies?state=closed", boss_), 400, "invalid_parameter");
}

TEST_F(InboxApiTest, AlertsAreFilteredAndAcknowledgedWithBothLanguages) {
  start_as_users();
  const std::int64_t low = alert(), over = alert(alerts::Kind::overstock);
  auto list = call("GET", "/api/v1/alerts", boss_);
  ASSERT_EQ(list.status, 200) << list.body;
  const json listed = list.json();
  ASSERT_EQ(listed["alerts"].size(), 2u);
  const json& first = listed["alerts"][1];
  EXPECT_EQ(first["id"], low);
  EXPECT_EQ(first["name"], "Green tea 500g");
  EXPECT_NE(first["message"]["zh-CN"].get<std::string>().find("低库存"), std::string::npos) << first.dump();
  EXPECT_NE(first["message"]["en"].get<std::string>().find("Green tea 500g (TEA-500)"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/v1/alerts?kind=overstock", boss_).json()["alerts"].size(), 1u);
  EXPECT_EQ(call("GET", "/api/v1/alerts?severity=critical&kind=low_stock", boss_).json()["alerts"].size(), 0u);

  auto ack = call("POST", "/api/v1/alerts/" + std::to_string(low) + "/acknowledge", boss_);
  ASSERT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(ack.json()["state"], "acknowledged");
  EXPECT_NE(ack.json()["acknowledged_by"].get<std::string>().find(":boss"), std::string::npos);
  EXPECT_EQ(audit_rows("alert.acknowledge"), 1);
  auto open = call("GET", "/api/v1/alerts?state=open", boss_).json();
  ASSERT_EQ(open["alerts"].size(), 1u);
  EXPECT_EQ(open["alerts"][0]["id"], over);
  EXPECT_EQ(call("GET", "/api/v1/alerts?state=acknowledged", boss_).json()["alerts"].size(), 1u);
  EXPECT_EQ(call("GET", "/api/v1/alerts?limit=1", boss_).json()["next_before"], over);

  ASSERT_TRUE(engine_->run<int>([](inventory::Tx& tx) -> Result<int> {
    JXC_TRY(alerts::store_clear(tx, {alerts::Kind::overstock, "TEA-500", "A-01", "", ""}).status());
    return 0;
  }).is_ok());
  expect_problem(call("POST", "/api/v1/alerts/" + std::to_string(over) + "/acknowledge", boss_), 409,
                 "invalid_state");
  expect_problem(call("POST", "/api/v1/alerts/999/acknowledge", boss_), 404, "unknown_alert");
  expect_problem(call("GET", "/api/v1/alerts?state=closed", boss_), 400, "invalid_parameter");
  expect_problem(call("GET", "/api/v1/alerts?kind=nope", boss_), 400, "invalid_parameter");
}

TEST_F(InboxApiTest, SuggestionsAreAcceptedOrDismissedOnce) {
  start_as_users();
  const std::int64_t a = suggestion("A-01"), b = suggestion("A-02");
  auto list = call("GET", "/api/v1/suggestions", boss_);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["suggestions"].size(), 2u);
  EXPECT_EQ(list.json()["suggestions"][0]["name"], "Green tea 500g");
  auto acc = call("POST", "/api/v1/suggestions/" + std::to_string(a) + "/accept", boss_);
  ASSERT_EQ(acc.status, 200) << acc.body;
  EXPECT_EQ(acc.json()["state"], "accepted");
  EXPECT_NE(acc.json()["decided_by"].get<std::string>().find(":boss"), std::string::npos);
  auto dis = call("POST", "/api/v1/suggestions/" + std::to_string(b) + "/dismiss", boss_);
  ASSERT_EQ(dis.status, 200) << dis.body;
  EXPECT_EQ(dis.json()["state"], "dismissed");
  EXPECT_EQ(audit_rows("suggestion.accept"), 1);
  EXPECT_EQ(audit_rows("suggestion.dismiss"), 1);
  EXPECT_TRUE(call("GET", "/api/v1/suggestions", boss_).json()["suggestions"].empty());
  EXPECT_EQ(call("GET", "/api/v1/suggestions?state=accepted", boss_).json()["suggestions"].size(), 1u);
  expect_problem(call("POST", "/api/v1/suggestions/" + std::to_string(a) + "/dismiss", boss_), 409, "invalid_state");
  expect_problem(call("POST", "/api/v1/suggestions/999/accept", boss_), 404, "unknown_suggestion");
  expect_problem(call("GET", "/api/v1/suggestions?state=x", boss_), 400, "invalid_parameter");
  // A new suggestion for the item and location may be made once this one is decided.
  EXPECT_GT(suggestion("A-01"), b);
}

TEST_F(InboxApiTest, AnOperatorMakesNoDecisionAndSeesNoInbox) {
  start_as_users();
  const std::string held = hold();
  const std::string d = std::to_string(discrepancy(8)), a = std::to_string(alert()),
                    s = std::to_string(suggestion());
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/inbox"},
           {"PUT", "/api/v1/inbox/documents/" + held + "/lines"},
           {"POST", "/api/v1/inbox/documents/" + held + "/release"},
           {"POST", "/api/v1/inbox/documents/" + held + "/cancel"},
           {"GET", "/api/v1/discrepancies"},
           {"POST", "/api/v1/discrepancies/" + d + "/accept"},
           {"POST", "/api/v1/discrepancies/" + d + "/dismiss"},
           {"GET", "/api/v1/alerts"},
           {"POST", "/api/v1/alerts/" + a + "/acknowledge"},
           {"GET", "/api/v1/suggestions"},
           {"POST", "/api/v1/suggestions/" + s + "/accept"},
           {"POST", "/api/v1/suggestions/" + s + "/dismiss"}}) {
    expect_problem(call(method, path, clerk_, method == "PUT" ? R"({"lines":[{"sku":"TEA-500","qty":1}]})" : ""),
                   403, "forbidden");
    expect_problem(call(method, path, {}), 401, "unauthenticated");
  }
  auto q = inventory::Queries::open(store_path_);
  EXPECT_EQ(*inventory::testing::query_int(**q, "SELECT count(*) FROM audit"), 0);
  EXPECT_EQ(call("GET", "/api/v1/inbox", boss_).json()["counts"],
            json({{"held_document", 1}, {"weight_discrepancy", 1}, {"alert", 1}, {"suggestion", 1}}));
}

}  // namespace
}  // namespace jxc::http
