#include "edge/store/power_loss_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "edge/store/wal_write_buffer.h"

namespace jxc::store::testing {
namespace {

struct Region {
  sqlite3_int64 at;
  std::string old;  // what the region held before it was written or cut off
};

struct FileLog {
  sqlite3_int64 durable_size = 0;  // at the last sync
  std::vector<Region> undo;        // since the last sync, oldest first
};

// Every write, truncation and sync runs under this lock, so nothing reaches
// a file between the cut's restore and the process's end.
std::mutex power_mu;
std::map<std::string, FileLog> logs;  // by path; nodes stay put
std::int64_t ops = 0, cut = 0;

// The default VFS's file follows ours in the memory SQLite allocates.
struct File {
  sqlite3_file ours;
  FileLog* log;  // null: a file without a name (temporary), not recorded
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(this) + sizeof(File)); }
};
static_assert(sizeof(File) % 8 == 0);

File* as_file(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
sqlite3_file* real(sqlite3_file* f) { return as_file(f)->real(); }

/// Puts every file back to what was durable and ends the process. With `power_mu` held.
[[noreturn]] void power_cut() {
  for (auto& [path, log] : logs) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) continue;
    for (auto r = log.undo.rbegin(); r != log.undo.rend(); ++r)
      (void)!::pwrite(fd, r->old.data(), r->old.size(), static_cast<off_t>(r->at));
    (void)!::ftruncate(fd, static_cast<off_t>(log.durable_size));
    ::close(fd);
  }
  ::_exit(PowerLoss::kExitCode);
}

/// Counts a write or sync and cuts the power at the chosen one. With `power_mu` held.
void count_operation() {
  if (++ops == cut) power_cut();
}

/// Records what [at, at+n) holds within the file's present size. With `power_mu` held.
int remember(sqlite3_file* f, sqlite3_int64 at, sqlite3_int64 n) {
  FileLog* log = as_file(f)->log;
  if (!log) return SQLITE_OK;
  sqlite3_int64 size = 0;
  if (int rc = real(f)->pMethods->xFileSize(real(f), &size); rc != SQLITE_OK) return rc;
  if (at >= size) return SQLITE_OK;
  Region r{at, std::string(static_cast<std::size_t>(std::min(n, size - at)), '\0')};
  if (int rc = real(f)->pMethods->xRead(real(f), r.old.data(), static_cast<int>(r.old.size()), at); rc != SQLITE_OK)
    return rc;
  log->undo.push_back(std::move(r));
  return SQLITE_OK;
}

int pl_close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
int pl_read(sqlite3_file* f, void* p, int n, sqlite3_int64 at) { return real(f)->pMethods->xRead(real(f), p, n, at); }

int pl_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 at) {
  std::lock_guard lock(power_mu);
  count_operation();
  if (int rc = remember(f, at, n); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xWrite(real(f), p, n, at);
}

int pl_truncate(sqlite3_file* f, sqlite3_int64 size) {
  std::lock_guard lock(power_mu);
  if (int rc = remember(f, size, INT32_MAX); rc != SQLITE_OK) return rc;
  return real(f)->pMethods->xTruncate(real(f), size);
}

int pl_sync(sqlite3_file* f, int flags) {
  std::lock_guard lock(power_mu);
  count_operation();
  const int rc = real(f)->pMethods->xSync(real(f), flags);
  if (FileLog* log = as_file(f)->log; rc == SQLITE_OK && log) {
    log->undo.clear();
    (void)real(f)->pMethods->xFileSize(real(f), &log->durable_size);
  }
  return rc;
}

int pl_file_size(sqlite3_file* f, sqlite3_int64* out) { return real(f)->pMethods->xFileSize(real(f), out); }
int pl_lock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int pl_unlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int pl_reserved(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int pl_control(sqlite3_file* f, int op, void* arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); }
int pl_sector(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int pl_device(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int pl_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
}
int pl_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void pl_shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int pl_shm_unmap(sqlite3_file* f, int del) { return real(f)->pMethods->xShmUnmap(real(f), del); }
int pl_fetch(sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
  return real(f)->pMethods->xFetch(real(f), at, n, out);
}
int pl_unfetch(sqlite3_file* f, sqlite3_int64 at, void* p) { return real(f)->pMethods->xUnfetch(real(f), at, p); }

const sqlite3_io_methods kMethods = {3,           pl_close,      pl_read,        pl_write,     pl_truncate,
                                     pl_sync,     pl_file_size,  pl_lock,        pl_unlock,    pl_reserved,
                                     pl_control,  pl_sector,     pl_device,      pl_shm_map,   pl_shm_lock,
                                     pl_shm_barrier, pl_shm_unmap, pl_fetch,     pl_unfetch};

sqlite3_vfs* base_vfs(sqlite3_vfs* self) { return static_cast<sqlite3_vfs*>(self->pAppData); }

int pl_open(sqlite3_vfs* self, sqlite3_filename name, sqlite3_file* f, int flags, int* out) {
  File* file = as_file(f);
  file->ours.pMethods = nullptr;
  file->log = nullptr;
  sqlite3_vfs* base = base_vfs(self);
  const int rc = base->xOpen(base, name, file->real(), flags, out);
  if (rc != SQLITE_OK || file->real()->pMethods == nullptr) return rc;
  file->ours.pMethods = &kMethods;
  if (name) {
    std::lock_guard lock(power_mu);
    auto [it, added] = logs.try_emplace(name);
    // A file this process meets for the first time is on disk as it is.
    if (added) (void)file->real()->pMethods->xFileSize(file->real(), &it->second.durable_size);
    file->log = &it->second;
  }
  return rc;
}

int pl_delete(sqlite3_vfs* self, const char* name, int sync_dir) {
  std::lock_guard lock(power_mu);
  sqlite3_vfs* base = base_vfs(self);
  const int rc = base->xDelete(base, name, sync_dir);
  if (rc == SQLITE_OK) {
    // Its undo log is gone with it; open handles keep a log of their own.
    if (auto it = logs.find(name); it != logs.end()) {
      it->second.undo.clear();
      it->second.durable_size = 0;
    }
  }
  return rc;
}

}  // namespace

const char* PowerLoss::vfs() {
  static const char* name = [] {
    sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
    static sqlite3_vfs vfs = *base;
    vfs.pAppData = base;
    vfs.zName = "jxc-test-power-loss";
    vfs.pNext = nullptr;
    vfs.szOsFile = static_cast<int>(sizeof(File)) + base->szOsFile;
    vfs.xOpen = pl_open;
    vfs.xDelete = pl_delete;
    sqlite3_vfs_register(&vfs, 0);
    return wal_write_buffer_vfs_over("jxc-test-power-loss", "jxc-test-buffer-over-power-loss");
  }();
  return name;
}

void PowerLoss::cut_at(std::int64_t n) {
  std::lock_guard lock(power_mu);
  cut = n > 0 ? ops + n : 0;
}

std::int64_t PowerLoss::operations() {
  std::lock_guard lock(power_mu);
  return ops;
}

}  // namespace jxc::store::testing
