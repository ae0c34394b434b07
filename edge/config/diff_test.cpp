#include "edge/config/diff.h"

#include <gtest/gtest.h>

#include "edge/config/section.h"

namespace jxc::config {
namespace {

// The core tables alone; every key of the gateway's file is compared in
// edge/service/config_sections_test.cpp.
std::vector<KeyChange> diff(const Config& a, const Config& b) { return config::diff(a, b, {}); }

TEST(ConfigDiff, SameSettingsHaveNoChanges) {
  Config a = defaults(), b = defaults();
  b.source = "/etc/jxc-edge/gateway.toml";  // where it came from is not a setting
  EXPECT_TRUE(diff(a, b).empty());
}

TEST(ConfigDiff, ShowsValuesAsTheFileWouldWriteThem) {
  Config a = defaults(), b = defaults();
  b.log.level = "debug";
  b.inventory.over_receipt_tolerance_pct = 2.5;
  auto changes = diff(a, b);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].key, "log.level");
  EXPECT_EQ(changes[0].before, "\"info\"");
  EXPECT_EQ(changes[0].after, "\"debug\"");
  EXPECT_EQ(changes[1].key, "inventory.over_receipt_tolerance_pct");
  EXPECT_EQ(changes[1].before, "0");
  EXPECT_EQ(changes[1].after, "2.5");
}

TEST(ConfigDiff, WritingOutTheDefaultStorePathIsNotAChange) {
  Config a = defaults(), b = defaults();
  b.store.path = a.store_path();
  EXPECT_TRUE(diff(a, b).empty());
}

}  // namespace
}  // namespace jxc::config
