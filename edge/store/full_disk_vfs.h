#pragma once
// Test support: a disk that fills up. A SQLite VFS over the default one whose
// files may grow only by the free space a test gives them; a write that would
// grow a file past it fails with SQLITE_FULL, as on a full file system, while
// writes within a file's present size still succeed. For tests of what the
// store and the engine do when the disk is full (library jxc_store_testing).

#include <cstdint>

namespace jxc::store::testing {

class FullDisk {
 public:
  /// The VFS to open a store through (Db::Options::vfs): the write-ahead
  /// log's write buffer over the filling disk, as a store is opened for real.
  /// Registered on the first call; thread-safe.
  static const char* vfs();
  /// From now on, the files opened through vfs() may grow by `bytes` in all.
  static void set_free_bytes(std::int64_t bytes);
  /// No limit (the state at start).
  static void unlimited();
  /// Writes refused since the last unlimited().
  static std::int64_t refused_writes();
};

}  // namespace jxc::store::testing
