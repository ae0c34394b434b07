// Replenishment against hand-computed cases, pack rounding, and suggestions
// from the ledger's issues suppressed by an open expected receipt.
#include <gtest/gtest.h>

#include <cmath>

#include "edge/alerts/alert_service.h"
#include "edge/alerts/replenishment.h"
#include "edge/alerts/suggestion_store.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"
#include "edge/inventory/alert_records.h"
#include "edge/inventory/tx.h"

namespace jxc::alerts {
namespace {

TEST(InverseNormal, KnownQuantiles) {
  EXPECT_NEAR(inverse_normal_cdf(0.5), 0.0, 1e-12);
  EXPECT_NEAR(inverse_normal_cdf(0.95), 1.6448536269514722, 1e-9);
  EXPECT_NEAR(inverse_normal_cdf(0.975), 1.959963984540054, 1e-9);
  EXPECT_NEAR(inverse_normal_cdf(0.999), 3.090232306167813, 1e-9);  // upper tail branch
  EXPECT_NEAR(inverse_normal_cdf(0.01), -2.3263478740408408, 1e-9);  // lower tail branch
  EXPECT_TRUE(std::isnan(inverse_normal_cdf(0)));
  EXPECT_TRUE(std::isnan(inverse_normal_cdf(1)));
}

// Daily demand 5, 9, 16, 11, 15, 8, 13: mean 11, sample σ 3.958.
const std::vector<std::int64_t> kWeek = {5, 9, 16, 11, 15, 8, 13};

TEST(Replenishment, HandComputedReorderPoint) {
  DemandStats d = demand_stats(kWeek);
  EXPECT_DOUBLE_EQ(d.mean, 11.0);
  EXPECT_NEAR(d.sigma, 3.958, 0.001);
  ReorderPolicy p;
  p.service_level = 0.95;
  p.lead_time_days = 5;
  ReorderPoint r = reorder_point(d, p);
  EXPECT_TRUE(r.from_history);
  // 1.645 × 3.958 × √5 = 14.56; 11 × 5 + 14.56 = 69.56
  EXPECT_NEAR(r.safety_stock, 14.6, 0.05);
  EXPECT_NEAR(r.reorder_point, 69.6, 0.05);
}

TEST(Replenishment, FixedMinWithoutHistory) {
  ReorderPolicy p;
  p.min = 25;
  ReorderPoint r = reorder_point(demand_stats({0, 0, 0}), p);
  EXPECT_FALSE(r.from_history);
  EXPECT_DOUBLE_EQ(r.reorder_point, 25);
  EXPECT_DOUBLE_EQ(reorder_point(demand_stats({}), p).reorder_point, 25);
}

TEST(Replenishment, QuantityUpToMaxOrReorderQtyRoundedToPacks) {
  ReorderPoint r;
  r.reorder_point = 69.6;
  ReorderPolicy p;
  p.max = 200;
  p.pack_multiple = 12;
  EXPECT_EQ(order_quantity(60, r, p), 144);  // 140 → 12 packs
  p.pack_multiple = 1;
  EXPECT_EQ(order_quantity(60, r, p), 140);
  p.max = 0;
  p.reorder_qty = 50;
  p.pack_multiple = 24;
  EXPECT_EQ(order_quantity(60, r, p), 72);  // 69.6 + 50 − 60 = 59.6 → 60 → 3 packs
  EXPECT_EQ(order_quantity(500, r, p), 0);
}

class ReplenishmentStoreTest : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    std::vector<inventory::Threshold> th = {{"TEA-500", "A-01", 10, 200, 0}};
    ASSERT_TRUE(engine_->import_thresholds(th).is_ok());
    ASSERT_TRUE(engine_
                    ->run<int>([](inventory::Tx& tx) -> Result<int> {
                      JXC_TRY(inventory::set_replenishment_parameters(tx, "TEA-500", 5, 10));
                      return 0;
                    })
                    .is_ok());
    cfg_.history_days = 7;
    cfg_.service_level_pct = 95;
    cfg_.backlog_events = 1'000'000;
    cfg_.backlog_minutes = 1'000'000;
    cfg_.slow_moving_days = 365;
  }
  void TearDown() override {
    if (svc_) svc_->stop();
    svc_.reset();
    StoreTest::TearDown();
  }
  void issue(inventory::Qty qty) {
    inventory::DocumentRequest req;
    req.type = inventory::DocType::issue;
    req.from = "A-01";
    req.lines.push_back(inventory::testing::line("TEA-500", qty));
    ASSERT_TRUE(engine_->post(req).is_ok());
  }
  std::vector<Suggestion> suggestions(bool open_only) {
    EXPECT_TRUE(svc_->flush().is_ok());
    auto r = load_suggestions(q(), open_only, 100);
    EXPECT_TRUE(r.is_ok());
    return r.is_ok() ? *r : std::vector<Suggestion>{};
  }
  int suggested_events() {
    EXPECT_TRUE(svc_->flush().is_ok());
    int n = 0;
    auto ev = inventory::Outbox::peek_after(q(), 0, 100000);
    EXPECT_TRUE(ev.is_ok());
    if (ev.is_ok())
      for (const auto& e : ev.value()) n += e.type == "replenishment.suggested";
    return n;
  }

  config::AlertsConfig cfg_;
  std::shared_ptr<AlertService> svc_;
};

TEST_F(ReplenishmentStoreTest, SuggestsAtTheReorderPointOnceAndNotWhileAReceiptCoversIt) {
  receive("TEA-500", 200, "A-01");
  auto s = AlertService::create(*engine_, store_path_, cfg_, clock_);
  ASSERT_TRUE(s.is_ok());
  svc_ = *s;
  ASSERT_TRUE(svc_->start().is_ok());
  for (auto q : kWeek) {
    issue(q);
    clock_.advance(std::chrono::hours(24));
  }
  ASSERT_TRUE(svc_->check().is_ok());  // demand of the last 7 days: ROP 69.56
  EXPECT_TRUE(suggestions(false).empty());  // projected 123

  issue(60);  // 63 ≤ 69.56
  auto open = suggestions(true);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].item, "TEA-500");
  EXPECT_EQ(open[0].on_hand, 63);
  EXPECT_NEAR(open[0].reorder_point, 69.56, 0.01);
  EXPECT_NEAR(open[0].mean_daily, 11.0, 1e-9);
  EXPECT_EQ(open[0].lead_time_days, 5);
  EXPECT_EQ(open[0].qty, 140);  // 200 − 63 = 137 → packs of 10

  issue(1);  // still below: not repeated
  EXPECT_EQ(suggested_events(), 1);

  inventory::Order po;
  po.kind = inventory::OrderKind::expected_receipt;
  po.number = "PO-1";
  po.lines.push_back({"TEA-500", "", 140, 0});
  ASSERT_TRUE(engine_->upsert_order(po).is_ok());  // projected 62 + 140
  EXPECT_TRUE(suggestions(true).empty());
  EXPECT_EQ(suggestions(false).size(), 1u);  // covered

  issue(10);  // on hand 52 but the expected receipt still covers it
  EXPECT_EQ(suggested_events(), 1);
  EXPECT_TRUE(suggestions(true).empty());
}

TEST_F(ReplenishmentStoreTest, WithoutHistoryTheFixedMinIsTheReorderPoint) {
  receive("TEA-500", 30, "A-01");
  auto s = AlertService::create(*engine_, store_path_, cfg_, clock_);
  ASSERT_TRUE(s.is_ok());
  svc_ = *s;
  ASSERT_TRUE(svc_->start().is_ok());
  ASSERT_TRUE(svc_->check().is_ok());
  EXPECT_TRUE(suggestions(true).empty());
  issue(20);  // 10 ≤ min 10
  auto open = suggestions(true);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_DOUBLE_EQ(open[0].reorder_point, 10);
  EXPECT_EQ(open[0].qty, 190);
}

}  // namespace
}  // namespace jxc::alerts
