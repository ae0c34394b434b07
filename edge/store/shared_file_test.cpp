// Two connections of one process and other processes on the same store: what
// one process commits must stay visible to the others. POSIX locks belong to
// the process, and closing any descriptor of the file drops them all; if
// opening a second connection did that, another process closing the store
// would take itself for the last one and delete the write-ahead log that this
// process is still writing to.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "edge/store/sqlite.h"

namespace jxc::store {
namespace {

// The child: this test binary started again with JXC_SHARED_FILE_CHILD set.
// Before any test runs, it opens the store, counts the rows, closes the store
// and exits with the count.
const bool kChild = [] {
  const char* path = std::getenv("JXC_SHARED_FILE_CHILD");
  if (!path) return false;
  int n = -1;
  {
    auto db = Db::open(path, {});
    if (db) {
      auto c = (*db)->query_int("SELECT count(*) FROM t");
      if (c) n = static_cast<int>(*c);
    }
  }
  std::_Exit(n < 0 ? 255 : n);
}();

int count_in_another_process(const std::string& path) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("JXC_SHARED_FILE_CHILD", path.c_str(), 1);
    ::execl("/proc/self/exe", "store_test", static_cast<char*>(nullptr));
    std::_Exit(254);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(SharedFile, ASecondConnectionKeepsTheFirstOnesCommitsVisibleToOthers) {
  auto dir = std::filesystem::temp_directory_path() / ("jxc-shared-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "store.db").string();
  {
    auto a = Db::open(path, {});
    ASSERT_TRUE(a.is_ok()) << a.status().to_string();
    ASSERT_TRUE((*a)->exec("CREATE TABLE t(x); INSERT INTO t VALUES(1)").is_ok());
    auto b = Db::open(path, {});  // as the engine's checkpointer does
    ASSERT_TRUE(b.is_ok()) << b.status().to_string();
    ASSERT_EQ(count_in_another_process(path), 1);  // ... and it closes the store
    ASSERT_TRUE((*a)->exec("INSERT INTO t VALUES(2)").is_ok());
    EXPECT_EQ(count_in_another_process(path), 2) << "a commit went to a log no other process sees";
    EXPECT_TRUE(std::filesystem::exists(path + "-wal"));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jxc::store
