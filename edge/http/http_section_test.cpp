// The [http] section: values read, defaults kept, and every mistake reported
// at its line and column.
#include <gtest/gtest.h>

#include "edge/http/http_section.h"

namespace jxc::http {
namespace {

using namespace config;

Result<Config> parse(const std::string& text, std::vector<ConfigError>* errors) {
  return config::parse(text, "gw.toml", {http_section()}, errors);
}

std::string all(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string("gw.toml") + "\n";
  return out;
}

TEST(HttpConfig, IsOffAndLoopbackOnlyByDefault) {
  std::vector<ConfigError> errors;
  auto c = parse("[http]\n", &errors);
  ASSERT_TRUE(c.is_ok()) << all(errors);
  EXPECT_FALSE(c->http.enabled);
  EXPECT_EQ(c->http.address, "127.0.0.1");
  EXPECT_FALSE(c->http.allow_plain_http_on_lan);
  EXPECT_FALSE(c->http.tls_enabled());
}

TEST(HttpConfig, ReadsEveryKey) {
  std::vector<ConfigError> errors;
  auto c = parse(R"([http]
enabled = true
address = "0.0.0.0"
port = 8443
threads = 3
max_header_bytes = 4096
max_body_bytes = 65536
max_connections = 10
request_timeout_s = 5
idle_timeout_s = 7
session_idle_minutes = 20
session_absolute_hours = 8
login_max_failures = 3
login_lockout_minutes = 2
[http.tls]
cert_file = "/etc/jxc-edge/http.crt"
key_file = "http.key"
)",
                 &errors);
  ASSERT_TRUE(c.is_ok()) << all(errors);
  const Http& h = c->http;
  EXPECT_TRUE(h.enabled);
  EXPECT_EQ(h.address, "0.0.0.0");
  EXPECT_EQ(h.port, 8443);
  EXPECT_EQ(h.threads, 3);
  EXPECT_EQ(h.max_header_bytes, 4096);
  EXPECT_EQ(h.max_body_bytes, 65536);
  EXPECT_EQ(h.max_connections, 10);
  EXPECT_EQ(h.request_timeout_s, 5);
  EXPECT_EQ(h.idle_timeout_s, 7);
  EXPECT_EQ(h.session_idle_minutes, 20);
  EXPECT_EQ(h.session_absolute_hours, 8);
  EXPECT_EQ(h.login_max_failures, 3);
  EXPECT_EQ(h.login_lockout_minutes, 2);
  EXPECT_EQ(h.tls.cert_file, "/etc/jxc-edge/http.crt");
  EXPECT_EQ(h.tls.key_file, "http.key");
}

TEST(HttpConfig, PlainHttpOnTheNetworkIsRefusedUnlessAllowed) {
  std::vector<ConfigError> errors;
  EXPECT_FALSE(parse("[http]\nenabled = true\naddress = \"0.0.0.0\"\n", &errors).is_ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].key, "http.address");
  EXPECT_NE(errors[0].message.find("allow_plain_http_on_lan"), std::string::npos) << errors[0].message;

  errors.clear();
  auto allowed = parse("[http]\naddress = \"0.0.0.0\"\nallow_plain_http_on_lan = true\n", &errors);
  EXPECT_TRUE(allowed.is_ok()) << all(errors);
  errors.clear();
  EXPECT_TRUE(parse("[http]\naddress = \"::1\"\n", &errors).is_ok()) << all(errors);
}

TEST(HttpConfig, ACertificateNeedsItsKey) {
  std::vector<ConfigError> errors;
  EXPECT_FALSE(parse("[http]\n[http.tls]\ncert_file = \"a.crt\"\n", &errors).is_ok());
  ASSERT_EQ(errors.size(), 1u) << all(errors);
  EXPECT_EQ(errors[0].key, "http.tls.key_file");
}

TEST(HttpConfig, BadValuesAreReportedAtTheirPosition) {
  std::vector<ConfigError> errors;
  EXPECT_FALSE(parse("[http]\naddress = \"localhost:80\"\nport = 0\nmax_body_bytes = 5\nlisten = 1\n", &errors)
                   .is_ok());
  EXPECT_EQ(all(errors),
            "gw.toml:2:11: http.address: expected an IPv4 or IPv6 address (\"127.0.0.1\", \"0.0.0.0\", "
            "\"::1\"), got \"localhost:80\"\n"
            "gw.toml:3:8: http.port: expected an integer from 1 to 65535, got 0\n"
            "gw.toml:4:18: http.max_body_bytes: expected an integer from 1024 to 1073741824, got 5\n"
            "gw.toml:5:1: http.listen: unknown key \"listen\"; expected one of \"enabled\", \"address\", "
            "\"port\", \"threads\", \"lookup_cache_mb\", \"read_threads\", \"write_threads\", \"nice\", \"idle_reads\", \"reads_while_writing\", \"allow_plain_http_on_lan\", \"max_header_bytes\", \"max_body_bytes\", "
            "\"max_connections\", \"request_timeout_s\", \"idle_timeout_s\", \"session_idle_minutes\", "
            "\"session_absolute_hours\", \"login_max_failures\", \"login_lockout_minutes\", \"max_event_subscribers\", \"event_heartbeat_s\", \"tls\"\n");
}

}  // namespace
}  // namespace jxc::http
