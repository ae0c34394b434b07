#include "edge/metrics/textfile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace jxc::metrics {

Status write_atomically(const std::string& path, std::string_view text) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  if (ec) return error(Errc::io, "metrics: cannot create " + target.parent_path().string() + ": " + ec.message());
  // The collector reads only *.prom files, so the temporary name is never
  // collected half-written.
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  // The directory may be writable by others (a shared textfile directory):
  // whatever lies at the temporary name (a file left by a crash, or a
  // symlink planted to make this process overwrite another file) is removed,
  // not followed, and the file is created afresh. O_EXCL and O_NOFOLLOW
  // refuse a name planted again in between instead of writing through it.
  if (::unlink(tmp.c_str()) != 0 && errno != ENOENT)
    return error(Errc::io, "metrics: cannot remove the stale " + tmp + ": " + std::strerror(errno));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return error(Errc::io, "metrics: cannot write " + tmp + ": " + std::strerror(errno));
  std::size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return error(Errc::io, "metrics: writing " + tmp + ": " + why);
    }
    off += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return error(Errc::io, "metrics: closing " + tmp + ": " + why);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return error(Errc::io, "metrics: renaming " + tmp + " to " + path + ": " + why);
  }
  return Status::ok();
}

}  // namespace jxc::metrics
