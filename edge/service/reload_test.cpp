#include "edge/service/reload.h"

#include <gtest/gtest.h>

#include "edge/service/config_sections.h"

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
  file.inventory.negative_stock = config::NegativeStock::allow;
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

config::Config with_slot() {
  config::Config c = config::defaults();
  config::ScaleBus bus;
  bus.id = "bus-1";
  c.scales.buses.push_back(bus);
  config::ScaleSlot slot;
  slot.id = "s1";
  slot.bus = "bus-1";
  slot.model = "tuna-id551";
  slot.item = "TEA-500";
  slot.bin = "A-01";
  c.scales.slots.push_back(slot);
  return c;
}

// What a slot counts with applies live; where its weight comes from does not.
TEST(ReloadPlan, SlotCountingRulesApplyLiveBusesAndRegistersNeedARestart) {
  config::Config running = with_slot(), file = with_slot();
  file.scales.slots[0].tare_g = 120;
  file.scales.slots[0].unit_weight_g = 250;
  file.scales.slots[0].item = "RICE-5";
  file.scales.slots[0].bin = "A-02";
  file.scales.hysteresis = 0.2;
  auto plan = plan_reload(running, file, std::nullopt);
  EXPECT_TRUE(plan.restart.empty()) << keys(plan.restart).front();
  EXPECT_FALSE(plan.live.empty());
  for (const auto& k : keys(plan.live)) EXPECT_TRUE(k.starts_with("scales.")) << k;
  EXPECT_EQ(plan.next_running.scales, file.scales);

  for (int what = 0; what < 5; ++what) {
    config::Config changed = file;
    switch (what) {
      case 0: changed.scales.slots[0].slave = 2; break;
      case 1: changed.scales.slots[0].model = "other"; break;
      case 2: changed.scales.buses[0].port = 1502; break;
      case 3: changed.scales.match_window_s = 30; break;
      default: changed.scales.slots.push_back(changed.scales.slots[0]); changed.scales.slots[1].id = "s2";
    }
    auto p = plan_reload(running, changed, std::nullopt);
    EXPECT_TRUE(p.live.empty()) << what << ": " << keys(p.live).front();
    EXPECT_FALSE(p.restart.empty()) << what;
    EXPECT_EQ(p.next_running.scales, running.scales) << what;
  }
}

TEST(ReloadPlan, OnlyLogLevelAndRetentionsApplyLive) {
  for (const auto& key : config::known_keys(config_sections()))
    EXPECT_EQ(applies_live(key), key == "log.level" || key == "outbox.retention_hours" ||
                                     key == "outbox.downlink_retention_hours" ||
                                     key == "store.idempotency_retention_hours" ||
                                     key == "store.device_record_days")
        << key;
}

}  // namespace
}  // namespace jxc::service
