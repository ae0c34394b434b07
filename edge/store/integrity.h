#pragma once
// The store's integrity check at start-up: SQLite's PRAGMA quick_check, which
// reads every page and checks the structure of every table and index (not
// that an index agrees with its table: that is integrity_check, which takes
// far longer). The daemon runs it before it opens the store for writing, so
// that a damaged file is refused instead of being migrated or written to.

#include <chrono>
#include <string>

#include "edge/common/status.h"
#include "edge/store/sqlite.h"

namespace jxc::store {

struct QuickCheck {
  bool ran = false;                      // false: there is no store file yet
  std::chrono::milliseconds took{0};     // how long the check took
};

/// Runs PRAGMA quick_check on `db`. A damaged file is Errc::corrupt, whose
/// reason quotes the first of SQLite's findings.
Result<QuickCheck> quick_check(Db& db);

/// Opens the store at `path` read-only and runs quick_check() on it. A path
/// with no file is nothing to check (`ran` false); a file SQLite does not
/// recognise as a database is Errc::corrupt as well.
Result<QuickCheck> quick_check_file(const std::string& path);

}  // namespace jxc::store
