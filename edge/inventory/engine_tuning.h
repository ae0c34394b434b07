#pragma once
// The engine's internal settings, each with a measured default that a
// deployment does not change (none of them is in the configuration file).
// Benchmarks change them to measure what each mechanism saves; tests change
// them to provoke a path (a short idle poll, fewer savepoint batches).
// Engine::open takes them beside EngineOptions.

#include <functional>

namespace jxc::inventory {

struct EngineTuning {
  /// How often an idle writer looks for commits made by another process on
  /// the same file (the operator CLI), so that its listeners hear of them.
  int external_poll_ms = 200;
  /// Copy the write-ahead log back into the database on a thread of its own
  /// (store::Checkpointer) instead of inside the commit that fills it.
  bool background_checkpoint = true;
  /// The writer's page cache, in KiB. The indexes a busy store writes to at
  /// random outgrow SQLite's default 2 MB; the cache is given back whenever
  /// the writer has been idle for external_poll_ms.
  int writer_cache_kib = 16384;
  /// Run every request in its own savepoint from the start, instead of only
  /// when a batch is run again after a request failed having written
  /// (true measures what savepoints cost).
  bool savepoint_every_request = false;
  /// Write the log through store::wal_write_buffer_vfs() (false measures what
  /// the buffer saves).
  bool coalesce_wal_writes = true;
  /// After a batch was run again, this many of the next batches run with a
  /// savepoint per request from the start (renewed while requests keep
  /// failing after writing), so that a persistent failure costs savepoints,
  /// not every batch twice.
  int savepoint_batches_after_rerun = 16;
  /// How often the writer writes the cost pools its movements moved
  /// (cost_tail.h), in its clock's milliseconds; 0 writes them with every
  /// commit. A pool moved many times in between is written once.
  int cost_pools_every_ms = 1000;
  /// How often the writer folds the ledger's newest movements into the
  /// daily totals (day_totals.h), in its clock's milliseconds; 0 with
  /// every commit. Readers add what is not folded yet.
  int day_totals_every_ms = 10000;
  /// Most movements folded at a time: a store with years of ledger not
  /// folded yet is folded over many batches, none of them long.
  int day_totals_slice = 20000;
  /// While requests keep coming, the writer folds only once this many
  /// movements wait (readers add them meanwhile); otherwise it folds when
  /// idle, so that a burst of postings is not slowed by it. 0: whenever due.
  int day_totals_backlog = 100000;
  /// The SQLite VFS the writer opens the store through, by name
  /// (store::Db::Options::vfs); null for the usual one. Tests name one that
  /// fails as a full disk would.
  const char* vfs = nullptr;
  /// How long the writer waits for another connection's write lock (the
  /// operator CLI's import) before its batch fails with Errc::unavailable.
  int busy_timeout_ms = 5000;
  /// Tests only: asked once per request that committed; when it answers
  /// true the caller is told Errc::storage instead of the result, as when
  /// the answer is lost after the commit (retries must not book twice).
  std::function<bool()> lose_answer;
};

}  // namespace jxc::inventory
