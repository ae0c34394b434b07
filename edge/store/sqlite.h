#pragma once
// A thin RAII face over SQLite: Db (a connection) and Stmt (a prepared
// statement). Of the parts, only edge/store and edge/inventory use them;
// every other part reads and writes the store through the typed functions of
// edge/inventory, and writes run on the engine's writer. SQLite's C API stays
// in this part: sqlite.cpp, and wal_write_buffer.cpp, which is a VFS.
// Not thread-safe: connections are opened without SQLite's own mutex, so a Db
// and its statements are used by one thread at a time (the engine's writer,
// the checkpoint thread, or one reader).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "edge/common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace jxc::store {

class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* s);
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  /// Clears bindings and rewinds; called by Db::cached before handing a statement out.
  void reset();
  /// reset(), and frees text buffers grown past a few KiB by a large value.
  void release_buffers();
  Stmt& bind(int idx, std::int64_t v);
  Stmt& bind(int idx, int v) { return bind(idx, static_cast<std::int64_t>(v)); }
  Stmt& bind(int idx, double v);
  /// Text is copied into a buffer of this statement's own, kept for the next
  /// binding of the same parameter: SQLite's own copy would be a heap
  /// allocation and a free for every text parameter of every execution.
  Stmt& bind(int idx, std::string_view v);
  Stmt& bind(int idx, const char* v) { return bind(idx, std::string_view(v)); }
  Stmt& bind(int idx, const std::string& v) { return bind(idx, std::string_view(v)); }
  Stmt& bind_null(int idx);
  template <typename T>
  Stmt& bind(int idx, const std::optional<T>& v) {
    return v ? bind(idx, *v) : bind_null(idx);
  }
  /// Binds arguments to ?1, ?2 ... in order. Every bind rewinds a statement
  /// that has run first (keeping its other bindings): SQLite refuses a
  /// binding of a statement that has run and keeps the old one, which for
  /// text would point into a buffer the new value has just overwritten.
  template <typename... A>
  Stmt& bind_all(const A&... a) {
    int i = 0;
    (bind(++i, a), ...);
    return *this;
  }

  /// true: a row is ready; false: done. A failure maps SQLite's code to Errc.
  Result<bool> step();
  /// Runs a statement that returns no rows (or ignores them).
  Status run();

  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;
  /// The SQL text the statement was prepared from.
  const char* sql() const;

 private:
  sqlite3* db_;
  sqlite3_stmt* s_;
  std::vector<std::string> text_;  // one per parameter, bound SQLITE_STATIC
  bool ran_ = false;               // stepped since the last rewind
  void rewind_if_run();
};

class Db {
 public:
  struct Options {
    bool read_only = false;
    int busy_timeout_ms = 5000;
    /// Hand the write-ahead log's writes to the system in large pieces
    /// (wal_write_buffer.h); false only to measure what that saves.
    bool coalesce_wal_writes = true;
    /// The SQLite VFS to open through, by name, in place of the above; null
    /// for those. Tests name one that fails as a full disk would.
    const char* vfs = nullptr;
    /// Bytes of the file read through a memory map instead of read() calls
    /// (PRAGMA mmap_size); 0 for none. Only reading connections map: pages
    /// then come straight from the system's cache, without a copy and a
    /// system call each, which was a sixth of a stock lookup's time.
    std::int64_t mmap_bytes = 0;
  };
  /// Opens (creating when allowed) with WAL, synchronous=FULL and foreign keys
  /// on. A new file is created with mode 0600.
  static Result<std::unique_ptr<Db>> open(const std::string& path, Options opts);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  Status exec(std::string_view sql);
  /// A prepared statement kept for the life of the Db, reset and ready to bind.
  /// The key is the address of `sql`, not its text: a lookup hashes one
  /// pointer, where hashing the text would read the whole statement on every
  /// call, and the writer's hot path makes several such calls per request.
  /// So `sql` must stay at that address, unchanged, for the life of the Db:
  /// a string literal, or a static string built once. Equal text at another
  /// address gets a statement of its own.
  Result<Stmt*> cached(const char* sql);
  /// exec() for one statement that runs often (SAVEPOINT, RELEASE): prepared
  /// once, since sqlite3_exec would parse it on every call. Keyed like cached().
  Status exec_cached(const char* sql);
  /// Rewinds every cached statement. A statement left on a row keeps its read
  /// transaction (and so an old snapshot) open; call this when a unit of work
  /// ends.
  void reset_cached();
  /// A statement owned by the caller (for one-off SQL).
  Result<std::unique_ptr<Stmt>> prepare(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  int changes() const;
  /// Rows inserted, updated or deleted on this connection since it opened,
  /// triggers included; a statement that aborted counts none. Unchanged
  /// across a piece of work means it wrote nothing.
  std::int64_t total_changes() const;
  const std::string& path() const { return path_; }
  /// The first region of the store's WAL index (`<store>-shm`, its header at
  /// the start) as this connection has it mapped, through SQLite's VFS
  /// (xShmMap): no descriptor of the caller's own, whose closing would drop
  /// this process's locks on the file. nullptr when the store is not in WAL
  /// mode or the index cannot be mapped. Valid while this connection is open.
  const unsigned char* wal_index();
  /// The VFS named in Options when opened (null: the usual one), so that a
  /// second connection to the same file (the checkpoint thread's) uses it too.
  const char* vfs() const { return vfs_; }
  /// Inside BEGIN ... COMMIT. On SQLITE_FULL, SQLITE_IOERR or SQLITE_NOMEM
  /// SQLite may roll the whole transaction back by itself; this turns false
  /// then, and what runs next runs in autocommit.
  bool in_transaction() const;

  /// Heap bytes held by this connection's page cache.
  std::int64_t cache_bytes() const;
  /// Gives the page cache's unused pages and its statements' large text
  /// buffers back to the heap and the heap's free pages back to the system: a
  /// long-lived connection otherwise stays as large as its busiest moment
  /// made it. Rewinds every cached statement.
  void release_memory();

  /// Single-value helpers for setup code.
  Result<std::int64_t> query_int(std::string_view sql);
  /// query_int() for a query that runs often: prepared once and keyed like cached().
  Result<std::int64_t> query_int_cached(const char* sql);

  /// Called on this connection's thread after each of its commits with the
  /// number of pages now in the write-ahead log. Setting it turns off SQLite's
  /// own checkpoint inside COMMIT (wal_autocheckpoint): whoever sets it takes
  /// over checkpointing. An empty function restores the default.
  void on_wal_commit(std::function<void(int wal_pages)> hook);
  struct Checkpoint {
    int wal_pages = 0;     // pages in the log
    int copied_pages = 0;  // of which now in the database file
  };
  /// Copies what it can of the log into the database without waiting for
  /// readers or the writer (SQLITE_CHECKPOINT_PASSIVE).
  Result<Checkpoint> checkpoint_passive();

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  const char* vfs_ = nullptr;
  std::function<void(int)> wal_hook_;
  std::unordered_map<const char*, std::unique_ptr<Stmt>> cache_;
};

/// Process-wide settings, which SQLite accepts only before anything in the
/// process has used it; Db::open applies them, and a program that uses SQLite
/// before its first Db calls this first. Memory statistics are off: they take
/// a global mutex around every allocation (a few per statement step), which
/// readers on several threads then queue on, and nothing here reads them.
/// Called too late the setting is refused: slower, not wrong.
void configure_sqlite();

/// Maps a SQLite result code and message to our vocabulary.
Status sqlite_status(int rc, sqlite3* db, std::string_view what);

}  // namespace jxc::store
