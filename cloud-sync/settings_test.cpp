#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cloud-sync/uplink.h"
#include "edge/config/config.h"

namespace jxc::cloud_sync {
namespace {

class CredentialsDir {
 public:
  CredentialsDir() {
    char tmpl[] = "/tmp/jxc-creds-XXXXXX";
    path_ = ::mkdtemp(tmpl);
    ::setenv("CREDENTIALS_DIRECTORY", path_.c_str(), 1);
  }
  ~CredentialsDir() {
    ::unsetenv("CREDENTIALS_DIRECTORY");
    std::filesystem::remove_all(path_);
  }
  void write(const std::string& name, const std::string& text) { std::ofstream(path_ + "/" + name) << text; }

 private:
  std::string path_;
};

TEST(UplinkSettings, SecretsAreReadFromTheCredentialsDirectory) {
  CredentialsDir creds;
  creds.write("mqtt-password", "s3cret\n");
  creds.write("client.key", "KEY");
  config::Config c = config::defaults();
  c.mqtt.uri = "ssl://broker:8883";
  c.mqtt.password_file = "mqtt-password";
  c.mqtt.tls.key_file = "client.key";
  auto s = settings_from_config(c, "/tmp/x.db");
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s.value().password, "s3cret");
  EXPECT_TRUE(s.value().key_file.ends_with("/client.key"));
  EXPECT_EQ(s.value().key_file.front(), '/');
  EXPECT_EQ(s.value().config_hash.size(), 16u);
}

TEST(UplinkSettings, AMissingSecretIsAnErrorNamingTheFile) {
  CredentialsDir creds;
  config::Config c = config::defaults();
  c.mqtt.uri = "tcp://broker:1883";
  c.mqtt.password_file = "absent";
  auto s = settings_from_config(c, "/tmp/x.db");
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.status().to_string().find("absent"), std::string::npos);
}

}  // namespace
}  // namespace jxc::cloud_sync
