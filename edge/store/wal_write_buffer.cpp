#include "edge/store/wal_write_buffer.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>

// A VFS "shim" in SQLite's sense: it wraps another VFS (the default one) and changes one
// thing, how the write-ahead log's writes reach the operating system.
//
// When may buffered bytes still be missing from the file? Only while this
// connection holds the log's write lock and has not yet synced or published
// them, i.e. inside its own write transaction. Readers learn of new frames
// only from the log index header, written after the sync (synchronous=FULL)
// and, in every mode, around xShmBarrier; other writers need the write lock,
// which changes hands through xShmLock. Both go through the database file's
// methods, not the log's, so each database file is wrapped too and knows its
// open log. What a lock change finds still buffered belongs to a transaction
// that rolled back (a commit has synced); it is written, as SQLite would have
// written it, before the lock moves.

namespace jxc::store {
namespace {

// The unix VFS hands at most 128 KiB - 1 to one write() (seekAndWriteFd masks
// the length with 0x1ffff), so a larger buffer would come back as a short
// write. 124 KiB is 31 pages of 4 KiB.
constexpr int kBufferBytes = 0x1f000;

struct LogFile;

struct MainFile {
  sqlite3_file base;
  LogFile* log;  // this database's open write-ahead log, if any
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

struct LogFile {
  sqlite3_file base;
  MainFile* main;
  char* buffer;
  sqlite3_int64 offset;  // file offset of buffer[0]
  int length;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

MainFile* as_main(sqlite3_file* f) { return reinterpret_cast<MainFile*>(f); }
LogFile* as_log(sqlite3_file* f) { return reinterpret_cast<LogFile*>(f); }

int flush(LogFile* f) {
  if (f->length == 0) return SQLITE_OK;
  const int n = f->length;
  f->length = 0;
  return f->real()->pMethods->xWrite(f->real(), f->buffer, n, f->offset);
}

// ---- the write-ahead log ----

int log_close(sqlite3_file* p) {
  LogFile* f = as_log(p);
  const int rc = flush(f);
  if (f->main) f->main->log = nullptr;
  const int closed = f->real()->pMethods->xClose(f->real());
  sqlite3_free(f->buffer);
  f->buffer = nullptr;
  return rc != SQLITE_OK ? rc : closed;
}

int log_read(sqlite3_file* p, void* out, int n, sqlite3_int64 at) {
  LogFile* f = as_log(p);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real()->pMethods->xRead(f->real(), out, n, at);
}

int log_write(sqlite3_file* p, const void* data, int n, sqlite3_int64 at) {
  LogFile* f = as_log(p);
  if (f->length > 0 && at == f->offset + f->length && n <= kBufferBytes - f->length) {
    std::memcpy(f->buffer + f->length, data, static_cast<std::size_t>(n));
    f->length += n;
    return SQLITE_OK;
  }
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  if (n >= kBufferBytes) return f->real()->pMethods->xWrite(f->real(), data, n, at);
  if (!f->buffer) {
    f->buffer = static_cast<char*>(sqlite3_malloc(kBufferBytes));
    if (!f->buffer) return f->real()->pMethods->xWrite(f->real(), data, n, at);
  }
  std::memcpy(f->buffer, data, static_cast<std::size_t>(n));
  f->offset = at;
  f->length = n;
  return SQLITE_OK;
}

int log_truncate(sqlite3_file* p, sqlite3_int64 size) {
  LogFile* f = as_log(p);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real()->pMethods->xTruncate(f->real(), size);
}

int log_sync(sqlite3_file* p, int flags) {
  LogFile* f = as_log(p);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real()->pMethods->xSync(f->real(), flags);
}

int log_size(sqlite3_file* p, sqlite3_int64* size) {
  LogFile* f = as_log(p);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real()->pMethods->xFileSize(f->real(), size);
}

int log_file_control(sqlite3_file* p, int op, void* arg) {
  LogFile* f = as_log(p);
  if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return f->real()->pMethods->xFileControl(f->real(), op, arg);
}

// ---- any wrapped file: plain forwarding ----

template <class F>
sqlite3_file* real_of(sqlite3_file* p) {
  return reinterpret_cast<F*>(p)->real();
}

template <class F>
int fwd_lock(sqlite3_file* p, int level) {
  return real_of<F>(p)->pMethods->xLock(real_of<F>(p), level);
}
template <class F>
int fwd_unlock(sqlite3_file* p, int level) {
  return real_of<F>(p)->pMethods->xUnlock(real_of<F>(p), level);
}
template <class F>
int fwd_check_reserved(sqlite3_file* p, int* out) {
  return real_of<F>(p)->pMethods->xCheckReservedLock(real_of<F>(p), out);
}
template <class F>
int fwd_sector_size(sqlite3_file* p) {
  return real_of<F>(p)->pMethods->xSectorSize(real_of<F>(p));
}
template <class F>
int fwd_device(sqlite3_file* p) {
  return real_of<F>(p)->pMethods->xDeviceCharacteristics(real_of<F>(p));
}

// ---- the database file ----

int main_close(sqlite3_file* p) {
  MainFile* f = as_main(p);
  if (f->log) f->log->main = nullptr;
  return f->real()->pMethods->xClose(f->real());
}
int main_read(sqlite3_file* p, void* out, int n, sqlite3_int64 at) {
  return real_of<MainFile>(p)->pMethods->xRead(real_of<MainFile>(p), out, n, at);
}
int main_write(sqlite3_file* p, const void* data, int n, sqlite3_int64 at) {
  return real_of<MainFile>(p)->pMethods->xWrite(real_of<MainFile>(p), data, n, at);
}
int main_truncate(sqlite3_file* p, sqlite3_int64 size) {
  return real_of<MainFile>(p)->pMethods->xTruncate(real_of<MainFile>(p), size);
}
int main_sync(sqlite3_file* p, int flags) {
  return real_of<MainFile>(p)->pMethods->xSync(real_of<MainFile>(p), flags);
}
int main_size(sqlite3_file* p, sqlite3_int64* size) {
  return real_of<MainFile>(p)->pMethods->xFileSize(real_of<MainFile>(p), size);
}
int main_file_control(sqlite3_file* p, int op, void* arg) {
  return real_of<MainFile>(p)->pMethods->xFileControl(real_of<MainFile>(p), op, arg);
}

// The default VFS's database files have version 3 methods; another base VFS
// without shared memory cannot run a write-ahead log at all, so SQLite gets
// the same answer it would have got from it.
bool has_shm(sqlite3_file* real) { return real->pMethods->iVersion >= 2 && real->pMethods->xShmMap; }

int main_shm_map(sqlite3_file* p, int region, int size, int extend, void volatile** out) {
  sqlite3_file* r = real_of<MainFile>(p);
  if (!has_shm(r)) return SQLITE_IOERR_SHMMAP;
  return r->pMethods->xShmMap(r, region, size, extend, out);
}

int main_shm_lock(sqlite3_file* p, int offset, int n, int flags) {
  MainFile* f = as_main(p);
  if (!has_shm(f->real())) return SQLITE_IOERR_SHMLOCK;
  const int written = f->log ? flush(f->log) : SQLITE_OK;
  // A failed write must not keep a lock from being released; it is reported
  // when a lock is being taken instead.
  if (written != SQLITE_OK && !(flags & SQLITE_SHM_UNLOCK)) return written;
  return f->real()->pMethods->xShmLock(f->real(), offset, n, flags);
}

void main_shm_barrier(sqlite3_file* p) {
  MainFile* f = as_main(p);
  // Between the two copies of the log index header: readers trust the header
  // only once both copies agree, so the frames it names are in the file first.
  // Under synchronous=FULL the commit has synced, and nothing is buffered here.
  if (f->log) (void)flush(f->log);
  if (has_shm(f->real())) f->real()->pMethods->xShmBarrier(f->real());
}

int main_shm_unmap(sqlite3_file* p, int delete_flag) {
  sqlite3_file* r = real_of<MainFile>(p);
  if (!has_shm(r)) return SQLITE_OK;
  return r->pMethods->xShmUnmap(r, delete_flag);
}

int main_fetch(sqlite3_file* p, sqlite3_int64 at, int n, void** out) {
  sqlite3_file* r = real_of<MainFile>(p);
  if (r->pMethods->iVersion < 3 || !r->pMethods->xFetch) {
    *out = nullptr;
    return SQLITE_OK;
  }
  return r->pMethods->xFetch(r, at, n, out);
}

int main_unfetch(sqlite3_file* p, sqlite3_int64 at, void* page) {
  sqlite3_file* r = real_of<MainFile>(p);
  if (r->pMethods->iVersion < 3 || !r->pMethods->xUnfetch) return SQLITE_OK;
  return r->pMethods->xUnfetch(r, at, page);
}

// ---- the method tables ----

const sqlite3_io_methods log_methods = {
    .iVersion = 1,  // no shared memory or mapping on the log itself
    .xClose = log_close,
    .xRead = log_read,
    .xWrite = log_write,
    .xTruncate = log_truncate,
    .xSync = log_sync,
    .xFileSize = log_size,
    .xLock = fwd_lock<LogFile>,
    .xUnlock = fwd_unlock<LogFile>,
    .xCheckReservedLock = fwd_check_reserved<LogFile>,
    .xFileControl = log_file_control,
    .xSectorSize = fwd_sector_size<LogFile>,
    .xDeviceCharacteristics = fwd_device<LogFile>,
    .xShmMap = nullptr,
    .xShmLock = nullptr,
    .xShmBarrier = nullptr,
    .xShmUnmap = nullptr,
    .xFetch = nullptr,
    .xUnfetch = nullptr,
};

const sqlite3_io_methods main_methods = {
    .iVersion = 3,
    .xClose = main_close,
    .xRead = main_read,
    .xWrite = main_write,
    .xTruncate = main_truncate,
    .xSync = main_sync,
    .xFileSize = main_size,
    .xLock = fwd_lock<MainFile>,
    .xUnlock = fwd_unlock<MainFile>,
    .xCheckReservedLock = fwd_check_reserved<MainFile>,
    .xFileControl = main_file_control,
    .xSectorSize = fwd_sector_size<MainFile>,
    .xDeviceCharacteristics = fwd_device<MainFile>,
    .xShmMap = main_shm_map,
    .xShmLock = main_shm_lock,
    .xShmBarrier = main_shm_barrier,
    .xShmUnmap = main_shm_unmap,
    .xFetch = main_fetch,
    .xUnfetch = main_unfetch,
};

// ---- the VFS ----

sqlite3_vfs* base_of(sqlite3_vfs* shim) { return static_cast<sqlite3_vfs*>(shim->pAppData); }

int shim_open(sqlite3_vfs* shim, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  sqlite3_vfs* base_vfs = base_of(shim);
  if (flags & SQLITE_OPEN_MAIN_DB) {
    MainFile* f = as_main(file);
    f->log = nullptr;
    const int rc = base_vfs->xOpen(base_vfs, name, f->real(), flags, out_flags);
    // pMethods stays null on failure, which tells SQLite not to close it.
    f->base.pMethods = rc == SQLITE_OK ? &main_methods : nullptr;
    return rc;
  }
  if (flags & SQLITE_OPEN_WAL) {
    sqlite3_file* db = sqlite3_database_file_object(name);
    if (!db || db->pMethods != &main_methods) {
      // Not our database's log: nothing would flush a buffer, so none is kept.
      return base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
    }
    LogFile* f = as_log(file);
    f->main = nullptr;
    f->buffer = nullptr;
    f->offset = 0;
    f->length = 0;
    const int rc = base_vfs->xOpen(base_vfs, name, f->real(), flags, out_flags);
    if (rc != SQLITE_OK) {
      f->base.pMethods = nullptr;
      return rc;
    }
    f->base.pMethods = &log_methods;
    f->main = as_main(db);
    f->main->log = f;
    return SQLITE_OK;
  }
  return base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
}

int shim_delete(sqlite3_vfs* v, const char* name, int sync_dir) {
  return base_of(v)->xDelete(base_of(v), name, sync_dir);
}
int shim_access(sqlite3_vfs* v, const char* name, int flags, int* out) {
  return base_of(v)->xAccess(base_of(v), name, flags, out);
}
int shim_full_pathname(sqlite3_vfs* v, const char* name, int n, char* out) {
  return base_of(v)->xFullPathname(base_of(v), name, n, out);
}
void* shim_dl_open(sqlite3_vfs* v, const char* name) { return base_of(v)->xDlOpen(base_of(v), name); }
void shim_dl_error(sqlite3_vfs* v, int n, char* out) { base_of(v)->xDlError(base_of(v), n, out); }
void (*shim_dl_sym(sqlite3_vfs* v, void* lib, const char* sym))(void) {
  return base_of(v)->xDlSym(base_of(v), lib, sym);
}
void shim_dl_close(sqlite3_vfs* v, void* lib) { base_of(v)->xDlClose(base_of(v), lib); }
int shim_randomness(sqlite3_vfs* v, int n, char* out) { return base_of(v)->xRandomness(base_of(v), n, out); }
int shim_sleep(sqlite3_vfs* v, int us) { return base_of(v)->xSleep(base_of(v), us); }
int shim_current_time(sqlite3_vfs* v, double* out) { return base_of(v)->xCurrentTime(base_of(v), out); }
int shim_last_error(sqlite3_vfs* v, int n, char* out) {
  return base_of(v)->xGetLastError ? base_of(v)->xGetLastError(base_of(v), n, out) : 0;
}
int shim_current_time64(sqlite3_vfs* v, sqlite3_int64* out) {
  return base_of(v)->xCurrentTimeInt64(base_of(v), out);
}

/// A new VFS named `name` over `base`; lives for the rest of the process, as
/// SQLite requires of a registered VFS.
sqlite3_vfs* make_shim(sqlite3_vfs* base, const char* name) {
  auto* v = new sqlite3_vfs{};
  v->iVersion = 2;
  v->szOsFile = static_cast<int>(std::max(sizeof(MainFile), sizeof(LogFile))) + base->szOsFile;
  v->mxPathname = base->mxPathname;
  v->zName = name;
  v->pAppData = base;
  v->xOpen = shim_open;
  v->xDelete = shim_delete;
  v->xAccess = shim_access;
  v->xFullPathname = shim_full_pathname;
  v->xDlOpen = shim_dl_open;
  v->xDlError = shim_dl_error;
  v->xDlSym = shim_dl_sym;
  v->xDlClose = shim_dl_close;
  v->xRandomness = shim_randomness;
  v->xSleep = shim_sleep;
  v->xCurrentTime = shim_current_time;
  v->xGetLastError = shim_last_error;
  v->xCurrentTimeInt64 = shim_current_time64;
  return v;
}

}  // namespace

const char* wal_write_buffer_vfs() {
  static const char* name = [] {
    sqlite3_vfs* v = make_shim(sqlite3_vfs_find(nullptr), "jxc-wal-write-buffer");
    sqlite3_vfs_register(v, 0);
    return v->zName;
  }();
  return name;
}

const char* wal_write_buffer_vfs_over(const char* base, const char* name) {
  sqlite3_vfs* b = sqlite3_vfs_find(base);
  if (!b) return nullptr;
  sqlite3_vfs* v = make_shim(b, name);
  if (sqlite3_vfs_register(v, 0) != SQLITE_OK) return nullptr;
  return v->zName;
}

}  // namespace jxc::store
