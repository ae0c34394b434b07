#include "edge/http/setup_token.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include <spdlog/spdlog.h>

#include "edge/http/credentials.h"

namespace jxc::http {
namespace {

// Writes `text` to `file` through a temporary file renamed over it, so that
// the file is either the old one or the whole new one, never readable by
// anyone but the owner.
Status write_private(const std::filesystem::path& file, const std::string& text) {
  const std::string tmp = file.string() + ".tmp";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return error(Errc::io, tmp + ": " + std::strerror(errno));
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t done = 0;
  while (ok && done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) ok = false;
    else done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
    const int why = ok ? errno : saved;
    ::unlink(tmp.c_str());
    return error(Errc::io, file.string() + ": " + std::strerror(why));
  }
  return Status::ok();
}

}  // namespace

std::unique_ptr<SetupToken> SetupToken::create(std::filesystem::path file) {
  std::string token = "jxc_setup_" + random_text(32);
  Status written = write_private(file, token + "\n");
  if (!written) spdlog::error("http: the setup token file was not written: {}", written.to_string());
  return std::unique_ptr<SetupToken>(new SetupToken(std::move(token), std::move(file), written.is_ok()));
}

SetupToken::Check SetupToken::check(const std::string& given) const {
  std::lock_guard lock(mu_);
  if (spent_) return Check::spent;
  return equal_secrets(given, token_) ? Check::ok : Check::wrong;
}

void SetupToken::spend() {
  {
    std::lock_guard lock(mu_);
    spent_ = true;
  }
  std::error_code ec;
  std::filesystem::remove(file_, ec);
  if (ec) spdlog::warn("http: {} was not removed: {}", file_.string(), ec.message());
}

}  // namespace jxc::http
