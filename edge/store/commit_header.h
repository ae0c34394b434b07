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
// The reader maps the index file as SQLite's connections do, so reading a
// header is two copies from memory; a read transaction costs file locks and
// a process-wide mutex. A header that cannot be read (no index file, a
// commit publishing it right now, a format this code does not know) is
// nullopt: the caller then asks the store itself.
//
// The index file read is the one the store uses as long as a connection of
// this process keeps the store open: SQLite deletes it only when its last
// connection closes, and truncates it only when the first one opens.
//
// Thread-safety: read() may be called from any thread.

#include <array>
#include <optional>
#include <string>

namespace jxc::store {

using CommitHeader = std::array<unsigned char, 48>;

class CommitHeaderReader {
 public:
  /// Opens `<db_path>-shm` for reading; when it cannot, read() is nullopt.
  explicit CommitHeaderReader(const std::string& db_path);
  ~CommitHeaderReader();
  CommitHeaderReader(const CommitHeaderReader&) = delete;
  CommitHeaderReader& operator=(const CommitHeaderReader&) = delete;

  /// The header of the store's last commit, or nullopt (see above).
  std::optional<CommitHeader> read() const;

 private:
  const unsigned char* map_ = nullptr;  // the index's first page
};

}  // namespace jxc::store
