#include "edge/store/integrity.h"

#include <filesystem>
#include <vector>

namespace jxc::store {
namespace {
// Enough for a person to see what is wrong without a damaged file flooding
// the log: quick_check stops after this many findings.
constexpr int kMaxFindings = 5;
}  // namespace

Result<QuickCheck> quick_check(Db& db) {
  const auto started = std::chrono::steady_clock::now();
  // SQLite stops the check with an error of its own when a page is beyond
  // reading (or the file is no database): damaged as well.
  auto failed = [&](const Status& s) {
    if (s.code() == Errc::corrupt)
      return error(Errc::corrupt, "store " + db.path() + " is damaged; PRAGMA quick_check stopped: " + s.reason() +
                                      "; restore the store from a backup");
    return Status(s.code(), "store " + db.path() + ": PRAGMA quick_check failed: " + s.reason());
  };
  auto st = db.prepare("PRAGMA quick_check(" + std::to_string(kMaxFindings) + ")");
  if (!st) return failed(st.status());
  std::vector<std::string> findings;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return failed(row.status());
    if (!*row) break;
    findings.push_back((*st)->text(0));
  }
  QuickCheck out;
  out.ran = true;
  out.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  if (findings.size() == 1 && findings[0] == "ok") return out;
  std::string reason = "store " + db.path() + " is damaged; PRAGMA quick_check found:";
  for (const auto& f : findings) reason += " " + f + ";";
  if (findings.empty()) reason += " nothing, and did not say ok;";
  reason += " restore the store from a backup";
  return error(Errc::corrupt, std::move(reason));
}

Result<QuickCheck> quick_check_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) && !ec) return QuickCheck{};
  Db::Options opts;
  opts.read_only = true;
  auto db = Db::open(path, opts);
  if (!db) {
    const Status& s = db.status();
    if (s.code() == Errc::corrupt)
      return Status(Errc::corrupt, "store " + path + " is damaged (" + s.reason() +
                                       "); PRAGMA quick_check cannot run; restore the store from a backup");
    return s;
  }
  return quick_check(**db);
}

}  // namespace jxc::store
