// The overdue-ASN alert against a real store and a manual clock: raised once
// when an open expected receipt is past its expected time plus the grace,
// worded for people, and cleared when it is received or cancelled.
#include <gtest/gtest.h>

#include "edge/alerts/alert_service.h"
#include "edge/alerts/alert_store.h"
#include "edge/inventory/orders.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"

namespace jxc::alerts {
namespace {

using inventory::testing::line;

class AsnOverdueTest : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    cfg_.backlog_events = 1'000'000;
    cfg_.backlog_minutes = 1'000'000;
    cfg_.asn_overdue_minutes = 120;
    auto sh = TimeZone::named("Asia/Shanghai");
    ASSERT_TRUE(sh.is_ok());
    zone_ = *sh;
    auto s = AlertService::create(*engine_, store_path_, cfg_, clock_, zone_);
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    svc_ = *s;
    ASSERT_TRUE(svc_->start().is_ok());
  }
  void TearDown() override {
    if (svc_) svc_->stop();
    svc_.reset();
    StoreTest::TearDown();
  }
  /// An ASN of 24 TEA-500 and 6 RICE-5 from 杭州茶厂, due `in` from now.
  void expect_asn(const std::string& number, std::chrono::minutes in) {
    inventory::Order o;
    o.number = number;
    o.ref = "PO-" + number;
    o.partner = "杭州茶厂";
    o.door = "DOOR-1";
    o.expected_at = clock_.now_ms() + in.count() * 60'000;
    o.lines = {{"TEA-500", "", 24, 0}, {"RICE-5", "", 6, 0}};
    auto r = engine_->run<bool>([&](inventory::Tx& tx) -> Result<bool> {
      JXC_TRY(inventory::upsert_order(tx, o));
      return true;
    });
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  }
  std::vector<Alert> open_overdue() {
    EXPECT_TRUE(svc_->check().is_ok());
    EXPECT_TRUE(svc_->flush().is_ok());
    auto r = load_alerts(q(), {true, 1000});
    EXPECT_TRUE(r.is_ok());
    std::vector<Alert> out;
    for (const auto& a : r ? *r : std::vector<Alert>{})
      if (a.key.kind == Kind::asn_overdue) out.push_back(a);
    return out;
  }
  int events(const std::string& type) {
    EXPECT_TRUE(svc_->flush().is_ok());
    auto ev = inventory::Outbox::peek_after(q(), 0, 100000);
    int n = 0;
    for (const auto& e : *ev)
      if (e.type == type && e.payload.find("\"kind\":\"asn_overdue\"") != std::string::npos) ++n;
    return n;
  }

  config::AlertsConfig cfg_;
  TimeZone zone_;
  std::shared_ptr<AlertService> svc_;
};

TEST_F(AsnOverdueTest, AnOpenAsnPastItsTimeAndGraceRaisesOnceAndClearsWhenReceived) {
  expect_asn("ASN-1", std::chrono::minutes(60));
  EXPECT_TRUE(open_overdue().empty()) << "not due yet";
  clock_.advance(std::chrono::minutes(60 + 119));
  EXPECT_TRUE(open_overdue().empty()) << "due, but within the grace";
  clock_.advance(std::chrono::minutes(2));
  auto open = open_overdue();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].key.subject, "ASN-1");
  EXPECT_EQ(open[0].qty, 121) << "minutes overdue";
  EXPECT_EQ(open[0].threshold, 120);
  // Worded for the site: Chinese by default, the supplier, the items by name, local time.
  EXPECT_NE(open[0].detail.find("到货单 ASN-1（采购单 PO-ASN-1），供应商 杭州茶厂"), std::string::npos) << open[0].detail;
  EXPECT_NE(open[0].detail.find("Green tea 500g (TEA-500) 24 EA、Rice 5kg (RICE-5) 6 EA"), std::string::npos)
      << open[0].detail;
  EXPECT_NE(open[0].detail.find("+08:00"), std::string::npos) << open[0].detail;
  clock_.advance(std::chrono::minutes(30));
  EXPECT_EQ(open_overdue().size(), 1u);
  EXPECT_EQ(events("alert.raised"), 1) << "raised once however long it stays late";

  // Part of it arrives: still late for the rest.
  inventory::DocumentRequest r = inventory::testing::receipt_into("RECV-1", "TEA-500", 24);
  r.order = "ASN-1";
  ASSERT_TRUE(engine_->post(r).is_ok());
  EXPECT_EQ(open_overdue().size(), 1u);
  r = inventory::testing::receipt_into("RECV-1", "RICE-5", 6);
  r.order = "ASN-1";
  ASSERT_TRUE(engine_->post(r).is_ok());  // complete: the ASN closes
  EXPECT_TRUE(open_overdue().empty());
  EXPECT_EQ(events("alert.cleared"), 1);
}

TEST_F(AsnOverdueTest, ACancelledAsnClearsItsAlertAndOneWithoutATimeIsNeverLate) {
  expect_asn("ASN-2", std::chrono::minutes(-300));
  inventory::Order timeless;
  timeless.number = "ASN-3";
  timeless.lines = {{"TEA-500", "", 1, 0}};
  ASSERT_TRUE(engine_->run<bool>([&](inventory::Tx& tx) -> Result<bool> {
                JXC_TRY(inventory::upsert_order(tx, timeless));
                return true;
              }).is_ok());
  auto open = open_overdue();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].key.subject, "ASN-2");
  ASSERT_TRUE(engine_->run<bool>([&](inventory::Tx& tx) -> Result<bool> {
                JXC_TRY(inventory::cancel_order(tx, "ASN-2"));
                return true;
              }).is_ok());
  EXPECT_TRUE(open_overdue().empty());
  EXPECT_EQ(events("alert.raised"), 1);
  EXPECT_EQ(events("alert.cleared"), 1);
}

}  // namespace
}  // namespace jxc::alerts
