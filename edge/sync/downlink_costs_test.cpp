// An expected receipt's unit costs from the central system are what its
// receipts book, and a pick list cannot carry one.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "edge/inventory/stock_value.h"
#include "edge/inventory/test_store.h"
#include "edge/sync/engine_downlink.h"

namespace jxc::sync {
namespace {

using R = DownlinkOutcome::Result;

std::string fixture(const std::string& rel) {
  const char* src = std::getenv("JXC_SOURCE_DIR");
  std::ifstream in(std::filesystem::path(src ? src : JXC_SOURCE_DIR_FALLBACK) / "tests" / "fixtures" / "downlink" / rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class DownlinkCosts : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
    auto d = Downlink::open(*engine_, clock_, {});
    ASSERT_TRUE(d.is_ok()) << d.status().to_string();
    downlink_ = std::move(d).value();
  }
  void TearDown() override {
    downlink_.reset();
    StoreTest::TearDown();
  }
  DownlinkOutcome send(const std::string& kind, const std::string& payload) {
    return downlink_->handle({kind, payload, false});
  }
  std::unique_ptr<Downlink> downlink_;
};

TEST_F(DownlinkCosts, AnAsnsUnitCostIsWhatItsReceiptsBook) {
  auto o = send("asn", fixture("asn/po-0045-costed.json"));
  ASSERT_EQ(o.result, R::applied) << o.reason;
  auto order = q().order("ASN-1004");
  ASSERT_TRUE(order.is_ok());
  ASSERT_EQ(order->lines.size(), 2u);
  EXPECT_EQ(order->lines[0].unit_cost, 125000);
  inventory::DocumentRequest r = inventory::testing::receipt_into("RECV-1", "TEA-500", 4);
  r.order = "ASN-1004";
  r.source = "test";
  ASSERT_TRUE(engine_->post(r).is_ok());
  auto pool = inventory::cost_pool(q(), "TEA-500", "");
  ASSERT_TRUE(pool.is_ok());
  EXPECT_EQ(pool->value, 500000);  // 4 at the order line's 12.5000
  inventory::DocumentRequest milk = inventory::testing::receipt_into("RECV-1", "MILK-1", 2, "L2612");
  milk.order = "ASN-1004";
  milk.source = "test";
  ASSERT_TRUE(engine_->post(milk).is_ok());
  auto milk_pool = inventory::cost_pool(q(), "MILK-1", "L2612");
  ASSERT_TRUE(milk_pool.is_ok());
  EXPECT_EQ(milk_pool->value, 136000);  // 2 at 6.8000; master data says 8
}

TEST_F(DownlinkCosts, BadOrMisplacedUnitCostsAreRefused) {
  auto negative = send("asn", fixture("invalid/asn/negative-unit-cost.json"));
  EXPECT_EQ(negative.result, R::rejected);
  EXPECT_NE(negative.reason.find("unit_cost"), std::string::npos) << negative.reason;
  auto pick = send("picklist", R"({"message_id":"pl-cost","number":"SO-1","lines":[{"sku":"TEA-500","qty":1,"unit_cost":5}]})");
  EXPECT_EQ(pick.result, R::rejected);
  EXPECT_NE(pick.reason.find("unit_cost"), std::string::npos) << pick.reason;
}

}  // namespace
}  // namespace jxc::sync
