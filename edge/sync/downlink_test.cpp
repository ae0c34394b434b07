#include "edge/sync/engine_downlink.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "edge/alerts/alert_store.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"

namespace jxc::sync {
namespace {

using inventory::testing::StoreTest;
using json = nlohmann::json;
using R = DownlinkOutcome::Result;
namespace fs = std::filesystem;

fs::path fixtures() {
  const char* src = std::getenv("JXC_SOURCE_DIR");
  return fs::path(src ? src : JXC_SOURCE_DIR_FALLBACK) / "tests" / "fixtures" / "downlink";
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_TRUE(in.good() || in.eof()) << "cannot read " << p;
  return ss.str();
}

std::string fixture(const std::string& rel) { return read(fixtures() / rel); }

class DownlinkTest : public StoreTest {
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
  void open_downlink(DownlinkOptions opts = {}) {
    auto d = Downlink::open(*engine_, clock_, opts);
    ASSERT_TRUE(d.is_ok()) << d.status().to_string();
    downlink_ = std::move(d).value();
  }
  DownlinkOutcome send(const std::string& kind, const std::string& payload) {
    return downlink_->handle({kind, payload, kind == "cmd"});
  }
  std::int64_t count(const std::string& sql) {
    auto r = inventory::testing::query_int(q(), sql);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r ? *r : -1;
  }
  std::int64_t active_item(const std::string& sku) {
    return count("SELECT active FROM items WHERE sku='" + sku + "'");
  }
  std::int64_t active_location(const std::string& code) {
    return count("SELECT active FROM locations WHERE code='" + code + "'");
  }
  std::int64_t version() {
    auto v = downlink_->master_data_version();
    EXPECT_TRUE(v.is_ok());
    return v ? *v : -1;
  }
  std::int64_t applied_messages() { return count("SELECT count(*) FROM downlink_messages"); }
  std::int64_t events(const std::string& type) {
    return count("SELECT count(*) FROM outbox WHERE type='" + type + "'");
  }
  /// An open alert in the store, as the alert rules would raise it.
  std::int64_t raise_alert(alerts::Kind kind, const std::string& sku, const std::string& subject = "") {
    alerts::Alert a = alerts::make_alert({kind, sku, "A-01", "", subject}, 3, 10, "low", clock_.now_ms());
    auto r = engine_->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
      JXC_ASSIGN(bool opened, alerts::store_raise(tx, a));
      if (!opened) return error(Errc::conflict, "already open");
      return a.id;
    });
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r ? *r : 0;
  }
  std::vector<alerts::Alert> escalate_all() {
    auto r = engine_->run<std::vector<alerts::Alert>>(
        [&](inventory::Tx& tx) { return alerts::store_escalate(tx, clock_.now_ms() + 1); });
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r ? *r : std::vector<alerts::Alert>{};
  }
  std::int64_t threshold_count() { return count("SELECT count(*) FROM thresholds"); }

  std::unique_ptr<Downlink> downlink_;
};

TEST_F(DownlinkTest, SnapshotThenDeltasApplyInOrder) {
  receive("CUP-S", 30, "A-03");  // stock on what the snapshot will retire

  auto s = send("master/snapshot", fixture("master-snapshot/v1.json"));
  ASSERT_EQ(s.result, R::applied) << s.reason;
  EXPECT_EQ(s.message_id, "c0a8e7d2-0001-4000-8000-000000000001");
  EXPECT_EQ(version(), 1);
  EXPECT_EQ(active_item("NOODLE-1"), 1);
  // Absent from the snapshot: retired, never deleted, stock and history kept.
  EXPECT_EQ(active_item("CUP-S"), 0);
  EXPECT_EQ(active_location("A-03"), 0);
  EXPECT_EQ(on_hand("CUP-S", "A-03"), 30);
  EXPECT_EQ(active_location("@SUPPLIER"), 1);  // built-in places are never retired
  EXPECT_EQ(threshold_count(), 2);
  auto site = q().location("S1");
  ASSERT_TRUE(site.is_ok());
  EXPECT_EQ(site->name, "Shanghai DC");

  auto d2 = send("master/delta", fixture("master-delta/v2.json"));
  ASSERT_EQ(d2.result, R::applied) << d2.reason;
  EXPECT_EQ(version(), 2);
  EXPECT_TRUE(q().item("SOY-250").is_ok());
  EXPECT_TRUE(q().item_by_gtin("4012345678901").is_ok());
  EXPECT_TRUE(q().item("PHONE-9")->serial_tracked);
  EXPECT_FALSE(q().item("SOY-250")->serial_tracked);  // absent: false
  // Pack levels and decimals: a case GTIN books 24, rice is counted in kg to
  // the gram and its bag's factor "25" (kg) is 25000 g.
  auto soy_case = q().pack_by_gtin("14012345678908");
  ASSERT_TRUE(soy_case.is_ok()) << soy_case.status().to_string();
  EXPECT_EQ(soy_case->item.sku, "SOY-250");
  EXPECT_EQ(soy_case->unit, "case");
  EXPECT_EQ(soy_case->factor, 24);
  auto rice = q().item("RICE-KG");
  ASSERT_TRUE(rice.is_ok());
  EXPECT_EQ(rice->uom, "kg");
  EXPECT_EQ(rice->decimals, 3);
  ASSERT_EQ(rice->packs.size(), 1u);
  EXPECT_EQ(rice->packs[0].factor, 25'000);
  EXPECT_EQ(q().item("TEA-500")->decimals, 0);  // from a message without the new fields
  EXPECT_TRUE(q().location("A-04").is_ok());
  EXPECT_FALSE(q().location("A-04")->quarantine);
  auto quarantine = q().location("Q-01");
  ASSERT_TRUE(quarantine.is_ok());
  EXPECT_TRUE(quarantine->quarantine);  // a quarantine bin from master data
  auto th = q().thresholds("TEA-500");
  ASSERT_TRUE(th.is_ok());
  EXPECT_TRUE(th->empty());
  EXPECT_EQ(threshold_count(), 2);  // one removed, one added

  auto d3 = send("master/delta", fixture("master-delta/v3.json"));
  ASSERT_EQ(d3.result, R::applied) << d3.reason;
  EXPECT_EQ(version(), 3);
  EXPECT_EQ(active_item("NOODLE-1"), 0);
  EXPECT_EQ(active_location("A-02"), 0);
  EXPECT_EQ(threshold_count(), 1);
  EXPECT_EQ(applied_messages(), 3);
  expect_consistent();
}

// A retired item can only leave: an ASN expecting it is refused whole (it
// could never be received), a pick list of its remaining stock is taken.
TEST_F(DownlinkTest, AnExpectedReceiptOfARetiredItemIsRefusedAPickListIsNot) {
  receive("CUP-S", 30, "A-03");
  ASSERT_EQ(send("master/snapshot", fixture("master-snapshot/v1.json")).result, R::applied);
  ASSERT_EQ(active_item("CUP-S"), 0);
  auto asn = send("asn", R"({"message_id":"asn-retired","number":"ASN-R1","lines":[{"sku":"CUP-S","qty":5}]})");
  EXPECT_EQ(asn.result, R::rejected);
  EXPECT_EQ(asn.message_id, "asn-retired");
  EXPECT_NE(asn.reason.find("item CUP-S is retired and cannot be received"), std::string::npos) << asn.reason;
  EXPECT_FALSE(q().order("ASN-R1").is_ok());
  auto pick = send("picklist", R"({"message_id":"pick-retired","number":"PL-R1","lines":[{"sku":"CUP-S","qty":5}]})");
  EXPECT_EQ(pick.result, R::applied) << pick.reason;
  EXPECT_TRUE(q().order("PL-R1").is_ok());
}

// Without a response topic, an applied message is confirmed by an event in
// the outbox, once; with one, the answer says so and no event is written.
TEST_F(DownlinkTest, AnAppliedMessageIsConfirmedOnceByEventOrByItsAnswer) {
  const std::string asn = fixture("asn/po-0042-dock-1.json");
  auto first = send("asn", asn);
  ASSERT_EQ(first.result, R::applied) << first.reason;
  auto again = send("asn", asn);
  EXPECT_EQ(again.result, R::duplicate);
  ASSERT_TRUE(again.response_json);
  EXPECT_EQ(nlohmann::json::parse(*again.response_json)["duplicate"], true);
  auto answered = downlink_->handle({"picklist", fixture("picklist/so-7781.json"), true});
  ASSERT_EQ(answered.result, R::applied) << answered.reason;
  auto r = nlohmann::json::parse(answered.response_json.value_or("{}"));
  EXPECT_EQ(r["ok"], true);
  EXPECT_EQ(r["kind"], "picklist");
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE type='downlink.applied'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE type='downlink.applied' AND "
                  "json_extract(payload,'$.message_id')='c0a8e7d2-0101-4000-8000-000000000101' AND "
                  "json_extract(payload,'$.kind')='asn'"), 1);
}

TEST_F(DownlinkTest, ASnapshotBringsRetiredRecordsBack) {
  ASSERT_EQ(send("master/snapshot", fixture("master-snapshot/v1.json")).result, R::applied);
  ASSERT_EQ(active_item("CUP-S"), 0);
  json again = json::parse(fixture("master-snapshot/v1.json"));
  again["message_id"] = "snapshot-again";
  again["version"] = 5;
  again["items"].push_back({{"sku", "CUP-S"}, {"name", "Paper cup"}});
  auto o = send("master/snapshot", again.dump());
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(active_item("CUP-S"), 1);
  EXPECT_EQ(version(), 5);
}

TEST_F(DownlinkTest, DeltaWithAGapOrAnOldVersionIsRefused) {
  ASSERT_EQ(send("master/snapshot", fixture("master-snapshot/v1.json")).result, R::applied);

  auto gap = send("master/delta", fixture("master-delta/v3.json"));
  EXPECT_EQ(gap.result, R::rejected);
  EXPECT_NE(gap.reason.find("gap"), std::string::npos) << gap.reason;
  EXPECT_NE(gap.reason.find("version 2 must come first"), std::string::npos) << gap.reason;
  EXPECT_EQ(version(), 1);
  EXPECT_EQ(active_item("NOODLE-1"), 1);
  EXPECT_EQ(active_location("A-02"), 1);

  ASSERT_EQ(send("master/delta", fixture("master-delta/v2.json")).result, R::applied);
  json old = json::parse(fixture("master-delta/v2.json"));
  old["message_id"] = "another-id-same-version";
  auto stale = send("master/delta", old.dump());
  EXPECT_EQ(stale.result, R::rejected);
  EXPECT_NE(stale.reason.find("not newer than the applied version 2"), std::string::npos) << stale.reason;

  // The refused v3 is accepted once its turn comes.
  EXPECT_EQ(send("master/delta", fixture("master-delta/v3.json")).result, R::applied);
  EXPECT_EQ(version(), 3);
}

TEST_F(DownlinkTest, AnOlderSnapshotIsRefused) {
  json s = json::parse(fixture("master-snapshot/v1.json"));
  s["version"] = 7;
  ASSERT_EQ(send("master/snapshot", s.dump()).result, R::applied);
  s["message_id"] = "older";
  s["version"] = 6;
  auto o = send("master/snapshot", s.dump());
  EXPECT_EQ(o.result, R::rejected);
  EXPECT_NE(o.reason.find("older than the applied version 7"), std::string::npos) << o.reason;
}

TEST_F(DownlinkTest, MalformedOversizeAndWrongSchemaChangeNothing) {
  auto check = [&](const std::string& kind, const std::string& payload, const std::string& why) {
    auto o = send(kind, payload);
    EXPECT_EQ(o.result, R::rejected) << kind << " " << payload.substr(0, 80);
    EXPECT_NE(o.reason.find(why), std::string::npos) << o.reason;
  };
  check("master/snapshot", "{\"message_id\": \"m1\", \"version\": 1, \"items\": [", "not valid JSON");
  check("master/snapshot", "", "not valid JSON");
  check("asn", std::string(200, '[') + std::string(200, ']'), "nested deeper");
  check("asn", "\"just a string\"", "must be a JSON object");
  check("master/fancy", "{}", "unknown downlink kind");
  check("master/delta",
        R"({"message_id":"m2","version":1,"upsert":{"items":[{"sku":"A B"}]},"extra":1})",
        "extra: is not a known field");
  check("asn", R"({"message_id":"m3","number":"ASN-9","lines":[{"sku":"TEA-500","qty":1.5}]})",
        "lines[0].qty: must be a whole number");

  DownlinkOptions small;
  small.max_payload_bytes = 1000;
  open_downlink(small);
  check("master/snapshot", fixture("master-snapshot/v1.json"), "exceeds the limit of 1000 bytes");

  EXPECT_EQ(applied_messages(), 0);
  EXPECT_EQ(version(), 0);
  EXPECT_EQ(active_item("CUP-S"), 1);
}

TEST_F(DownlinkTest, TruncatedAndGarbledPayloadsAreRejectedAndChangeNothing) {
  const std::string snapshot = fixture("master-snapshot/v1.json");
  for (std::size_t n = 0; n + 1 < snapshot.size(); ++n) {
    // Only the closing brace and trailing whitespace may go and leave valid JSON.
    std::string cut = snapshot.substr(0, n);
    if (cut.find_last_of('}') != std::string::npos &&
        cut.find_first_not_of(" \n\r\t", cut.find_last_of('}') + 1) == std::string::npos &&
        json::accept(cut))
      continue;
    auto o = send("master/snapshot", cut);
    ASSERT_EQ(o.result, R::rejected) << "prefix of " << n << " bytes";
    ASSERT_FALSE(o.reason.empty());
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    std::string junk(rng() % 64, '\0');
    for (auto& c : junk) c = static_cast<char>(rng() % 256);
    for (const auto& kind : downlink_kinds()) EXPECT_EQ(send(kind, junk).result, R::rejected);
  }
  // A string with bytes that are not UTF-8.
  EXPECT_EQ(send("cmd", "{\"message_id\":\"\xff\xfe\",\"command\":\"ping\"}").result, R::rejected);
  EXPECT_EQ(applied_messages(), 0);
  EXPECT_EQ(version(), 0);
}

// Names and codes from the central system are text a person reads: control
// characters (C0, DEL and C1, JSON-escaped or not) refuse the message.
TEST_F(DownlinkTest, ControlCharactersInTextRefuseTheMessage) {
  for (const char* name : {R"(\u001b[2J)", R"(csi \u009b31m)", R"(nel \u0085)", R"(del \u007f)", "tab\\t"}) {
    auto o = send("master/delta", std::string(R"({"message_id":"m9","version":1,"upsert":{"items":[{"sku":"A-1","name":")") +
                                      name + R"("}]}})");
    EXPECT_EQ(o.result, R::rejected) << name;
    EXPECT_NE(o.reason.find("must not contain control characters"), std::string::npos) << name << ": " << o.reason;
  }
  EXPECT_EQ(applied_messages(), 0);
}

TEST_F(DownlinkTest, APackFactorIsReadExactlyOrRefusedWithItsPath) {
  auto o = send("master/delta", R"({"message_id":"p1","version":1,"upsert":{"items":[)"
                                R"({"sku":"OIL-L","uom":"L","decimals":1,"packs":[{"unit":"can","factor":2.5},)"
                                R"({"unit":"drum","factor":"200.05"}]}]}})");
  EXPECT_EQ(o.result, R::rejected);
  EXPECT_NE(o.reason.find("upsert.items[0].packs[1].factor: '200.05' has more than 1 decimals"), std::string::npos)
      << o.reason;
  o = send("master/delta", R"({"message_id":"p2","version":1,"upsert":{"items":[)"
                           R"({"sku":"OIL-L","uom":"L","decimals":1,"packs":[{"unit":"can","factor":2.5}]}]}})");
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(q().item("OIL-L")->packs.at(0).factor, 25);
}

TEST_F(DownlinkTest, AnItemsCategoryIsKeptAndAControlCharacterInItRefused) {
  auto o = send("master/delta", R"({"message_id":"c1","version":1,"upsert":{"items":[)"
                                R"({"sku":"OIL-L","name":"Oil","category":"粮油\u0007"}]}})");
  EXPECT_EQ(o.result, R::rejected);
  EXPECT_NE(o.reason.find("upsert.items[0].category"), std::string::npos) << o.reason;
  o = send("master/delta", R"({"message_id":"c2","version":1,"upsert":{"items":[)"
                           R"({"sku":"OIL-L","name":"Oil","category":"粮油"}]}})");
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(q().item("OIL-L")->category, "粮油");
  // Master data lists the whole item: sent again without one, it has none.
  o = send("master/delta", R"({"message_id":"c3","version":2,"upsert":{"items":[{"sku":"OIL-L","name":"Oil"}]}})");
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(q().item("OIL-L")->category, "");
}

TEST_F(DownlinkTest, ASerialTrackedItemIsCountedInWholeUnits) {
  auto o = send("master/delta", R"({"message_id":"s1","version":1,"upsert":{"items":[)"
                                R"({"sku":"CABLE-M","uom":"m","decimals":2,"serial_tracked":true}]}})");
  EXPECT_EQ(o.result, R::rejected);
  EXPECT_NE(o.reason.find("decimals must be 0"), std::string::npos) << o.reason;
  o = send("master/delta", R"({"message_id":"s2","version":1,"upsert":{"items":[)"
                           R"({"sku":"PHONE-9","serial_tracked":true}]}})");
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_TRUE(q().item("PHONE-9")->serial_tracked);
}

TEST_F(DownlinkTest, EveryInvalidFixtureIsRejectedWithAReason) {
  int seen = 0;
  for (const auto& dir : fs::directory_iterator(fixtures() / "invalid")) {
    std::string kind = dir.path().filename().string();
    if (kind == "master-snapshot") kind = "master/snapshot";
    if (kind == "master-delta") kind = "master/delta";
    for (const auto& f : fs::directory_iterator(dir.path())) {
      auto o = send(kind, read(f.path()));
      EXPECT_EQ(o.result, R::rejected) << f.path();
      EXPECT_FALSE(o.reason.empty()) << f.path();
      ++seen;
    }
  }
  EXPECT_GE(seen, 12);
  EXPECT_EQ(applied_messages(), 0);
}

TEST_F(DownlinkTest, EveryValidFixtureIsAccepted) {
  ASSERT_EQ(raise_alert(alerts::Kind::low_stock, "TEA-500"), 1);  // what cmd/ack-alert.json acknowledges
  // In the order a central system would send them.
  EXPECT_EQ(send("master/snapshot", fixture("master-snapshot/v1.json")).result, R::applied);
  EXPECT_EQ(send("master/delta", fixture("master-delta/v2.json")).result, R::applied);
  EXPECT_EQ(send("master/delta", fixture("master-delta/v3.json")).result, R::applied);
  for (const auto& [kind, dir] : std::vector<std::pair<std::string, std::string>>{
           {"asn", "asn"}, {"picklist", "picklist"}, {"count", "count"}, {"cmd", "cmd"}}) {
    for (const auto& f : fs::directory_iterator(fixtures() / dir)) {
      auto o = send(kind, read(f.path()));
      EXPECT_EQ(o.result, R::applied) << f.path() << ": " << o.reason;
    }
  }
}

TEST_F(DownlinkTest, AFailingRecordTakesBackTheWholeSnapshot) {
  json s = json::parse(fixture("master-snapshot/v1.json"));
  // Well-formed, but the check digit is wrong: only the store's checks see it.
  s["items"][2]["gtins"] = {"6901234567890"};
  auto o = send("master/snapshot", s.dump());
  ASSERT_EQ(o.result, R::rejected);
  EXPECT_NE(o.reason.find("items: nothing imported"), std::string::npos) << o.reason;
  EXPECT_NE(o.reason.find("#3 SKU 'MILK-1'"), std::string::npos) << o.reason;
  // The retirement that ran before the failing import is undone with it.
  EXPECT_EQ(active_item("CUP-S"), 1);
  EXPECT_EQ(active_location("A-03"), 1);
  EXPECT_FALSE(q().item("NOODLE-1").is_ok());
  EXPECT_EQ(version(), 0);
  EXPECT_EQ(applied_messages(), 0);

  // A snapshot must stand on its own: a parent it leaves out would be retired.
  json orphan = json::parse(fixture("master-snapshot/v1.json"));
  orphan["locations"].erase(0);
  auto o2 = send("master/snapshot", orphan.dump());
  EXPECT_EQ(o2.result, R::rejected);
  EXPECT_NE(o2.reason.find("'S1' is not in the snapshot"), std::string::npos) << o2.reason;
}

TEST_F(DownlinkTest, DuplicatesAreAppliedOnce) {
  auto first = send("asn", fixture("asn/po-0042-dock-1.json"));
  ASSERT_EQ(first.result, R::applied) << first.reason;
  // The order is received against, then the same message arrives again (QoS 1).
  inventory::DocumentRequest r;
  r.type = inventory::DocType::receipt;
  r.order = "ASN-1001";
  r.to = "RECV-1";
  r.lines.push_back(inventory::testing::line("TEA-500", 10));
  r.source = "test";
  ASSERT_TRUE(engine_->post(r).is_ok());
  auto again = send("asn", fixture("asn/po-0042-dock-1.json"));
  EXPECT_EQ(again.result, R::duplicate) << again.reason;
  auto order = q().order("ASN-1001");
  ASSERT_TRUE(order.is_ok());
  EXPECT_EQ(order->lines[0].done, 10);
  EXPECT_EQ(order->source, "central");

  ASSERT_EQ(send("master/snapshot", fixture("master-snapshot/v1.json")).result, R::applied);
  ASSERT_EQ(send("master/delta", fixture("master-delta/v2.json")).result, R::applied);
  EXPECT_EQ(send("master/snapshot", fixture("master-snapshot/v1.json")).result, R::duplicate);
  EXPECT_EQ(send("master/delta", fixture("master-delta/v2.json")).result, R::duplicate);
  EXPECT_EQ(version(), 2);
  EXPECT_EQ(applied_messages(), 3);
}

TEST_F(DownlinkTest, ExpectedReceiptsForADoorOrAnyDoor) {
  ASSERT_EQ(send("asn", fixture("asn/po-0042-dock-1.json")).result, R::applied);
  ASSERT_EQ(send("asn", fixture("asn/po-0043-any-door.json")).result, R::applied);
  auto a = q().order("ASN-1001");
  ASSERT_TRUE(a.is_ok());
  EXPECT_EQ(a->kind, inventory::OrderKind::expected_receipt);
  EXPECT_EQ(a->door, "DOCK-1");
  EXPECT_EQ(a->ref, "PO-2026-0042");
  EXPECT_EQ(a->partner, "Hangzhou Tea Co.");
  ASSERT_TRUE(a->tolerance_pct.has_value());
  EXPECT_DOUBLE_EQ(*a->tolerance_pct, 5);
  ASSERT_EQ(a->lines.size(), 2u);
  EXPECT_EQ(a->lines[1].lot, "L2611");
  auto b = q().order("ASN-1002");
  ASSERT_TRUE(b.is_ok());
  EXPECT_EQ(b->door, "");

  json unknown = json::parse(fixture("asn/po-0043-any-door.json"));
  unknown["message_id"] = "asn-unknown-sku";
  unknown["number"] = "ASN-1003";
  unknown["lines"][0]["sku"] = "NO-SUCH";
  auto o = send("asn", unknown.dump());
  EXPECT_EQ(o.result, R::rejected);
  EXPECT_NE(o.reason.find("expected receipt: no item with SKU 'NO-SUCH'"), std::string::npos) << o.reason;
  EXPECT_FALSE(q().order("ASN-1003").is_ok());
}

TEST_F(DownlinkTest, PickListsAndCountRequests) {
  ASSERT_EQ(send("picklist", fixture("picklist/so-7781.json")).result, R::applied);
  auto p = q().order("PL-7781");
  ASSERT_TRUE(p.is_ok());
  EXPECT_EQ(p->kind, inventory::OrderKind::pick_list);
  EXPECT_EQ(p->partner, "Lianhua Supermarket #12");
  EXPECT_EQ(p->lines.size(), 2u);

  receive("TEA-500", 7, "A-01");
  auto c = send("count", fixture("count/aisle-a.json"));
  ASSERT_EQ(c.result, R::applied) << c.reason;
  auto report = q().count_report("CNT-C-0007");
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_EQ(report->uncounted.size(), 3u);  // A-01..A-03

  // A second request over the same bins conflicts with the open count.
  json again = json::parse(fixture("count/aisle-a.json"));
  again["message_id"] = "second-count";
  again["number"] = "CNT-C-0008";
  auto busy = send("count", again.dump());
  EXPECT_EQ(busy.result, R::rejected);
  EXPECT_NE(busy.reason.find("already being counted"), std::string::npos) << busy.reason;
}

TEST_F(DownlinkTest, PingAndStockAreAnswered) {
  auto ping = send("cmd", fixture("cmd/ping.json"));
  ASSERT_EQ(ping.result, R::applied) << ping.reason;
  ASSERT_TRUE(ping.response_json);
  auto pj = json::parse(*ping.response_json);
  EXPECT_EQ(pj["ok"], true);
  EXPECT_EQ(pj["command"], "ping");
  EXPECT_EQ(pj["message_id"], "c0a8e7d2-0401-4000-8000-000000000401");
  EXPECT_EQ(pj["gateway_time"], format_iso8601(clock_.now_ms()));
  EXPECT_EQ(pj["epoch"], engine_->epoch());
  // Reads are answered on every delivery.
  EXPECT_EQ(send("cmd", fixture("cmd/ping.json")).result, R::applied);

  receive("TEA-500", 10, "A-01");
  receive("TEA-500", 4, "A-02");
  auto stock = send("cmd", fixture("cmd/stock.json"));
  ASSERT_EQ(stock.result, R::applied) << stock.reason;
  auto sj = json::parse(*stock.response_json);
  EXPECT_EQ(sj["total"], 14);
  EXPECT_EQ(sj["balances"].size(), 2u);

  auto unknown = send("cmd", R"({"message_id":"s2","command":"stock","sku":"NO-SUCH"})");
  EXPECT_EQ(unknown.result, R::rejected);
  ASSERT_TRUE(unknown.response_json);
  auto uj = json::parse(*unknown.response_json);
  EXPECT_EQ(uj["ok"], false);
  EXPECT_NE(uj["reason"].get<std::string>().find("NO-SUCH"), std::string::npos);

  auto bad = send("cmd", R"({"message_id":"s3","command":"ping","sku":"TEA-500"})");
  EXPECT_EQ(bad.result, R::rejected);
  ASSERT_TRUE(bad.response_json);
  EXPECT_EQ(json::parse(*bad.response_json)["message_id"], "s3");
}

TEST_F(DownlinkTest, ReplayAndResyncAskTheTransportOnce) {
  receive("TEA-500", 1, "A-01");
  receive("TEA-500", 2, "A-01");
  auto replay = send("cmd", fixture("cmd/replay.json"));
  ASSERT_EQ(replay.result, R::applied) << replay.reason;
  EXPECT_EQ(replay.action, DownlinkOutcome::Action::replay);
  EXPECT_EQ(replay.replay_from_seq, 1);
  auto rj = json::parse(*replay.response_json);
  EXPECT_EQ(rj["last_seq"], 2);
  EXPECT_EQ(rj["complete"], true);

  auto dup = send("cmd", fixture("cmd/replay.json"));
  EXPECT_EQ(dup.result, R::duplicate);
  EXPECT_EQ(dup.action, DownlinkOutcome::Action::none);
  // Not carried out again, but the answer still says where the stream stands.
  auto dj = json::parse(dup.response_json.value_or("{}"));
  EXPECT_EQ(dj["duplicate"], true);
  EXPECT_EQ(dj["last_seq"], 2);
  EXPECT_EQ(dj["oldest_available_seq"], 1);
  EXPECT_EQ(dj["complete"], true);
  EXPECT_EQ(dj["from_seq"], rj["from_seq"]);

  auto beyond = send("cmd", R"({"message_id":"r2","command":"replay","from_seq":9})");
  EXPECT_EQ(beyond.result, R::rejected);
  EXPECT_NE(beyond.reason.find("newest event is 2"), std::string::npos) << beyond.reason;
  EXPECT_EQ(beyond.action, DownlinkOutcome::Action::none);
  auto other_epoch =
      send("cmd", R"({"message_id":"r3","command":"replay","from_seq":1,"epoch":"someone-else"})");
  EXPECT_EQ(other_epoch.result, R::rejected);
  EXPECT_NE(other_epoch.reason.find("epoch"), std::string::npos);

  // Acknowledged and pruned events cannot come again: the answer says so.
  receive("TEA-500", 3, "A-01");
  ASSERT_TRUE(inventory::Outbox::acknowledge_up_to(*engine_, engine_->epoch(), 2).is_ok());
  clock_.advance(std::chrono::hours(1));
  ASSERT_EQ(*inventory::Outbox::prune(*engine_, clock_.now_ms()), 2);
  auto pruned = send("cmd", R"({"message_id":"r4","command":"replay","from_seq":1})");
  ASSERT_EQ(pruned.result, R::applied) << pruned.reason;
  EXPECT_EQ(pruned.action, DownlinkOutcome::Action::replay);
  EXPECT_EQ(pruned.replay_from_seq, 3);
  auto pj = json::parse(*pruned.response_json);
  EXPECT_EQ(pj["complete"], false);
  EXPECT_EQ(pj["oldest_available_seq"], 3);
  EXPECT_EQ(pj["last_seq"], 3);

  auto resync = send("cmd", fixture("cmd/resync.json"));
  ASSERT_EQ(resync.result, R::applied) << resync.reason;
  EXPECT_EQ(resync.action, DownlinkOutcome::Action::resync_master_data);
  EXPECT_EQ(json::parse(*resync.response_json)["master_data_version"], 0);
}

TEST_F(DownlinkTest, AnAlertAcknowledgedByTheCentralSystemStopsEscalatingAndIsAnEvent) {
  const std::int64_t acked = raise_alert(alerts::Kind::low_stock, "TEA-500");
  const std::int64_t left = raise_alert(alerts::Kind::stockout, "TEA-500");
  const std::string ack = R"({"message_id":"ack-1","command":"ack-alert","alert_id":")" + std::to_string(acked) +
                          R"(","by":"王经理"})";
  auto o = send("cmd", ack);
  ASSERT_EQ(o.result, R::applied) << o.reason;
  auto j = json::parse(*o.response_json);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["command"], "ack-alert");
  EXPECT_EQ(j["alert_id"], std::to_string(acked));
  EXPECT_EQ(j["acked_by"], "王经理");
  EXPECT_EQ(j["state"], "open");
  EXPECT_EQ(j["acked_at"], format_iso8601(clock_.now_ms()));
  EXPECT_EQ(events("alert.acknowledged"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM alerts WHERE acked_by='王经理' AND id=" + std::to_string(acked)), 1);

  // Applied once: a second delivery says who acknowledged and writes nothing.
  auto dup = send("cmd", ack);
  EXPECT_EQ(dup.result, R::duplicate);
  auto dj = json::parse(*dup.response_json);
  EXPECT_EQ(dj["duplicate"], true);
  EXPECT_EQ(dj["acked_by"], "王经理");
  EXPECT_EQ(events("alert.acknowledged"), 1);

  // Only the alert nobody acknowledged escalates.
  clock_.advance(std::chrono::hours(2));
  auto escalated = escalate_all();
  ASSERT_EQ(escalated.size(), 1u);
  EXPECT_EQ(escalated[0].id, left);
}

TEST_F(DownlinkTest, AnAcknowledgementOfNoOpenAlertIsRefusedAndNotRecorded) {
  auto o = send("cmd", R"({"message_id":"ack-9","command":"ack-alert","alert_id":"99","by":"王经理"})");
  EXPECT_EQ(o.result, R::rejected);
  EXPECT_NE(o.reason.find("no open alert with id 99"), std::string::npos) << o.reason;
  EXPECT_EQ(json::parse(*o.response_json)["ok"], false);
  EXPECT_EQ(applied_messages(), 0);
  // Open alerts exist: what follows is refused for its own mistakes.
  for (int i = 0; i < 2; ++i) raise_alert(alerts::Kind::low_stock, "SKU-" + std::to_string(i));

  for (const char* bad : {R"({"message_id":"a1","command":"ack-alert","alert_id":"7"})",
                          R"({"message_id":"a2","command":"ack-alert","alert_id":7,"by":"x"})",
                          R"({"message_id":"a3","command":"ack-alert","alert_id":"07","by":"x"})",
                          R"({"message_id":"a4","command":"ack-alert","alert_id":"1","by":""})",
                          R"({"message_id":"a5","command":"ack-alert","alert_id":"1","by":"x","note":"y"})"}) {
    auto r = send("cmd", bad);
    EXPECT_EQ(r.result, R::rejected) << bad;
  }
  EXPECT_EQ(applied_messages(), 0);
  EXPECT_EQ(events("alert.acknowledged"), 0);
}

TEST_F(DownlinkTest, AcknowledgingACountVarianceEndsItAndWithoutAResponseTopicTheEventConfirms) {
  const std::int64_t id = raise_alert(alerts::Kind::count_variance, "TEA-500", "CNT-7");
  auto o = downlink_->handle({"cmd",
                              R"({"message_id":"ack-cv","command":"ack-alert","alert_id":")" + std::to_string(id) +
                                  R"(","by":"李主管"})",
                              false});
  ASSERT_EQ(o.result, R::applied) << o.reason;
  EXPECT_EQ(json::parse(*o.response_json)["state"], "cleared");
  EXPECT_EQ(events("alert.acknowledged"), 1);
  EXPECT_EQ(events("alert.cleared"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE type='downlink.applied' AND payload LIKE '%ack-cv%'"), 1);
}

// Applied message ids are forgotten after the retention; a duplicate that
// arrives later than that is applied again (the documented trade-off).
TEST_F(DownlinkTest, AppliedMessageIdsArePrunedAfterTheRetention) {
  ASSERT_EQ(send("asn", fixture("asn/po-0042-dock-1.json")).result, R::applied);
  clock_.advance(std::chrono::hours(2));
  ASSERT_EQ(send("asn", fixture("asn/po-0043-any-door.json")).result, R::applied);
  ASSERT_EQ(applied_messages(), 2);
  const TimeMs now = clock_.now_ms();
  // Retention 3 h: both are younger, both kept.
  EXPECT_EQ(*prune_applied_messages(*engine_, now - 3 * 3'600'000), 0);
  // Retention 1 h: the first (2 h old) goes, the second (just now) stays.
  EXPECT_EQ(*prune_applied_messages(*engine_, now - 3'600'000), 1);
  EXPECT_EQ(applied_messages(), 1);
  EXPECT_EQ(send("asn", fixture("asn/po-0043-any-door.json")).result, R::duplicate);
  EXPECT_EQ(send("asn", fixture("asn/po-0042-dock-1.json")).result, R::applied);
}

}  // namespace
}  // namespace jxc::sync
