// The store's lock file: one holder at a time, the holder's pid for whoever
// is refused, released with its holder. A second open file description in
// the same process conflicts exactly as another process does, so these run
// in one process; tests/daemon_test.cpp runs two real daemons.
#include "edge/service/store_lock.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace jxc::service {
namespace {

namespace fs = std::filesystem;

class StoreLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "jxc-store-lock-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    store_ = (dir_ / "state/jxc-edge.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
  std::string store_;
};

TEST_F(StoreLockTest, TheSecondHolderIsRefusedWithTheStoreAndThePid) {
  auto first = StoreLock::acquire(store_);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ((*first)->path(), store_ + ".lock");

  // The lock file beside the store, the owner's and the group's only, holding
  // the holder's pid.
  struct stat st {};
  ASSERT_EQ(::stat((store_ + ".lock").c_str(), &st), 0);
  const mode_t umask_now = ::umask(0);
  ::umask(umask_now);
  EXPECT_EQ(st.st_mode & 0777, 0660u & ~umask_now);
  std::ifstream in(store_ + ".lock");
  std::string pid;
  std::getline(in, pid);
  EXPECT_EQ(pid, std::to_string(::getpid()));

  auto second = StoreLock::acquire(store_);
  ASSERT_FALSE(second.is_ok());
  EXPECT_EQ(second.status().code(), Errc::unavailable);
  EXPECT_EQ(second.status().reason(), "store " + store_ + " is in use by another jxc-edge daemon (pid " + pid +
                                          "), which holds " + store_ + ".lock; stop that daemon first, or give "
                                          "this one a store of its own");
  // The store itself is not touched.
  EXPECT_FALSE(fs::exists(store_));
}

TEST_F(StoreLockTest, ReleasedWithItsHolderAndTheFileStays) {
  { auto first = StoreLock::acquire(store_); ASSERT_TRUE(first.is_ok()); }
  EXPECT_TRUE(fs::exists(store_ + ".lock"));
  auto again = StoreLock::acquire(store_);
  EXPECT_TRUE(again.is_ok()) << again.status().to_string();
}

TEST_F(StoreLockTest, APidThatIsNoLongerAliveIsNotNamed) {
  auto first = StoreLock::acquire(store_);
  ASSERT_TRUE(first.is_ok());
  // What the file says between another holder's lock and its own pid write.
  { std::ofstream(store_ + ".lock", std::ios::trunc) << "999999999\n"; }
  auto second = StoreLock::acquire(store_);
  ASSERT_FALSE(second.is_ok());
  EXPECT_EQ(second.status().reason().find("(pid"), std::string::npos) << second.status().reason();
  EXPECT_NE(second.status().reason().find("is in use by another jxc-edge daemon, which holds"), std::string::npos)
      << second.status().reason();
}

TEST_F(StoreLockTest, TheHolderIsSeenWithoutTakingTheLockAway) {
  EXPECT_EQ(StoreLock::holder(store_), std::nullopt) << "no daemon ever ran on it";
  EXPECT_FALSE(fs::exists(store_ + ".lock")) << "looking creates nothing";
  {
    auto held = StoreLock::acquire(store_);
    ASSERT_TRUE(held.is_ok());
    EXPECT_EQ(StoreLock::holder(store_), std::optional<pid_t>(::getpid()));
    // Looking twice: the probe left no lock behind.
    EXPECT_EQ(StoreLock::holder(store_), std::optional<pid_t>(::getpid()));
  }
  EXPECT_EQ(StoreLock::holder(store_), std::nullopt) << "released with its holder";
  auto again = StoreLock::acquire(store_);
  EXPECT_TRUE(again.is_ok()) << "the probe leaves nothing held: " << again.status().to_string();
}

TEST_F(StoreLockTest, AStoreWhereNoFileCanBeIsAnIoError) {
  { std::ofstream(dir_ / "file") << "x"; }
  auto lock = StoreLock::acquire((dir_ / "file/jxc-edge.db").string());
  ASSERT_FALSE(lock.is_ok());
  EXPECT_EQ(lock.status().code(), Errc::io) << lock.status().to_string();
}

}  // namespace
}  // namespace jxc::service
