#include "edge/app/store_location.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace jxc::app {
namespace {

namespace fs = std::filesystem;

// The service's files in a temporary directory, and no $STATE_DIRECTORY
// unless a test sets one.
class StoreLocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "jxc-locate-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    service_.config_file = (dir_ / "etc/gateway.toml").string();
    service_.state_dir = (dir_ / "lib/jxc-edge").string();
    if (const char* s = std::getenv("STATE_DIRECTORY")) saved_state_ = s;
    ::unsetenv("STATE_DIRECTORY");
  }
  void TearDown() override {
    if (saved_state_) ::setenv("STATE_DIRECTORY", saved_state_->c_str(), 1);
    else ::unsetenv("STATE_DIRECTORY");
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << text;
  }
  fs::path dir_;
  ServicePaths service_;
  std::optional<std::string> saved_state_;
};

TEST_F(StoreLocationTest, WithoutTheServiceItIsWhereADaemonStartedHereKeepsIt) {
  auto w = locate_store("", "", service_);
  ASSERT_TRUE(w) << w.status().to_string();
  EXPECT_EQ(w->store_path, "./var/jxc-edge.db");
  EXPECT_EQ(w->config_file, "");
  EXPECT_EQ(w->why, "no " + service_.state_dir + ": the store of a daemon started here without a configuration");
}

TEST_F(StoreLocationTest, TheServicesStateDirectoryComesBeforeTheWorkingDirectory) {
  fs::create_directories(service_.state_dir);
  auto w = locate_store("", "", service_);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->store_path, service_.state_dir + "/jxc-edge.db");
  EXPECT_EQ(w->why, "the service's state directory " + service_.state_dir);
  // systemd's own variable, for commands run as the service (ExecStartPre=).
  ::setenv("STATE_DIRECTORY", ((dir_ / "run-state").string() + ":/second").c_str(), 1);
  w = locate_store("", "", service_);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->store_path, (dir_ / "run-state/jxc-edge.db").string());
  EXPECT_EQ(w->why, "$STATE_DIRECTORY");
}

TEST_F(StoreLocationTest, TheServicesConfigurationIsReadWhenPresentAndItsPathWins) {
  fs::create_directories(service_.state_dir);
  write(service_.config_file, "[store]\npath = \"/srv/jxc/store.db\"\n[site]\ntimezone = \"Asia/Shanghai\"\n");
  auto w = locate_store("", "", service_);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->store_path, "/srv/jxc/store.db");
  EXPECT_EQ(w->config_file, service_.config_file);
  EXPECT_EQ(w->why, "[store] path in " + service_.config_file);
  EXPECT_EQ(w->config.site.timezone, "Asia/Shanghai");
  // --store names the file; the site's rules still come from the service's file.
  w = locate_store("", "/tmp/other.db", service_);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->store_path, "/tmp/other.db");
  EXPECT_EQ(w->why, "--store");
  EXPECT_EQ(w->config.site.timezone, "Asia/Shanghai");
  // --config replaces the service's file altogether.
  const std::string mine = (dir_ / "mine.toml").string();
  write(mine, "[gateway]\nid = \"gw-2\"\n");
  w = locate_store(mine, "", service_);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->config_file, mine);
  EXPECT_EQ(w->store_path, service_.state_dir + "/jxc-edge.db");
}

TEST_F(StoreLocationTest, AConfigurationThatCannotBeReadIsAnErrorNamingEachProblem) {
  write(service_.config_file, "[store]\npath = 5\n[nonsense]\n");
  auto w = locate_store("", "", service_);
  ASSERT_FALSE(w);
  EXPECT_EQ(w.status().code(), Errc::config);
  EXPECT_NE(w.status().reason().find(service_.config_file + ":2"), std::string::npos) << w.status().reason();
  EXPECT_NE(w.status().reason().find("store.path"), std::string::npos) << w.status().reason();
  auto missing = locate_store((dir_ / "absent.toml").string(), "", service_);
  EXPECT_FALSE(missing);
}

}  // namespace
}  // namespace jxc::app
