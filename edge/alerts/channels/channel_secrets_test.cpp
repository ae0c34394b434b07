// An alert channel's secret_file is opened as every secret is
// (edge/config/secret_file.h): a relative path from $CREDENTIALS_DIRECTORY,
// and a file its group or others may read is refused.

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "edge/alerts/channels/dispatcher.h"
#include "edge/inventory/test_store.h"

namespace jxc::alerts::channels {
namespace {

class ChannelSecretsTest : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    creds_ = dir_.file("creds");
    std::filesystem::create_directory(creds_);
    ::setenv("CREDENTIALS_DIRECTORY", creds_.c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("CREDENTIALS_DIRECTORY");
    StoreTest::TearDown();
  }
  void write_secret(const std::string& name, mode_t mode) {
    std::string path = creds_ + "/" + name;
    std::ofstream(path) << "SECfrom-credentials\n";
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
  }
  Result<std::unique_ptr<Dispatcher>> create(const std::string& secret_file) {
    config::AlertChannel c;
    c.name = "ding";
    c.kind = "dingtalk";
    c.url = "http://127.0.0.1:9/robot/send?access_token=x";
    c.secret_file = secret_file;
    return Dispatcher::create({c}, DispatchOptions{}, *engine_, clock_, ChannelHealth{});
  }
  std::string creds_;
};

TEST_F(ChannelSecretsTest, ARelativeSecretFileIsReadFromTheCredentialsDirectory) {
  write_secret("ding.secret", 0400);
  auto d = create("ding.secret");
  EXPECT_TRUE(d.is_ok()) << d.status().to_string();
}

TEST_F(ChannelSecretsTest, ASecretFileReadableByGroupOrOthersIsRefusedNamingItsKey) {
  write_secret("ding.secret", 0640);
  auto d = create("ding.secret");
  ASSERT_FALSE(d.is_ok());
  EXPECT_EQ(d.status().code(), Errc::config);
  EXPECT_NE(d.status().reason().find("alerts.channels[0].secret_file"), std::string::npos) << d.status().reason();
  EXPECT_NE(d.status().reason().find(creds_ + "/ding.secret\" is a secret readable by its group (mode 0640)"),
            std::string::npos)
      << d.status().reason();
}

TEST_F(ChannelSecretsTest, AMissingSecretFileNamesWhereItWasLookedFor) {
  auto d = create("absent.secret");
  ASSERT_FALSE(d.is_ok());
  EXPECT_NE(d.status().reason().find("cannot read \"" + creds_ + "/absent.secret\""), std::string::npos)
      << d.status().reason();
}

}  // namespace
}  // namespace jxc::alerts::channels
