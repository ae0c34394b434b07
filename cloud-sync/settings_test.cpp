#include <gtest/gtest.h>

#include <sys/stat.h>

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
  void write(const std::string& name, const std::string& text, mode_t mode = 0600) {
    std::ofstream(path_ + "/" + name) << text;
    ::chmod((path_ + "/" + name).c_str(), mode);
  }

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

// A secret others may read is refused at start, naming the key and the mode.
TEST(UplinkSettings, ASecretReadableByGroupOrOthersIsRefused) {
  CredentialsDir creds;
  config::Config c = config::defaults();
  c.mqtt.uri = "ssl://broker:8883";
  c.mqtt.password_file = "mqtt-password";
  for (mode_t mode : {0640, 0604}) {
    creds.write("mqtt-password", "s3cret\n", mode);
    auto s = settings_from_config(c, "/tmp/x.db");
    ASSERT_FALSE(s.is_ok()) << std::oct << mode;
    EXPECT_NE(s.status().reason().find("mqtt.password_file: "), std::string::npos) << s.status().reason();
    EXPECT_NE(s.status().reason().find(mode == 0640 ? "readable by its group (mode 0640)"
                                                    : "readable by every user (mode 0604)"),
              std::string::npos)
        << s.status().reason();
  }
  creds.write("mqtt-password", "s3cret\n", 0400);
  creds.write("client.key", "KEY", 0640);
  c.mqtt.tls.key_file = "client.key";
  auto s = settings_from_config(c, "/tmp/x.db");
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.status().reason().find("mqtt.tls.key_file: "), std::string::npos) << s.status().reason();
  creds.write("client.key", "KEY", 0600);
  EXPECT_TRUE(settings_from_config(c, "/tmp/x.db").is_ok());
}

TEST(UplinkSettings, APasswordInCleartextToAnotherHostIsWarnedAbout) {
  config::Mqtt m;
  m.password_file = "mqtt-password";
  m.uri = "tcp://broker.example:1883";
  auto w = cleartext_password_warning(m);
  ASSERT_TRUE(w.has_value());
  EXPECT_NE(w->find("mqtt.password_file"), std::string::npos) << *w;
  EXPECT_NE(w->find("broker.example"), std::string::npos) << *w;
  m.uri = "mqtt://10.0.0.5:1883";
  EXPECT_TRUE(cleartext_password_warning(m).has_value());
  for (const char* quiet : {"ssl://broker.example:8883", "mqtts://broker.example:8883", "tcp://127.0.0.1:1883",
                            "tcp://localhost:1883", "tcp://[::1]:1883"}) {
    m.uri = quiet;
    EXPECT_FALSE(cleartext_password_warning(m).has_value()) << quiet;
  }
  m.uri = "tcp://broker.example:1883";
  m.password_file.clear();
  EXPECT_FALSE(cleartext_password_warning(m).has_value());
}

}  // namespace
}  // namespace jxc::cloud_sync
