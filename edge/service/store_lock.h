#pragma once
// One daemon per store. `jxc-edge run` holds an exclusive lock on a file
// beside the store, `<store>.lock`, for as long as it runs; a second daemon on
// the same store is refused at start instead of draining the same outbox
// under the same MQTT client id and knocking the first off the broker.
//
// The operator commands (import, post, stock ...) do not take it: they share
// the store with the daemon through SQLite's own locking.
//
// Why a separate file and flock(2):
// - Not the database file: SQLite locks it with POSIX (fcntl) byte-range
//   locks of its own. A POSIX lock of ours on it would sit in the same lock
//   table as SQLite's, and the process loses every POSIX lock on a file when
//   it closes any descriptor of that file, which SQLite's connections do.
// - flock, not fcntl, on the lock file: a flock lock belongs to the open file
//   description, so nothing else this process opens or closes can drop it;
//   it is released by the kernel when the process ends in any way (SIGKILL,
//   a crash), so it is never stale and needs no clean-up.
// - The file is left in place at exit. Removing it would let a starting
//   daemon lock a file that is no longer in the directory while a third
//   creates a new one and locks that too.
// The holder writes its pid into the file so that a refused daemon can say
// who holds the store.

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>

#include "edge/common/status.h"

namespace jxc::service {

class StoreLock {
 public:
  /// "<store_path>.lock"
  static std::string lock_path(const std::string& store_path);

  /// Takes the lock without waiting, creating the lock file (mode 0660 less
  /// the umask: the operators' group probes it) and
  /// its directory when absent. Errc::unavailable when another process holds
  /// it, with a reason naming the store and, when it can be found, the pid
  /// holding it; Errc::io when the file cannot be created or locked.
  static Result<std::unique_ptr<StoreLock>> acquire(const std::string& store_path);

  /// The pid of the daemon holding the store, 0 when it holds it but its pid
  /// is not known yet, nullopt when no process holds it. Probes with a shared
  /// lock taken and dropped at once (read-only, creating nothing); a daemon
  /// starting in that instant waits for it (acquire() retries briefly).
  static std::optional<pid_t> holder(const std::string& store_path);

  ~StoreLock();  // releases the lock
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  StoreLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
};

}  // namespace jxc::service
