#pragma once
// Keeps checkpoints out of the writer's commits.
//
// In WAL mode SQLite copies the log back into the database file inside the
// COMMIT that crosses wal_autocheckpoint pages: that commit reads the log,
// writes the pages and fsyncs the database file, and every request waiting on
// it waits that much longer. Here a thread with its own connection does the
// copying (a passive checkpoint runs beside the writer, it takes no lock the
// writer needs), woken after the commits that grow the log past a threshold.
//
// A checkpoint that keeps losing the race to the next commit never lets the
// log start over, so the log would grow without bound; past a second, larger
// threshold the writer checkpoints itself as SQLite would have, which lets the
// next transaction restart the log.
//
// Under steady load that race is the rule: the log starts over only when a
// checkpoint ends before the writer's next transaction begins, and a busy
// writer begins the next one at once. So the thread is woken by the pages
// added since its last checkpoint rather than by the size of the log (woken
// by size, it ran after every commit once the log passed the first mark,
// with two fsyncs each time beside the writer's own), except on the last
// stretch before the writer's mark, where it runs after every commit so that
// the writer's own checkpoint finds next to nothing left to copy.

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
