#pragma once

namespace jxc::store {

/// Name of a SQLite VFS that gathers the write-ahead log's consecutive writes
/// into one buffer and hands them to the operating system in large pieces.
///
/// SQLite writes a commit into the log as two write() calls per page (frame
/// header, then page): some 1,100 system calls for a group commit of 200
/// single-line documents, most of the 1.4 ms the writer spent in the kernel
/// in a 3.5 ms COMMIT (docs/performance.md, bench_ledger). The buffer turns
/// them into one call per 124 KiB. Durability is unchanged:
/// whatever is buffered is written before the log is synced, read, sized or
/// truncated, before the log's index header is published to readers (the
/// memory barrier between its two copies) and before any log lock changes
/// hands, so no reader and no later writer can see the file without it.
/// Everything else, and every file that is not a write-ahead log, goes
/// straight to the default VFS.
///
/// Registered (not as the default) on the first call; thread-safe.
const char* wal_write_buffer_vfs();

/// The same buffer over the registered VFS `base` instead of the default,
/// registered as `name` (which must outlive the process's use of it); nullptr
/// when `base` is unknown. For tests that watch what reaches the layer below.
const char* wal_write_buffer_vfs_over(const char* base, const char* name);

}  // namespace jxc::store
