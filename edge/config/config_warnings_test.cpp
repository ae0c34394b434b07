// Warnings of what a configuration allows but is likely a mistake.
#include "edge/config/config_warnings.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace jxc::config {
namespace {

Config with_ack_link(bool http, bool alerts = true) {
  Config c = defaults();
  c.alerts.enabled = alerts;
  c.alerts.ack_base_url = "https://gw-1.warehouse.lan:8443";
  c.http.enabled = http;
  return c;
}

TEST(ConfigWarnings, AnAckLinkWithoutTheHttpApiIsWarnedOfAtItsKey) {
  const std::string file = (std::filesystem::temp_directory_path() / "jxc-config-warnings-test.toml").string();
  std::ofstream(file) << "[alerts]\nlanguage = \"zh-CN\"\nack_base_url = \"https://gw-1.warehouse.lan:8443\"\n";
  Config c = with_ack_link(false);
  c.source = file;
  const auto w = config_warnings(c);
  std::filesystem::remove(file);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].key, "alerts.ack_base_url");
  EXPECT_EQ(w[0].line, 3);
  EXPECT_EQ(w[0].column, 16);
  EXPECT_EQ(w[0].message,
            "warning: set to \"https://gw-1.warehouse.lan:8443\" but [http] is off (http.enabled = false): the "
            "acknowledgement links in alert messages would lead to no page; turn [http] on or leave ack_base_url "
            "empty");
}

TEST(ConfigWarnings, NoneWhenTheLinkHasAPageOrIsNotSent) {
  EXPECT_TRUE(config_warnings(defaults()).empty());             // no link
  EXPECT_TRUE(config_warnings(with_ack_link(true)).empty());    // the page is served
  EXPECT_TRUE(config_warnings(with_ack_link(false, false)).empty());  // no alerts sent at all
}

}  // namespace
}  // namespace jxc::config
