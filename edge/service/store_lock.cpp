#include "edge/service/store_lock.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

namespace jxc::service {
namespace {

std::string errno_text(int e) { return std::strerror(e); }

// The pid the holder wrote, if it is a live process; 0 when unknown (the
// holder has not written it yet, or the file says nothing sensible).
pid_t holder_pid(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  pid_t pid = 0;
  auto [end, ec] = std::from_chars(buf, buf + n, pid);
  if (ec != std::errc() || pid <= 0) return 0;
  if (::kill(pid, 0) != 0 && errno == ESRCH) return 0;
  return pid;
}

}  // namespace

std::string StoreLock::lock_path(const std::string& store_path) { return store_path + ".lock"; }

Result<std::unique_ptr<StoreLock>> StoreLock::acquire(const std::string& store_path) {
  const std::string path = lock_path(store_path);
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return error(Errc::io, "store " + store_path + ": cannot create " + dir.string() + ": " + ec.message());
  }
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0660);
  if (fd < 0)
    return error(Errc::io, "store " + store_path + ": cannot open the lock file " + path + ": " + errno_text(errno));
  // A few tries: holder() takes a shared lock for an instant, which must not
  // refuse a daemon starting just then.
  int rc = -1;
  for (int attempt = 0; attempt < 50; ++attempt) {
    do {
      rc = ::flock(fd, LOCK_EX | LOCK_NB);
    } while (rc != 0 && errno == EINTR);
    if (rc == 0 || errno != EWOULDBLOCK) break;
    ::usleep(5000);
  }
  if (rc != 0) {
    int e = errno;
    if (e == EWOULDBLOCK) {
      pid_t pid = holder_pid(fd);
      ::close(fd);
      return error(Errc::unavailable,
                   "store " + store_path + " is in use by another jxc-edge daemon" +
                       (pid > 0 ? " (pid " + std::to_string(pid) + ")" : std::string()) + ", which holds " +
                       path + "; stop that daemon first, or give this one a store of its own");
    }
    ::close(fd);
    return error(Errc::io, "store " + store_path + ": cannot lock " + path + ": " + errno_text(e));
  }
  // The lock is ours: the pid for whoever is refused next. Not being able to
  // write it costs only that detail.
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    ssize_t written = ::pwrite(fd, pid.data(), pid.size(), 0);
    (void)written;
  }
  return std::unique_ptr<StoreLock>(new StoreLock(fd, path));
}

std::optional<pid_t> StoreLock::holder(const std::string& store_path) {
  int fd = ::open(lock_path(store_path).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;  // never locked: no daemon ever ran on it
  int rc;
  do {
    rc = ::flock(fd, LOCK_SH | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  std::optional<pid_t> held;
  if (rc != 0 && errno == EWOULDBLOCK) held = holder_pid(fd);
  ::close(fd);  // drops the shared lock when it was taken
  return held;
}

StoreLock::~StoreLock() {
  // Closing the only descriptor of this open file description releases the lock.
  ::close(fd_);
}

}  // namespace jxc::service
