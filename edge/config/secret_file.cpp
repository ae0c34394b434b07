#include "edge/config/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace jxc::config {
namespace {

constexpr std::size_t kMaxSecretBytes = 64 * 1024;

std::string quoted_secret(const std::string& s) { return "\"" + s + "\""; }

// Opens `path` for reading and checks what it is; -1 with `why` set otherwise.
int open_secret(const std::string& path, std::string* why) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *why = "cannot read " + quoted_secret(path) + ": " + std::strerror(errno);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    *why = quoted_secret(path) + " is not a regular file";
    return -1;
  }
  *why = secret_mode_problem(path, st.st_mode);
  if (!why->empty()) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

std::string credential_path(const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
  return dir && *dir ? std::string(dir) + "/" + path : path;
}

std::string secret_mode_problem(const std::string& path, mode_t mode) {
  if ((mode & (S_IRGRP | S_IROTH)) == 0) return {};
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return quoted_secret(path) + " is a secret readable by " + ((mode & S_IROTH) ? "every user" : "its group") + " (mode " +
         text + "); make it readable by the gateway alone (chmod go-r) or hand it over with systemd's "
         "LoadCredential=";
}

Status check_secret_file(const std::string& key, const std::string& path) {
  std::string why;
  int fd = open_secret(path, &why);
  if (fd < 0) return error(Errc::config, key + ": " + why);
  ::close(fd);
  return Status{};
}

Result<std::string> read_secret_file(const std::string& key, const std::string& path) {
  const std::string resolved = credential_path(path);
  std::string why;
  int fd = open_secret(resolved, &why);
  if (fd < 0) return error(Errc::config, key + ": " + why);
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      why = std::strerror(errno);
      ::close(fd);
      return error(Errc::config, key + ": cannot read " + quoted_secret(resolved) + ": " + why);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > kMaxSecretBytes) {
      ::close(fd);
      return error(Errc::config, key + ": " + quoted_secret(resolved) + " is larger than a secret (over 64 KiB)");
    }
  }
  ::close(fd);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace jxc::config
