#include "edge/store/sqlite.h"

#include "edge/store/wal_write_buffer.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cassert>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <malloc.h>
#include <mutex>
#include <unistd.h>

namespace jxc::store {

Status sqlite_status(int rc, sqlite3* db, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return error(Errc::conflict, msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return error(Errc::unavailable, msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return error(Errc::corrupt, msg);
    default: return error(Errc::storage, msg);
  }
}

Stmt::Stmt(sqlite3* db, sqlite3_stmt* s)
    : db_(db), s_(s), text_(static_cast<std::size_t>(sqlite3_bind_parameter_count(s))) {}

Stmt::~Stmt() { sqlite3_finalize(s_); }

void Stmt::reset() {
  sqlite3_reset(s_);
  ran_ = false;
  sqlite3_clear_bindings(s_);
}

void Stmt::release_buffers() {
  reset();  // SQLite no longer points into the buffers
  for (auto& buf : text_)
    if (buf.capacity() > 4096) std::string().swap(buf);
}

// Every binding rewinds a statement that has run first: SQLite refuses a
// binding otherwise and keeps the old value.
void Stmt::rewind_if_run() {
  if (!ran_) return;
  sqlite3_reset(s_);
  ran_ = false;
}

Stmt& Stmt::bind(int idx, std::int64_t v) {
  rewind_if_run();
  sqlite3_bind_int64(s_, idx, v);
  return *this;
}
Stmt& Stmt::bind(int idx, double v) {
  rewind_if_run();
  sqlite3_bind_double(s_, idx, v);
  return *this;
}
Stmt& Stmt::bind(int idx, std::string_view v) {
  if (idx < 1 || static_cast<std::size_t>(idx) > text_.size()) {
    sqlite3_bind_text(s_, idx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);  // SQLITE_RANGE
    return *this;
  }
  // Valid until this parameter is bound again or the bindings are cleared,
  // which is all SQLITE_STATIC asks. Rewound first, so that SQLite takes the
  // new binding rather than keep pointing into the rewritten buffer.
  rewind_if_run();
  std::string& buf = text_[static_cast<std::size_t>(idx - 1)];
  buf.assign(v);
  sqlite3_bind_text(s_, idx, buf.data(), static_cast<int>(buf.size()), SQLITE_STATIC);
  return *this;
}
Stmt& Stmt::bind_null(int idx) {
  rewind_if_run();
  sqlite3_bind_null(s_, idx);
  return *this;
}

Result<bool> Stmt::step() {
  ran_ = true;
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status s = sqlite_status(rc, db_, sqlite3_sql(s_));
  sqlite3_reset(s_);
  return s;
}

Status Stmt::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.status();
    if (!*r) return Status::ok();
  }
}

std::int64_t Stmt::int64(int col) const { return sqlite3_column_int64(s_, col); }
double Stmt::real(int col) const { return sqlite3_column_double(s_, col); }
std::string Stmt::text(int col) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string();
}
bool Stmt::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
const char* Stmt::sql() const { return sqlite3_sql(s_); }

void configure_sqlite() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

Result<std::unique_ptr<Db>> Db::open(const std::string& path, Options opts) {
  if (!opts.read_only) {
    // Create the file ourselves so that others never read it, whatever the
    // umask: owner and group only (the group is the operators', who use the
    // CLI beside the service; its UMask=0007 keeps the group's write). SQLite
    // would create it 0644 less the umask, readable by anyone. Only when it
    // is new: closing any descriptor of a file drops every POSIX lock this
    // process holds on it, so opening and closing an existing store beside a
    // connection already in this process would silently release that
    // connection's locks, and another process closing the store last would
    // then delete the write-ahead log under it.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
    if (fd >= 0) {
      ::close(fd);
    } else if (errno != EEXIST) {
      return error(Errc::storage, "cannot create " + path + ": " + std::strerror(errno));
    }
  }
  configure_sqlite();
  sqlite3* raw = nullptr;
  int flags = opts.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  flags |= SQLITE_OPEN_NOMUTEX;
  const char* vfs = opts.vfs ? opts.vfs : opts.coalesce_wal_writes ? wal_write_buffer_vfs() : nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, vfs);
  if (rc != SQLITE_OK) {
    Status s = sqlite_status(rc, raw, "open " + path);
    sqlite3_close(raw);
    return s;
  }
  std::unique_ptr<Db> db(new Db(raw, path));
  db->vfs_ = opts.vfs;
  sqlite3_busy_timeout(raw, opts.busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
  const char* pragmas = opts.read_only
                            ? "PRAGMA foreign_keys=ON;"
                            : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                              "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
  JXC_TRY(db->exec(pragmas));
  if (opts.mmap_bytes > 0) JXC_TRY(db->exec("PRAGMA mmap_size=" + std::to_string(opts.mmap_bytes)));
  return db;
}

std::int64_t Db::cache_bytes() const {
  int used = 0, highwater = 0;
  sqlite3_db_status(db_, SQLITE_DBSTATUS_CACHE_USED, &used, &highwater, 0);
  return used;
}

void Db::release_memory() {
  for (auto& [sql, st] : cache_) st->release_buffers();
  sqlite3_db_release_memory(db_);
  ::malloc_trim(0);
}

Db::~Db() {
  cache_.clear();
  sqlite3_close(db_);
}

const unsigned char* Db::wal_index() {
  // Asking for the index of a store in another journal mode would create one.
  auto mode = prepare("PRAGMA journal_mode");
  if (!mode) return nullptr;
  auto row = (*mode)->step();
  if (!row || !*row || (*mode)->text(0) != "wal") return nullptr;
  mode->reset();
  // A read maps the index's first region if nothing has yet.
  if (!query_int("SELECT count(*) FROM sqlite_master")) return nullptr;
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file ||
      !file->pMethods || file->pMethods->iVersion < 2 || !file->pMethods->xShmMap)
    return nullptr;
  volatile void* region = nullptr;
  constexpr int kRegion = 32 * 1024;  // SQLite's WALINDEX_PGSZ
  if (file->pMethods->xShmMap(file, 0, kRegion, 0, &region) != SQLITE_OK) return nullptr;
  return static_cast<const unsigned char*>(const_cast<void*>(region));
}

Status Db::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    Status st = sqlite_status(rc, nullptr, "");
    return error(st.code(), msg + " [" + s.substr(0, 120) + "]");
  }
  return Status::ok();
}

Result<Stmt*> Db::cached(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    // The text at a key's address must not change (see sqlite.h); SQLite
    // keeps the text of the statement it parsed, which starts `sql`.
    assert(std::strncmp(sql, it->second->sql(), std::strlen(it->second->sql())) == 0);
    it->second->reset();
    return it->second.get();
  }
  JXC_ASSIGN(auto st, prepare(sql));
  Stmt* p = st.get();
  cache_.emplace(sql, std::move(st));
  return p;
}

Status Db::exec_cached(const char* sql) {
  JXC_ASSIGN(auto* st, cached(sql));
  Status s = st->run();
  st->reset();
  return s;
}

Result<std::int64_t> Db::query_int_cached(const char* sql) {
  JXC_ASSIGN(auto* st, cached(sql));
  auto row = st->step();
  std::int64_t v = row && *row ? st->int64(0) : 0;
  st->reset();
  if (!row) return row.status();
  if (!*row) return error(Errc::storage, std::string("no row from ") + sql);
  return v;
}

void Db::on_wal_commit(std::function<void(int)> hook) {
  wal_hook_ = std::move(hook);
  if (!wal_hook_) {
    sqlite3_wal_autocheckpoint(db_, 1000);  // SQLite's default
    return;
  }
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int pages) {
        static_cast<Db*>(self)->wal_hook_(pages);
        return SQLITE_OK;
      },
      this);
}

Result<Db::Checkpoint> Db::checkpoint_passive() {
  Checkpoint c;
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &c.wal_pages, &c.copied_pages);
  if (rc != SQLITE_OK) return sqlite_status(rc, db_, "checkpoint");
  return c;
}

void Db::reset_cached() {
  for (auto& [sql, st] : cache_) st->reset();
}

Result<std::unique_ptr<Stmt>> Db::prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) return sqlite_status(rc, db_, std::string("prepare ") + std::string(sql));
  return std::make_unique<Stmt>(db_, s);
}

std::int64_t Db::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Db::changes() const { return sqlite3_changes(db_); }
std::int64_t Db::total_changes() const { return sqlite3_total_changes64(db_); }
bool Db::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

Result<std::int64_t> Db::query_int(std::string_view sql) {
  JXC_ASSIGN(auto st, prepare(sql));
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::storage, "no row from " + std::string(sql));
  return st->int64(0);
}

}  // namespace jxc::store
