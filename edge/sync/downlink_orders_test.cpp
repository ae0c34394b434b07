// Expected receipts and pick lists as the central system sends them: SSCC
// pallets, line ids echoed in the events, units and the expected time, and
// every bad value refused with the field it is in.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"
#include "edge/sync/engine_downlink.h"

namespace jxc::sync {
namespace {

using inventory::testing::StoreTest;
using json = nlohmann::json;
using R = DownlinkOutcome::Result;

constexpr const char* kPalletA = "069012340000000016";
constexpr const char* kPalletB = "069012340000000023";

class DownlinkOrdersTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    auto d = Downlink::open(*engine_, clock_, {});
    ASSERT_TRUE(d.is_ok()) << d.status().to_string();
    downlink_ = std::move(d).value();
    // Soy sauce by the bottle, in cases of 24.
    auto o = send("master/delta", R"({"message_id":"m1","version":1,"upsert":{"items":[)"
                                  R"({"sku":"SOY-250","name":"Soy sauce 250ml","packs":[{"unit":"case","factor":24}]}]}})");
    ASSERT_EQ(o.result, R::applied) << o.reason;
  }
  void TearDown() override {
    downlink_.reset();
    StoreTest::TearDown();
  }
  DownlinkOutcome send(const std::string& kind, const std::string& payload) {
    return downlink_->handle({kind, payload, false});
  }
  /// The payload of the last outbox event of `type`.
  json last_event(const std::string& type) {
    auto events = inventory::Outbox::peek_after(q(), 0, 1000);
    EXPECT_TRUE(events.is_ok());
    json found;
    for (const auto& e : events ? *events : std::vector<inventory::OutboxEvent>{})
      if (e.type == type) found = json::parse(e.payload);
    return found;
  }
  /// The reason an ASN with these top-level fields (after number) is refused.
  std::string refused(const std::string& fields) {
    auto o = send("asn", R"({"message_id":"bad-)" + std::to_string(++sent_) + R"(","number":"ASN-X",)" + fields + "}");
    EXPECT_EQ(o.result, R::rejected) << fields;
    return o.reason;
  }

  std::unique_ptr<Downlink> downlink_;
  int sent_ = 0;
};

TEST_F(DownlinkOrdersTest, AnAsnCarriesPalletsLineIdsUnitsAndItsExpectedTime) {
  auto o = send("asn", std::string(R"({"message_id":"a1","number":"ASN-P1","ref":"PO-1","supplier":"海天",)") +
                           R"("expected_at":"2025-11-24T16:00:00Z",)" +
                           R"("lines":[{"line_id":"10","sku":"SOY-250","quantity":2,"unit":"case","sscc":")" + kPalletA +
                           R"("}],"pallets":[{"sscc":")" + kPalletB +
                           R"(","lines":[{"line_id":"20","sku":"TEA-500","qty":30},)"
                           R"({"line_id":"30","sku":"RICE-5","quantity":"4"}]}]})");
  ASSERT_EQ(o.result, R::applied) << o.reason;
  auto order = q().order("ASN-P1");
  ASSERT_TRUE(order.is_ok()) << order.status().to_string();
  ASSERT_TRUE(order->expected_at.has_value());
  TimeMs due = 0;
  ASSERT_TRUE(parse_iso8601("2025-11-24T16:00:00Z", &due));
  EXPECT_EQ(*order->expected_at, due);
  ASSERT_EQ(order->lines.size(), 3u);
  EXPECT_EQ(order->lines[0].qty, 48) << "2 cases of 24";
  EXPECT_EQ(order->lines[0].unit, "case");
  EXPECT_EQ(order->lines[0].entered, "2");
  EXPECT_EQ(order->lines[0].sscc, kPalletA);
  EXPECT_EQ(order->lines[0].line_id, "10");
  EXPECT_EQ(order->lines[1].sscc, kPalletB);
  EXPECT_EQ(order->lines[1].qty, 30);
  EXPECT_EQ(order->lines[2].sscc, kPalletB) << "a pallet's lines arrive on its SSCC";
  EXPECT_EQ(order->lines[2].qty, 4);
  EXPECT_EQ(order->lines[2].unit, "EA") << "no unit: the base unit";
  auto pallet = q().pallet_lines(kPalletB);
  ASSERT_TRUE(pallet.is_ok());
  EXPECT_EQ(pallet->size(), 2u) << "a mixed pallet holds both lines";

  // A receipt against it names the PO lines it fulfils.
  inventory::DocumentRequest r = inventory::testing::receipt_into("RECV-1", "SOY-250", 48);
  r.lines.push_back(inventory::testing::line("TEA-500", 30));
  r.order = "ASN-P1";
  auto posted = engine_->post(r);
  ASSERT_TRUE(posted.is_ok()) << posted.status().to_string();
  json e = last_event("receipt.posted");
  ASSERT_TRUE(e.is_object());
  EXPECT_EQ(e["document"]["lines"][0]["order_line_ids"], json::array({"10"}));
  EXPECT_EQ(e["document"]["lines"][1]["order_line_ids"], json::array({"20"}));
}

TEST_F(DownlinkOrdersTest, APickListLinesIdsComeBackOnItsIssue) {
  receive("TEA-500", 10, "A-01");
  auto o = send("picklist", R"({"message_id":"p1","number":"PL-1","ref":"SO-1","lines":[)"
                            R"({"line_id":"SO-1/1","sku":"TEA-500","qty":4}]})");
  ASSERT_EQ(o.result, R::applied) << o.reason;
  inventory::DocumentRequest r;
  r.type = inventory::DocType::issue;
  r.from = "A-01";
  r.order = "PL-1";
  r.lines = {inventory::testing::line("TEA-500", 4)};
  ASSERT_TRUE(engine_->post(r).is_ok());
  json e = last_event("issue.posted");
  EXPECT_EQ(e["document"]["lines"][0]["order_line_ids"], json::array({"SO-1/1"}));
  EXPECT_EQ(e["document"]["order"]["ref"], "SO-1");
}

TEST_F(DownlinkOrdersTest, BadValuesAreRefusedNamingTheirField) {
  EXPECT_NE(refused(R"("lines":[{"sku":"TEA-500","qty":1,"sscc":"069012340000000017"}])")
                .find("lines[0].sscc: check digit 7 should be 6"),
            std::string::npos);
  EXPECT_NE(refused(R"("pallets":[{"sscc":"06901234","lines":[{"sku":"TEA-500","qty":1}]}])")
                .find("pallets[0].sscc: must be 18 digits"),
            std::string::npos);
  std::string why = refused(std::string(R"("pallets":[{"sscc":")") + kPalletA +
                            R"(","lines":[{"sku":"TEA-500","qty":1,"sscc":")" + kPalletB + R"("}]}])");
  EXPECT_NE(why.find("pallets[0].lines[0].sscc"), std::string::npos) << why;
  why = refused(R"("expected_at":"2025-11-24 16:00","lines":[{"sku":"TEA-500","qty":1}])");
  EXPECT_NE(why.find("expected_at: '2025-11-24 16:00' is not an RFC 3339 UTC time"), std::string::npos) << why;
  why = refused(R"("expected_at":"2025-11-24T16:00:00+08:00","lines":[{"sku":"TEA-500","qty":1}])");
  EXPECT_NE(why.find("expected_at:"), std::string::npos) << why;
  why = refused(R"("lines":[{"sku":"SOY-250","qty":2,"unit":"case"}])");
  EXPECT_NE(why.find("lines[0].unit: goes with quantity, not qty"), std::string::npos) << why;
  why = refused(R"("lines":[{"sku":"SOY-250","qty":48,"quantity":2,"unit":"case"}])");
  EXPECT_NE(why.find("lines[0].quantity: give qty"), std::string::npos) << why;
  why = refused(R"("lines":[{"sku":"SOY-250","quantity":"0"}])");
  EXPECT_NE(why.find("lines[0].quantity: must be positive"), std::string::npos) << why;
  why = refused(R"("lines":[{"line_id":"1","sku":"TEA-500","qty":1},{"line_id":"1","sku":"RICE-5","qty":1}])");
  EXPECT_NE(why.find("line_id '1' is on more than one line"), std::string::npos) << why;
  // Only the store knows an item's units.
  why = refused(R"("lines":[{"sku":"TEA-500","qty":1},{"sku":"SOY-250","quantity":2,"unit":"crate"}])");
  EXPECT_NE(why.find("line 2: item SOY-250 has no unit 'crate' (its units: "), std::string::npos) << why;
  why = refused(R"("lines":[{"sku":"SOY-250","quantity":"1.5","unit":"case"}])");
  EXPECT_NE(why.find("line 1: item SOY-250 in case:"), std::string::npos) << why;
  // A pick list has no pallets and no expected time.
  auto o = send("picklist", std::string(R"({"message_id":"p9","number":"PL-9","lines":[{"sku":"TEA-500","qty":1,"sscc":")") +
                                kPalletA + R"("}]})");
  EXPECT_EQ(o.result, R::rejected);
  EXPECT_NE(o.reason.find("lines[0].sscc"), std::string::npos) << o.reason;
  o = send("picklist", R"({"message_id":"p10","number":"PL-9","expected_at":"2025-11-24T16:00:00Z","lines":[{"sku":"TEA-500","qty":1}]})");
  EXPECT_EQ(o.result, R::rejected);
  EXPECT_FALSE(q().order("ASN-X").is_ok()) << "nothing of a refused message is kept";
}

}  // namespace
}  // namespace jxc::sync
