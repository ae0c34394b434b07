#pragma once
// Whether anything has committed to a store since an earlier moment, told
// without a transaction.
//
// A store in WAL mode publishes, with every commit from any process, a new
// header in its shared index file (`<store>-shm`; the format is SQLite's
// "WAL-index header", https://www.sqlite.org/walformat.html): a change
// counter that every commit increments, the last valid frame and the log's
// salts. Two equal headers read at two moments mean nothing committed in
// between. A writer writes the second of its two copies first and the first
// last, so a reader that reads the first copy and then the second, and
// finds them equal, has read one whole header.
//
// The reader reads the header where this process's SQLite connection has
// the index mapped, so reading a header is two copies from memory; a read
// transaction costs file locks and a process-wide mutex. A header that
// cannot be read (a store not in WAL mode, a commit publishing it right
// now, a format this code does not know) is nullopt: the caller then asks
// the store itself.
//
// Thread-safety: read() may be called from any thread.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "edge/store/sqlite.h"

namespace jxc::store {

using CommitHeader = std::array<unsigned char, 48>;

/// The header's change counter: every commit adds one (SQLite's `iChange`,
/// native byte order). Restarting the log after a checkpoint publishes a
/// new header with the same counter and the same content.
std::uint32_t commit_count(const CommitHeader& h);

/// The header in the first bytes of a mapped index, or nullopt (see above).
std::optional<CommitHeader> read_commit_header(const unsigned char* index);

class CommitHeaderReader {
 public:
  /// Reads through `db`'s map of the index, which must stay open (and so
  /// mapped) while this reader is used; when it has none, read() is nullopt.
  explicit CommitHeaderReader(Db& db) : map_(db.wal_index()) {}

  /// The header of the store's last commit, or nullopt (see above).
  std::optional<CommitHeader> read() const { return map_ ? read_commit_header(map_) : std::nullopt; }

 private:
  const unsigned char* map_;
};

}  // namespace jxc::store
