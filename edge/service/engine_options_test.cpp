#include "edge/service/engine_options.h"

#include <gtest/gtest.h>

namespace jxc::service {
namespace {

TEST(EngineOptions, ComeFromTheGatewayInventoryAndStoreSettings) {
  config::Config c = config::defaults();
  c.gateway.id = "dock-gw.2_b";
  c.gateway.site = "WH-SH";
  c.store.path = "/data/jxc.db";
  c.store.wal_limit_mib = 16;
  c.inventory.negative_stock = config::NegativeStock::allow;
  c.inventory.over_receipt_tolerance_pct = 2.5;
  c.inventory.max_batch = 100000;
  auto o = engine_options(c);
  EXPECT_EQ(o.store_path, "/data/jxc.db");
  EXPECT_EQ(o.gateway_id, "dock-gw.2_b");
  EXPECT_EQ(o.site_id, "WH-SH");
  EXPECT_EQ(o.negative_stock, inventory::NegativePolicy::allow);
  EXPECT_DOUBLE_EQ(o.over_receipt_tolerance_pct, 2.5);
  EXPECT_EQ(o.max_batch, 100000u);
  EXPECT_EQ(o.wal_limit_pages, 4096);  // 16 MiB of 4 KiB pages
}

TEST(EngineOptions, FourEyesFollowsTheSite) {
  config::Config c = config::defaults();
  EXPECT_TRUE(engine_options(c).four_eyes);
  c.site.four_eyes = false;
  EXPECT_FALSE(engine_options(c).four_eyes);
}

TEST(EngineOptions, CostsAreInTheSitesCurrency) {
  config::Config c = config::defaults();
  EXPECT_EQ(engine_options(c).currency, "CNY");
  c.site.currency = "EUR";
  EXPECT_EQ(engine_options(c).currency, "EUR");
}

TEST(EngineOptions, BlockIsTheDefaultPolicy) {
  EXPECT_EQ(engine_options(config::defaults()).negative_stock, inventory::NegativePolicy::block);
}

TEST(EngineOptions, TheStorePathHasItsDefaultApplied) {
  config::Config c = config::defaults();
  c.store.path = "/srv/x.db";
  EXPECT_EQ(engine_options(c).store_path, "/srv/x.db");
  c.store.path = "";
  EXPECT_EQ(engine_options(c).store_path, c.store_path());
}

}  // namespace
}  // namespace jxc::service
