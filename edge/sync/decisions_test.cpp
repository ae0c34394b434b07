// The central system's decisions on down/cmd: parsed strictly, carried out
// once per message id through the same store functions as the HTTP API,
// refused with a reason and a code, and recorded in the audit trail in the
// transaction of the change.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/suggestion_store.h"
#include "edge/inventory/actors.h"
#include "edge/inventory/count_workflow.h"
#include "edge/inventory/orders.h"
#include "edge/inventory/test_store.h"
#include "edge/sync/central_decisions.h"
#include "edge/sync/engine_downlink.h"

namespace jxc::sync {
namespace {

using inventory::testing::StoreTest;
using json = nlohmann::json;
using R = DownlinkOutcome::Result;

// ---- parsing ----

ParseOutcome parse(const json& j) { return parse_downlink("cmd", j.dump(), 1 << 20); }

std::string problems(const ParseOutcome& p) {
  std::string out;
  for (const auto& s : p.problems) out += s + "; ";
  return out;
}

TEST(DecisionParse, EveryDecisionReadsItsFields) {
  struct Case {
    json payload;
    Command::Name name;
  };
  const Case cases[] = {
      {{{"command", "cancel-order"}, {"number", "ASN-1"}}, Command::Name::cancel_order},
      {{{"command", "release-document"}, {"number", "RCV-1"}}, Command::Name::release_document},
      {{{"command", "cancel-document"}, {"number", "RCV-1"}}, Command::Name::cancel_document},
      {{{"command", "approve-count"}, {"number", "CNT-1"}, {"force", true}}, Command::Name::approve_count},
      {{{"command", "reopen-count"}, {"number", "CNT-1"}}, Command::Name::reopen_count},
      {{{"command", "accept-suggestion"}, {"suggestion_id", "7"}}, Command::Name::accept_suggestion},
      {{{"command", "dismiss-suggestion"}, {"suggestion_id", "7"}}, Command::Name::dismiss_suggestion},
      {{{"command", "ack-alert"}, {"alert_id", "42"}}, Command::Name::ack_alert},
  };
  for (const auto& c : cases) {
    json j = c.payload;
    j["message_id"] = "m-1";
    j["by"] = "王经理";
    auto p = parse(j);
    ASSERT_TRUE(p.ok()) << j.dump() << ": " << problems(p);
    const auto& cmd = std::get<Command>(p.message.body);
    EXPECT_EQ(cmd.name, c.name) << j.dump();
    EXPECT_EQ(command_name(cmd.name), j["command"].get<std::string>());
    EXPECT_TRUE(is_decision(cmd.name));
    EXPECT_EQ(cmd.by, "王经理");
    if (j.contains("number")) {
      EXPECT_EQ(cmd.number, j["number"]);
    }
    if (j.contains("suggestion_id")) {
      EXPECT_EQ(cmd.suggestion_id, 7);
    }
    EXPECT_EQ(cmd.force, j.contains("force"));
  }
  for (auto n : {Command::Name::ping, Command::Name::stock, Command::Name::replay, Command::Name::resync})
    EXPECT_FALSE(is_decision(n)) << command_name(n);
}

TEST(DecisionParse, EveryFieldIsChecked) {
  struct Case {
    const char* payload;
    const char* problem;
  };
  const Case cases[] = {
      {R"({"message_id":"m","command":"cancel-order","number":"ASN-1"})", "by: is required"},
      {R"({"message_id":"m","command":"cancel-order","by":"x"})", "number: is required"},
      {R"({"message_id":"m","command":"cancel-order","number":"ASN-1","by":""})", "by:"},
      {R"({"message_id":"m","command":"cancel-order","number":7,"by":"x"})", "number:"},
      {R"({"message_id":"m","command":"release-document","number":"R-1","by":"x","note":"y"})", "note"},
      {R"({"message_id":"m","command":"cancel-document","number":"R-1","by":"x","force":true})", "force"},
      {R"({"message_id":"m","command":"approve-count","number":"C-1","by":"x","force":"yes"})",
       "force: must be true or false"},
      {R"({"message_id":"m","command":"reopen-count","by":"x"})", "number: is required"},
      {R"({"message_id":"m","command":"accept-suggestion","suggestion_id":7,"by":"x"})", "suggestion_id:"},
      {R"({"message_id":"m","command":"dismiss-suggestion","suggestion_id":"07","by":"x"})",
       "suggestion_id: must be a suggestion id"},
      {R"({"message_id":"m","command":"accept-suggestion","by":"x"})", "suggestion_id: is required"},
      {R"({"message_id":"m","command":"accept-suggestion","suggestion_id":"1","number":"N","by":"x"})", "number"},
      {R"({"message_id":"m","command":"approve-everything","by":"x"})", "command:"},
      // A reading command takes no person.
      {R"({"message_id":"m","command":"ping","by":"x"})", "by"},
  };
  for (const auto& c : cases) {
    auto p = parse_downlink("cmd", c.payload, 1 << 20);
    EXPECT_FALSE(p.ok()) << c.payload;
    EXPECT_NE(problems(p).find(c.problem), std::string::npos) << c.payload << " gave " << problems(p);
    EXPECT_EQ(p.message_id, "m");
  }
}

TEST(DecisionActors, ACentralActorIsThePersonOfItsName) {
  EXPECT_EQ(central_actor("王经理"), "central:王经理");
  EXPECT_EQ(inventory::person_of("central:王经理"), "王经理");
  EXPECT_EQ(inventory::person_of(central_actor("李四")), inventory::person_of("user:李四"));
  // A name that itself looks like an actor is not taken for another person.
  EXPECT_EQ(inventory::person_of(central_actor("user:李四")), "user:李四");
}

// ---- applied to a store ----

class DecisionTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    open_downlink();
  }
  void TearDown() override {
    downlink_.reset();
    StoreTest::TearDown();
  }
  void open_downlink() {
    auto d = Downlink::open(*engine_, clock_);
    ASSERT_TRUE(d.is_ok()) << d.status().to_string();
    downlink_ = std::move(d).value();
  }
  /// Sends a command (with a response topic unless told) and returns the outcome.
  DownlinkOutcome send(const json& payload, bool response_topic = true) {
    return downlink_->handle({"cmd", payload.dump(), response_topic});
  }
  static json answer(const DownlinkOutcome& o) {
    EXPECT_TRUE(o.response_json.has_value());
    return o.response_json ? json::parse(*o.response_json) : json::object();
  }
  std::int64_t count(const std::string& sql) {
    auto r = inventory::testing::query_int(q(), sql);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r ? *r : -1;
  }
  std::int64_t events(const std::string& type) { return count("SELECT count(*) FROM outbox WHERE type='" + type + "'"); }
  std::int64_t audit_rows() { return count("SELECT count(*) FROM audit"); }
  /// Audit rows of a central decision: actor, action and target as given,
  /// the message id in the detail.
  std::int64_t audited(const std::string& by, const std::string& action, const std::string& target,
                       const std::string& message_id) {
    return count("SELECT count(*) FROM audit WHERE actor='central:" + by + "' AND action='" + action +
                 "' AND target='" + target + "' AND json_extract(detail,'$.message_id')='" + message_id + "'");
  }
  std::int64_t recorded(const std::string& message_id) {
    return count("SELECT count(*) FROM downlink_messages WHERE message_id='" + message_id + "'");
  }
  /// Expects a refusal with `code` that changed nothing and recorded nothing.
  void expect_refused(const json& payload, const std::string& code, const std::string& reason_part) {
    const std::int64_t audits = audit_rows();
    auto o = send(payload);
    EXPECT_EQ(o.result, R::rejected) << payload.dump();
    json a = answer(o);
    EXPECT_EQ(a["ok"], false) << a.dump();
    EXPECT_EQ(a.value("code", ""), code) << a.dump();
    EXPECT_EQ(a["command"], payload["command"]) << a.dump();
    EXPECT_NE(a.value("reason", "").find(reason_part), std::string::npos) << a.dump();
    EXPECT_EQ(audit_rows(), audits) << payload.dump();
    EXPECT_EQ(recorded(payload["message_id"]), 0) << "a refused message is not recorded as applied";
  }
  void place_asn(const std::string& number) {
    inventory::Order o;
    o.kind = inventory::OrderKind::expected_receipt;
    o.number = number;
    o.lines.push_back({"TEA-500", "", 10});
    auto r = engine_->run<bool>([&](inventory::Tx& tx) -> Result<bool> {
      JXC_TRY(inventory::upsert_order(tx, o));
      return true;
    });
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  }
  /// A receipt of 5 TEA-500 into RECV-1 held for review, made by `source`.
  std::string hold_receipt(const std::string& source) {
    inventory::DocumentRequest req = inventory::testing::receipt_into("RECV-1", "TEA-500", 5);
    req.source = source;
    req.hold_exceptions = true;
    req.exceptions = {"unexpected tag E280: no item carries it"};
    auto r = engine_->create(req);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_TRUE(r.is_ok() && r->needs_review);
    return r.is_ok() ? r->number : "";
  }
  /// A count of A-01 (holding 5 TEA-500) in which `counter` found 3; submitted when asked.
  void counted(const std::string& number, const std::string& counter, bool submit) {
    receive("TEA-500", 5, "A-01");
    inventory::CountOpen open;
    open.number = number;
    open.locations = {"A-01"};
    open.opened_by = "user:王经理";
    open.tolerance_qty = 1000;
    ASSERT_TRUE(engine_->open_count(open).is_ok());
    inventory::CountEntry e;
    e.count = number;
    e.location = "A-01";
    e.counter = counter;
    e.lines = {inventory::testing::line("TEA-500", 3)};
    auto c = engine_->record_count(e);
    ASSERT_TRUE(c.is_ok()) << c.status().to_string();
    if (submit) {
      auto s = engine_->run<bool>([&](inventory::Tx& tx) -> Result<bool> {
        JXC_TRY(inventory::submit_count(tx, number, counter));
        return true;
      });
      ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    }
  }
  std::int64_t suggest(const std::string& sku) {
    alerts::Suggestion s;
    s.item = sku;
    s.location = "A-01";
    s.qty = 40;
    s.reorder_point = 20;
    auto r = engine_->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
      JXC_ASSIGN(bool made, alerts::store_suggest(tx, s));
      if (!made) return error(Errc::conflict, "a suggestion is open");
      return s.id;
    });
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r ? *r : 0;
  }

  std::unique_ptr<Downlink> downlink_;
};

TEST_F(DecisionTest, AnOrderIsCancelledOnceAndAuditedWithTheCentralUser) {
  place_asn("ASN-7");
  const json cancel = {{"message_id", "d-cancel-1"}, {"command", "cancel-order"}, {"number", "ASN-7"}, {"by", "王经理"}};
  auto o = send(cancel);
  ASSERT_EQ(o.result, R::applied) << o.reason;
  json a = answer(o);
  EXPECT_EQ(a["ok"], true);
  EXPECT_EQ(a["command"], "cancel-order");
  EXPECT_EQ(a["number"], "ASN-7");
  EXPECT_EQ(a["state"], "cancelled");
  EXPECT_EQ(count("SELECT count(*) FROM orders WHERE number='ASN-7' AND state='cancelled'"), 1);
  EXPECT_EQ(audited("王经理", "order.cancel", "order:ASN-7", "d-cancel-1"), 1);

  // Applied once: a repeat of the message id is a duplicate and changes nothing.
  auto dup = send(cancel);
  EXPECT_EQ(dup.result, R::duplicate);
  json d = answer(dup);
  EXPECT_EQ(d["ok"], true);
  EXPECT_EQ(d["duplicate"], true);
  EXPECT_EQ(d["number"], "ASN-7");
  EXPECT_EQ(count("SELECT count(*) FROM audit WHERE action='order.cancel'"), 1);

  // The same decision under a new message id meets a closed order.
  expect_refused({{"message_id", "d-cancel-2"}, {"command", "cancel-order"}, {"number", "ASN-7"}, {"by", "王经理"}},
                 "invalid_state", "order ASN-7 is cancelled");
  expect_refused({{"message_id", "d-cancel-3"}, {"command", "cancel-order"}, {"number", "ASN-404"}, {"by", "王经理"}},
                 "unknown_order", "no order 'ASN-404'");
}

TEST_F(DecisionTest, AHeldDocumentIsReleasedBySomeoneElseThanItsMaker) {
  const std::string doc = hold_receipt("user:李四");
  ASSERT_FALSE(doc.empty());
  // Four-eyes: the central user 李四 is the local user 李四 who made it.
  expect_refused({{"message_id", "d-rel-0"}, {"command", "release-document"}, {"number", doc}, {"by", "李四"}},
                 "four_eyes", "another person must release it");
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 0);

  const json release = {{"message_id", "d-rel-1"}, {"command", "release-document"}, {"number", doc}, {"by", "王经理"}};
  auto o = send(release);
  ASSERT_EQ(o.result, R::applied) << o.reason;
  json a = answer(o);
  EXPECT_EQ(a["number"], doc);
  EXPECT_EQ(a["state"], "posted");
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 5);
  EXPECT_EQ(events("receipt.posted"), 1);
  EXPECT_EQ(audited("王经理", "document.release", "document:" + doc, "d-rel-1"), 1);

  auto dup = send(release);
  EXPECT_EQ(dup.result, R::duplicate);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 5);
  EXPECT_EQ(events("receipt.posted"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit WHERE action='document.release'"), 1);

  // Posted: no longer held, for a release as for a cancel.
  expect_refused({{"message_id", "d-rel-2"}, {"command", "release-document"}, {"number", doc}, {"by", "王经理"}},
                 "invalid_state", "no longer held for review");
  expect_refused({{"message_id", "d-can-9"}, {"command", "cancel-document"}, {"number", doc}, {"by", "王经理"}},
                 "invalid_state", "no longer held for review");
  expect_refused({{"message_id", "d-rel-3"}, {"command", "release-document"}, {"number", "RCV-404"}, {"by", "王经理"}},
                 "unknown_document", "RCV-404");
}

TEST_F(DecisionTest, WithoutFourEyesTheMakerMayReleaseIt) {
  downlink_.reset();
  inventory::EngineOptions opts;
  opts.four_eyes = false;
  open_engine(opts);
  open_downlink();
  const std::string doc = hold_receipt("user:李四");
  auto o = send({{"message_id", "d-rel-own"}, {"command", "release-document"}, {"number", doc}, {"by", "李四"}});
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 5);
}

TEST_F(DecisionTest, AHeldDocumentIsCancelledAndADocumentNotHeldIsRefused) {
  const std::string doc = hold_receipt("DOOR-1");
  const json cancel = {{"message_id", "d-can-1"}, {"command", "cancel-document"}, {"number", doc}, {"by", "王经理"}};
  auto o = send(cancel);
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(answer(o)["state"], "cancelled");
  EXPECT_EQ(events("document.cancelled"), 1);
  EXPECT_EQ(audited("王经理", "document.cancel", "document:" + doc, "d-can-1"), 1);
  EXPECT_EQ(send(cancel).result, R::duplicate);
  EXPECT_EQ(events("document.cancelled"), 1);

  // A draft nobody held for review is not the central system's to cancel this way.
  inventory::DocumentRequest draft = inventory::testing::receipt_into("RECV-1", "TEA-500", 1);
  draft.source = "user:李四";
  auto made = engine_->create(draft);
  ASSERT_TRUE(made.is_ok()) << made.status().to_string();
  expect_refused({{"message_id", "d-can-2"}, {"command", "cancel-document"}, {"number", made->number}, {"by", "王经理"}},
                 "invalid_state", "is not held for review");
}

TEST_F(DecisionTest, ASubmittedCountIsApprovedByAPersonWhoDidNotCountIt) {
  counted("CNT-9", "user:李四", /*submit=*/false);
  const json approve = {{"message_id", "d-app-1"}, {"command", "approve-count"}, {"number", "CNT-9"}, {"by", "王经理"}};
  expect_refused({{"message_id", "d-app-0"}, {"command", "approve-count"}, {"number", "CNT-9"}, {"by", "王经理"}},
                 "invalid_state", "still being counted; submit it first");
  ASSERT_TRUE(engine_->run<bool>([](inventory::Tx& tx) -> Result<bool> {
                       JXC_TRY(inventory::submit_count(tx, "CNT-9", "user:李四"));
                       return true;
                     }).is_ok());
  // Four-eyes: the central user 李四 counted it as the local user 李四.
  expect_refused({{"message_id", "d-app-2"}, {"command", "approve-count"}, {"number", "CNT-9"}, {"by", "李四"}},
                 "four_eyes", "someone who did not count it must approve it");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 5);

  auto o = send(approve);
  ASSERT_EQ(o.result, R::applied) << o.reason;
  json a = answer(o);
  EXPECT_EQ(a["number"], "CNT-9");
  EXPECT_EQ(a["state"], "approved");
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 3);
  EXPECT_EQ(events("count.approved"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM count_sessions WHERE approved_by='central:王经理'"), 1);
  EXPECT_EQ(audited("王经理", "count.approve", "count:CNT-9", "d-app-1"), 1);

  EXPECT_EQ(send(approve).result, R::duplicate);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 3);
  EXPECT_EQ(events("count.approved"), 1);
  expect_refused({{"message_id", "d-app-3"}, {"command", "approve-count"}, {"number", "CNT-9"}, {"by", "王经理"}},
                 "invalid_state", "cannot be approved");
  expect_refused({{"message_id", "d-app-4"}, {"command", "approve-count"}, {"number", "CNT-404"}, {"by", "王经理"}},
                 "unknown_document", "CNT-404");
}

TEST_F(DecisionTest, AForcedApprovalIsAuditedAsForced) {
  counted("CNT-F", "user:李四", /*submit=*/true);
  auto o = send({{"message_id", "d-force"}, {"command", "approve-count"}, {"number", "CNT-F"}, {"force", true},
                 {"by", "王经理"}});
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(count("SELECT count(*) FROM audit WHERE action='count.approve' AND json_extract(detail,'$.force')=1"), 1);
}

TEST_F(DecisionTest, ASubmittedCountIsReopenedOnce) {
  counted("CNT-R", "user:李四", /*submit=*/true);
  const json reopen = {{"message_id", "d-reo-1"}, {"command", "reopen-count"}, {"number", "CNT-R"}, {"by", "王经理"}};
  auto o = send(reopen);
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(answer(o)["state"], "counting");
  EXPECT_EQ(count("SELECT count(*) FROM count_sessions WHERE submitted_by IS NULL"), 1);
  EXPECT_EQ(audited("王经理", "count.reopen", "count:CNT-R", "d-reo-1"), 1);
  EXPECT_EQ(send(reopen).result, R::duplicate);
  EXPECT_EQ(count("SELECT count(*) FROM audit WHERE action='count.reopen'"), 1);
  expect_refused({{"message_id", "d-reo-2"}, {"command", "reopen-count"}, {"number", "CNT-R"}, {"by", "王经理"}},
                 "invalid_state", "only a submitted count can be reopened");
}

TEST_F(DecisionTest, ASuggestionIsAcceptedOrDismissedOnce) {
  const std::int64_t tea = suggest("TEA-500"), rice = suggest("RICE-5");
  const json accept = {{"message_id", "d-sug-1"}, {"command", "accept-suggestion"},
                       {"suggestion_id", std::to_string(tea)}, {"by", "王经理"}};
  auto o = send(accept);
  ASSERT_EQ(o.result, R::applied) << o.reason;
  json a = answer(o);
  EXPECT_EQ(a["suggestion_id"], std::to_string(tea));
  EXPECT_EQ(a["state"], "accepted");
  EXPECT_EQ(count("SELECT count(*) FROM replenishment_suggestions WHERE state='accepted' AND "
                  "decided_by='central:王经理' AND id=" + std::to_string(tea)),
            1);
  EXPECT_EQ(audited("王经理", "suggestion.accept", "suggestion:" + std::to_string(tea), "d-sug-1"), 1);
  auto dup = send(accept);
  EXPECT_EQ(dup.result, R::duplicate);
  EXPECT_EQ(answer(dup)["suggestion_id"], std::to_string(tea));
  EXPECT_EQ(count("SELECT count(*) FROM audit WHERE action='suggestion.accept'"), 1);

  auto d = send({{"message_id", "d-sug-2"}, {"command", "dismiss-suggestion"}, {"suggestion_id", std::to_string(rice)},
                 {"by", "王经理"}});
  ASSERT_EQ(d.result, R::applied) << d.reason;
  EXPECT_EQ(answer(d)["state"], "dismissed");
  EXPECT_EQ(audited("王经理", "suggestion.dismiss", "suggestion:" + std::to_string(rice), "d-sug-2"), 1);

  expect_refused({{"message_id", "d-sug-3"}, {"command", "dismiss-suggestion"}, {"suggestion_id", std::to_string(tea)},
                  {"by", "王经理"}},
                 "invalid_state", "is already accepted");
  expect_refused({{"message_id", "d-sug-4"}, {"command", "accept-suggestion"}, {"suggestion_id", "999"}, {"by", "王经理"}},
                 "unknown_document", "no replenishment suggestion with id 999");
}

TEST_F(DecisionTest, AnAlertAcknowledgementIsAudited) {
  alerts::Alert al = alerts::make_alert({alerts::Kind::low_stock, "TEA-500", "A-01", "", ""}, 3, 10, "low",
                                        clock_.now_ms());
  auto id = engine_->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
    JXC_ASSIGN(bool opened, alerts::store_raise(tx, al));
    (void)opened;
    return al.id;
  });
  ASSERT_TRUE(id.is_ok());
  const json ack = {{"message_id", "d-ack-1"}, {"command", "ack-alert"}, {"alert_id", std::to_string(*id)}, {"by", "王经理"}};
  auto o = send(ack);
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(answer(o)["acked_by"], "王经理");
  EXPECT_EQ(audited("王经理", "alert.acknowledge", "alert:" + std::to_string(*id), "d-ack-1"), 1);
  EXPECT_EQ(send(ack).result, R::duplicate);
  EXPECT_EQ(count("SELECT count(*) FROM audit WHERE action='alert.acknowledge'"), 1);
  expect_refused({{"message_id", "d-ack-2"}, {"command", "ack-alert"}, {"alert_id", "999"}, {"by", "王经理"}},
                 "unknown_document", "999");
}

TEST_F(DecisionTest, WithoutAResponseTopicADecisionIsConfirmedByTheEventStream) {
  place_asn("ASN-8");
  auto o = send({{"message_id", "d-quiet"}, {"command", "cancel-order"}, {"number", "ASN-8"}, {"by", "王经理"}},
                /*response_topic=*/false);
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE type='downlink.applied' AND "
                  "json_extract(payload,'$.message_id')='d-quiet' AND json_extract(payload,'$.kind')='cmd'"),
            1);
  EXPECT_EQ(audited("王经理", "order.cancel", "order:ASN-8", "d-quiet"), 1);
}

}  // namespace
}  // namespace jxc::sync
