#include "edge/service/reload.h"

#include <gtest/gtest.h>

namespace jxc::service {
namespace {

std::vector<std::string> keys(const std::vector<config::KeyChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.key);
  return out;
}

TEST(ReloadPlan, LogLevelAndRetentionApplyLive) {
  config::Config running = config::defaults(), file = config::defaults();
  file.log.level = "debug";
  file.outbox.retention_hours = 24;
  auto plan = plan_reload(running, file, std::nullopt);
  EXPECT_EQ(keys(plan.live), (std::vector<std::string>{"log.level", "outbox.retention_hours"}));
  EXPECT_TRUE(plan.restart.empty());
  EXPECT_EQ(plan.next_running.log.level, "debug");
  EXPECT_EQ(plan.next_running.outbox.retention_hours, 24);
}

// Given a file that moves the store and renames the gateway, the plan should
// name both as needing a restart and keep running on the old values, so that
// the next reload names them again.
TEST(ReloadPlan, IdentityStoreAndInventoryNeedARestartAndAreNotTaken) {
  config::Config running = config::defaults(), file = config::defaults();
  running.store.path = "/a.db";
  file.store.path = "/b.db";
  file.gateway.id = "gw-2";
  file.gateway.site = "SITE-2";
  file.inventory.negative_stock = inventory::NegativePolicy::allow;
  file.inventory.over_receipt_tolerance_pct = 5;
  file.inventory.max_batch = 10;
  file.log.level = "warn";
  auto plan = plan_reload(running, file, std::nullopt);
  EXPECT_EQ(keys(plan.live), (std::vector<std::string>{"log.level"}));
  EXPECT_EQ(keys(plan.restart),
            (std::vector<std::string>{"gateway.id", "gateway.site", "store.path",
                                      "inventory.negative_stock",
                                      "inventory.over_receipt_tolerance_pct", "inventory.max_batch"}));
  EXPECT_EQ(plan.next_running.store.path, "/a.db");
  EXPECT_EQ(plan.next_running.gateway.id, "gw-1");
  EXPECT_EQ(plan.next_running.inventory.max_batch, 1024);
  EXPECT_EQ(plan.next_running.log.level, "warn");

  auto again = plan_reload(plan.next_running, file, std::nullopt);
  EXPECT_EQ(again.restart.size(), 6u);
  EXPECT_TRUE(again.live.empty());
}

TEST(ReloadPlan, LogLevelFlagWinsOverTheFile) {
  config::Config running = config::defaults(), file = config::defaults();
  running.log.level = "debug";  // from --log-level debug
  file.log.level = "error";
  auto plan = plan_reload(running, file, std::string("debug"));
  EXPECT_TRUE(plan.live.empty());
  EXPECT_EQ(plan.next_running.log.level, "debug");
}

TEST(ReloadPlan, SameFileChangesNothing) {
  auto plan = plan_reload(config::defaults(), config::defaults(), std::nullopt);
  EXPECT_TRUE(plan.live.empty());
  EXPECT_TRUE(plan.restart.empty());
}

TEST(ReloadPlan, OnlyLogLevelAndRetentionsApplyLive) {
  for (const auto& key : config::known_keys())
    EXPECT_EQ(applies_live(key), key == "log.level" || key == "outbox.retention_hours" ||
                                     key == "outbox.downlink_retention_hours")
        << key;
}

}  // namespace
}  // namespace jxc::service
