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

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "edge/common/status.h"
#include "edge/store/sqlite.h"

namespace jxc::store {

class Checkpointer {
 public:
  struct Options {
    int wake_at_pages = 1000;   // SQLite's own wal_autocheckpoint
    int writer_at_pages = 4000;  // the writer steps in (16 MiB of log)
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
  bool wanted_ = false, stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

}  // namespace jxc::store
