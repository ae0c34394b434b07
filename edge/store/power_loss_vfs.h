#pragma once
// Test support: a power cut. A SQLite VFS over the default one that keeps,
// per file, an undo log: what every region written held before, and what a
// truncation cut off, since the file's last xSync. At the cut point a test
// chooses (the n-th write or sync through it), every file is put back to
// what its syncs made durable (the unsynced writes and truncations undone,
// the size it had at its last sync) and the process ends at once (_exit),
// as when the power goes: what the write-ahead log's write buffer above it
// still held goes with the process. Files deleted through the VFS stay
// deleted (SQLite syncs the directory when that matters). For crash tests of
// the store (library jxc_store_testing).

#include <cstdint>

namespace jxc::store::testing {

class PowerLoss {
 public:
  /// How the process ends at the cut.
  static constexpr int kExitCode = 86;
  /// The VFS to open a store through (Db::Options::vfs): the write-ahead
  /// log's write buffer over the recording layer, as a store is opened for
  /// real. Registered on the first call; thread-safe.
  static const char* vfs();
  /// The power goes just before the `n`-th write or sync (counted from 1)
  /// through vfs() from now on; 0: never.
  static void cut_at(std::int64_t n);
  /// Writes and syncs through vfs() so far.
  static std::int64_t operations();
};

}  // namespace jxc::store::testing
