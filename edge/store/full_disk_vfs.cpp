#include "edge/store/full_disk_vfs.h"

#include <sqlite3.h>

#include <mutex>

#include "edge/store/wal_write_buffer.h"

namespace jxc::store::testing {
namespace {

std::mutex full_disk_mu;
std::int64_t free_bytes = -1;  // negative: unlimited
std::int64_t refused = 0;

// The default VFS gives a database file methods of one kind and its journal
// and log another; the filling disk's files keep them but for xWrite.
struct Methods {
  const sqlite3_io_methods* base = nullptr;
  sqlite3_io_methods full{};
};
Methods kinds[4];

const sqlite3_io_methods* base_of(sqlite3_file* f) {
  for (const auto& k : kinds)
    if (f->pMethods == &k.full) return k.base;
  return nullptr;
}

int full_write(sqlite3_file* f, const void* data, int n, sqlite3_int64 at) {
  const sqlite3_io_methods* base = base_of(f);
  {
    std::lock_guard lock(full_disk_mu);
    if (free_bytes >= 0) {
      sqlite3_int64 size = 0;
      if (int rc = base->xFileSize(f, &size); rc != SQLITE_OK) return rc;
      const std::int64_t growth = at + n > size ? at + n - size : 0;
      if (growth > free_bytes) {
        ++refused;
        return SQLITE_FULL;
      }
      free_bytes -= growth;
    }
  }
  return base->xWrite(f, data, n, at);
}

int full_open(sqlite3_vfs* self, sqlite3_filename name, sqlite3_file* f, int flags, int* out) {
  auto* vfs = static_cast<sqlite3_vfs*>(self->pAppData);
  const int rc = vfs->xOpen(vfs, name, f, flags, out);
  if (rc != SQLITE_OK || f->pMethods == nullptr) return rc;
  std::lock_guard lock(full_disk_mu);
  for (auto& k : kinds) {
    if (k.base == nullptr) {
      k.base = f->pMethods;
      k.full = *f->pMethods;
      k.full.xWrite = full_write;
    }
    if (k.base == f->pMethods) {
      f->pMethods = &k.full;
      return rc;
    }
  }
  return rc;  // a kind beyond the four: its writes are not limited
}

}  // namespace

const char* FullDisk::vfs() {
  static const char* name = [] {
    static sqlite3_vfs full = *sqlite3_vfs_find(nullptr);
    full.pAppData = sqlite3_vfs_find(nullptr);
    full.zName = "jxc-test-full-disk";
    full.pNext = nullptr;
    full.xOpen = full_open;
    sqlite3_vfs_register(&full, 0);
    return wal_write_buffer_vfs_over("jxc-test-full-disk", "jxc-test-buffer-over-full-disk");
  }();
  return name;
}

void FullDisk::set_free_bytes(std::int64_t bytes) {
  std::lock_guard lock(full_disk_mu);
  free_bytes = bytes < 0 ? 0 : bytes;
}

void FullDisk::unlimited() {
  std::lock_guard lock(full_disk_mu);
  free_bytes = -1;
  refused = 0;
}

std::int64_t FullDisk::refused_writes() {
  std::lock_guard lock(full_disk_mu);
  return refused;
}

}  // namespace jxc::store::testing
