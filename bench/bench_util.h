#pragma once
// Small helpers shared by the bench_* programs: a scratch directory on a real
// disk, wall-clock timing, percentiles, number formatting, a probe of the
// disk's write+fdatasync latency and a thin RAII face over a bare SQLite
// connection for the baselines. Benchmarks only; nothing here is used by edge/.

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace jxc::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Where a benchmark may put its files: `requested` when given, else $TMPDIR
/// (or /tmp) when that is a disk-backed filesystem on the same device as the
/// build tree, else <build>/bench-tmp. Never tmpfs unless asked for.
std::filesystem::path scratch_root(const std::string& requested);

/// "ext4 on /dev/vda (rotational=1)": what a directory is stored on.
std::string describe_filesystem(const std::filesystem::path& dir);

/// A fresh directory under `root`, removed at destruction unless kept.
class ScratchDir {
 public:
  ScratchDir(const std::filesystem::path& root, const std::string& tag, bool keep = false);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
  bool keep_;
};

/// Mean time of one 4 KiB append + fdatasync in `dir`, in milliseconds: the
/// floor under every durable commit on this disk.
double fdatasync_ms(const std::filesystem::path& dir, int rounds = 200);

/// Nearest-rank percentile of an ascending-sorted sample (p in [0,100]).
double percentile(const std::vector<double>& sorted, double p);

/// 1234567 -> "1,234,567".
std::string thousands(double v);
/// Fixed-point with `digits` decimals.
std::string fixed(double v, int digits);

/// Machine facts for the header of every table: CPUs, memory, kernel, SQLite.
std::string machine_line();

/// "load average 0.52 0.61 0.70": others sharing the CPUs skew every figure.
std::string load_line();

/// A bare SQLite connection for baselines, opened the way store::Db opens
/// the gateway's store: WAL, synchronous=FULL, foreign_keys=ON.
class BareDb {
 public:
  /// vfs: a registered SQLite VFS by name (nullptr: the default).
  explicit BareDb(const std::string& path, bool read_only = false, const char* vfs = nullptr);
  ~BareDb();
  BareDb(const BareDb&) = delete;
  BareDb& operator=(const BareDb&) = delete;
  sqlite3* get() const { return db_; }
  /// Runs SQL that returns no rows; throws std::runtime_error on failure.
  void exec(const std::string& sql);
  sqlite3_stmt* prepare(const std::string& sql);
  std::int64_t query_int(const std::string& sql);

 private:
  sqlite3* db_ = nullptr;
};

/// Steps a statement that returns no rows and resets it; throws on failure.
void step_done(sqlite3* db, sqlite3_stmt* st);

/// Deterministic, fast pseudo-random numbers (splitmix64).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n).
  std::uint64_t below(std::uint64_t n) { return next() % n; }

 private:
  std::uint64_t s_;
};

/// Fails the program with a message when a Result or Status is not ok.
[[noreturn]] void die(const std::string& what);

}  // namespace jxc::bench
