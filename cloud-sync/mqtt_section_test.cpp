#include <gtest/gtest.h>

#include "cloud-sync/mqtt_section.h"
#include "edge/config/diff.h"

namespace jxc::cloud_sync {
namespace {

using namespace config;

// The section on its own, as service::config_sections() lists it.
Result<Config> parse(const std::string& text, const std::string& source, std::vector<ConfigError>* errors) {
  return config::parse(text, source, {mqtt_section()}, errors);
}

std::vector<KeyChange> diff(const Config& a, const Config& b) { return config::diff(a, b, {mqtt_section()}); }

Result<Config> parse_text(const std::string& text, std::vector<ConfigError>* errors) {
  return parse(text, "t.toml", errors);
}

TEST(MqttConfig, NoSectionMeansNoUplink) {
  std::vector<ConfigError> errors;
  auto c = parse_text("[gateway]\nid = \"gw-9\"\n", &errors);
  ASSERT_TRUE(c.is_ok());
  EXPECT_FALSE(c.value().mqtt.enabled());
}

TEST(MqttConfig, ReadsEveryKeyIncludingTls) {
  std::vector<ConfigError> errors;
  auto c = parse_text(
      "[mqtt]\nuri = \"ssl://b:8883\"\nversion = \"3.1.1\"\ninflight_window = 9\n"
      "clean_start = true\npassword_file = \"pw\"\n[mqtt.tls]\nca_file = \"ca.pem\"\n"
      "verify_hostname = false\n",
      &errors);
  ASSERT_TRUE(c.is_ok()) << (errors.empty() ? "" : errors[0].to_string("t.toml"));
  const Mqtt& m = c.value().mqtt;
  EXPECT_TRUE(m.enabled());
  EXPECT_EQ(m.version, "3.1.1");
  EXPECT_EQ(m.inflight_window, 9);
  EXPECT_TRUE(m.clean_start);
  EXPECT_EQ(m.password_file, "pw");
  EXPECT_EQ(m.tls.ca_file, "ca.pem");
  EXPECT_FALSE(m.tls.verify_hostname);
}

// TLS settings with a cleartext broker would be ignored: refused at each key.
TEST(MqttConfig, TlsKeysWithATcpBrokerAreRefusedAtEachKey) {
  for (const char* uri : {"tcp://b:1883", "mqtt://b:1883"}) {
    std::vector<ConfigError> errors;
    auto c = parse_text(std::string("[mqtt]\nuri = \"") + uri +
                            "\"\n[mqtt.tls]\nca_file = \"ca.pem\"\nverify_hostname = false\n",
                        &errors);
    ASSERT_FALSE(c.is_ok()) << uri;
    ASSERT_EQ(errors.size(), 2u) << uri;
    EXPECT_EQ(errors[0].key, "mqtt.tls.ca_file");
    EXPECT_EQ(errors[0].line, 4);
    EXPECT_EQ(errors[0].column, 1);
    EXPECT_NE(errors[0].message.find("is not encrypted; use an ssl:// (or mqtts://) uri or remove the key"),
              std::string::npos)
        << errors[0].message;
    EXPECT_EQ(errors[1].key, "mqtt.tls.verify_hostname");
  }
  std::vector<ConfigError> errors;
  EXPECT_TRUE(parse_text("[mqtt]\nuri = \"mqtts://b:8883\"\n[mqtt.tls]\nca_file = \"ca.pem\"\n", &errors).is_ok());
  EXPECT_TRUE(parse_text("[mqtt]\nuri = \"tcp://b:1883\"\n", &errors).is_ok());
  // Left at their defaults (as in the example file) they say nothing.
  EXPECT_TRUE(parse_text("[mqtt]\nuri = \"tcp://b:1883\"\n[mqtt.tls]\nca_file = \"\"\nverify_hostname = true\n", &errors)
                  .is_ok());
}

TEST(MqttConfig, BadValuesAndUnknownKeysArePositioned) {
  std::vector<ConfigError> errors;
  auto c = parse_text(
      "[mqtt]\nuri = \"http://x\"\nversion = \"4\"\nkeepalive_s = 0\nbogus = 1\n"
      "[mqtt.tls]\nverify_hostname = \"yes\"\n",
      &errors);
  ASSERT_FALSE(c.is_ok());
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[0].key, "mqtt.uri");
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].column, 7);
  EXPECT_EQ(errors[1].key, "mqtt.version");
  EXPECT_EQ(errors[2].key, "mqtt.keepalive_s");
  EXPECT_EQ(errors[3].key, "mqtt.bogus");
  EXPECT_EQ(errors[3].line, 5);
  EXPECT_EQ(errors[3].column, 1);
  EXPECT_EQ(errors[4].key, "mqtt.tls.verify_hostname");
  EXPECT_NE(errors[4].message.find("true or false"), std::string::npos);
}

TEST(MqttConfig, BackoffBoundsMustBeOrdered) {
  std::vector<ConfigError> errors;
  auto c = parse_text("[mqtt]\nreconnect_min_ms = 5000\nreconnect_max_ms = 100\n", &errors);
  ASSERT_FALSE(c.is_ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].key, "mqtt.reconnect_max_ms");
}

TEST(MqttConfig, ChangesShowInDiff) {
  Config a = defaults(), b = defaults();
  b.mqtt.uri = "tcp://h:1";
  auto changes = diff(a, b);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].key, "mqtt.uri");
  EXPECT_EQ(changes[0].after, "\"tcp://h:1\"");
}

}  // namespace
}  // namespace jxc::cloud_sync
