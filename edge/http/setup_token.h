#pragma once
// The one-time setup token: at a start with no active admin, the gateway
// makes a random token, prints it to the log and writes it to
// `setup-token` (mode 0600) beside the store, in the service's state
// directory. POST /api/v1/setup with it creates the first admin, once; the
// token is then spent and the file removed. Each start without an admin
// makes a new token, so one that leaked from an old log is worth nothing.
//
// Thread-safety: every method may be called from any thread.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "edge/common/status.h"

namespace jxc::http {

class SetupToken {
 public:
  /// A new token written to `file` (replaced whole, 0600). Errc::io when the
  /// file cannot be written: the token is then in the log alone.
  static std::unique_ptr<SetupToken> create(std::filesystem::path file);

  const std::string& token() const { return token_; }
  const std::filesystem::path& file() const { return file_; }
  /// Whether the file was written.
  bool in_file() const { return in_file_; }

  enum class Check { ok, wrong, spent };
  /// Compares `given` with the token (in constant time).
  Check check(const std::string& given) const;
  /// The token is spent: every later check answers `spent`; the file goes.
  void spend();
  /// Held while one setup request checks, creates the admin and spends the
  /// token, so that two requests cannot both create one.
  std::mutex& in_use() { return in_use_; }

 private:
  SetupToken(std::string token, std::filesystem::path file, bool in_file)
      : token_(std::move(token)), file_(std::move(file)), in_file_(in_file) {}
  const std::string token_;
  const std::filesystem::path file_;
  const bool in_file_;
  mutable std::mutex mu_;
  bool spent_ = false;
  std::mutex in_use_;
};

}  // namespace jxc::http
