#pragma once
// Keeps checkpoints out of the writer's commits.
//
// In WAL mode SQLite copies the log back into the database file inside the
// COMMIT that takes the log past wal_autocheckpoint pages: that commit reads
// the log, writes the pages and fsyncs the database file, and every request
// waiting on it waits that much longer. A Checkpointer hooks the writer's
// commits instead (which turns SQLite's own checkpointing off) and copies the
// log on a thread with its own connection; a passive checkpoint takes no lock
// the writer needs, so it runs beside the writer.
//
// The log starts over only when a checkpoint has copied all of it before the
// writer's next transaction begins, and a busy writer begins the next one at
// once. So CheckpointSchedule decides, after each commit:
// - wake the thread once wake_at_pages have been added to the log since its
//   last checkpoint (counted from what it copied, not from the log's size,
//   which under load stays above any mark and would wake it after every
//   commit, with two fsyncs each time beside the writer's own);
// - on the last wake_at_pages before writer_at_pages, wake it after every
//   commit, so that the copy is nearly complete when the writer's mark comes;
// - at writer_at_pages, have the writer checkpoint itself inside its commit,
//   as SQLite would; it finds next to nothing left to copy, and its next
//   transaction starts the log over, so the log stays bounded.
// The engine sets writer_at_pages to its log limit ([store] wal_limit_mib)
// and wakes the thread per quarter of it: a long log lets a page that many
// commits change be copied once for all of them.

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "edge/common/status.h"
#include "edge/store/sqlite.h"

namespace jxc::store {

/// When to checkpoint, from what the writer's commits and the thread's
/// checkpoints report (kept apart from the threads so it can be tested alone).
class CheckpointSchedule {
 public:
  enum class Action { none, wake_thread, writer_checkpoints };
  CheckpointSchedule(int wake_at_pages, int writer_at_pages)
      : wake_at_(wake_at_pages), writer_at_(writer_at_pages) {}
  /// After a commit that left `wal_pages` frames in the log.
  Action after_commit(int wal_pages);
  /// After a checkpoint of a log of `wal_pages` frames: the first
  /// `copied_pages` are in the database. A report about a log that has
  /// started over since (it was longer than the log is now) is ignored.
  void checkpointed(int wal_pages, int copied_pages) {
    if (wal_pages <= last_) copied_ = std::max(copied_, copied_pages);
  }

 private:
  int wake_at_, writer_at_;
  int last_ = 0;    // log size after the last commit
  int copied_ = 0;  // frames of this log already copied
};

class Checkpointer {
 public:
  struct Options {
    int wake_at_pages = 1000;    // pages added since the last checkpoint (SQLite's wal_autocheckpoint)
    int writer_at_pages = 4000;  // log size at which the writer steps in (16 MiB)
  };
  struct Stats {
    std::uint64_t background = 0;  // checkpoints run by the thread
    std::uint64_t by_writer = 0;    // checkpoints the writer had to run
    int last_wal_pages = 0;         // log size after the writer's last commit
  };

  /// Opens its own connection to the writer's file and hooks the writer's
  /// commits. Call on the writer's thread before it writes, or before the
  /// writer thread starts.
  static Result<std::unique_ptr<Checkpointer>> start(Db& writer, Options opts);
  /// Unhooks the writer and joins the thread. Call when the writer is idle.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  Stats stats() const;

 private:
  Checkpointer(Db& writer, std::unique_ptr<Db> own, Options opts);
  void after_commit(int wal_pages);  // the writer's thread
  void loop();

  Db& writer_;
  std::unique_ptr<Db> own_;
  Options opts_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  CheckpointSchedule schedule_;  // under mu_
  bool wanted_ = false, stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace jxc::store
