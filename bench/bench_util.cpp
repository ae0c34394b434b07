#include "bench/bench_util.h"

#include "edge/store/sqlite.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

#ifndef JXC_BENCH_BUILD_DIR
#define JXC_BENCH_BUILD_DIR "."
#endif

namespace jxc::bench {
namespace fs = std::filesystem;

namespace {

constexpr long kTmpfsMagic = 0x01021994;
constexpr long kRamfsMagic = 0x858458f6;

bool memory_backed(const fs::path& p) {
  struct statfs s{};
  if (::statfs(p.c_str(), &s) != 0) return true;  // unknown: do not trust it
  return s.f_type == kTmpfsMagic || s.f_type == kRamfsMagic;
}

bool same_device(const fs::path& a, const fs::path& b) {
  struct stat sa{}, sb{};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev;
}

}  // namespace

fs::path scratch_root(const std::string& requested) {
  if (!requested.empty()) {
    fs::create_directories(requested);
    return fs::absolute(requested);
  }
  fs::path build = fs::absolute(JXC_BENCH_BUILD_DIR);
  const char* env = std::getenv("TMPDIR");
  fs::path tmp = env && *env ? fs::path(env) : fs::path("/tmp");
  if (fs::is_directory(tmp) && !memory_backed(tmp) && same_device(tmp, build)) return tmp;
  fs::path own = build / "bench-tmp";
  fs::create_directories(own);
  return own;
}

std::string describe_filesystem(const fs::path& dir) {
  struct stat st{};
  if (::stat(dir.c_str(), &st) != 0) return "unknown";
  unsigned maj = major(st.st_dev), min = minor(st.st_dev);
  // /proc/self/mountinfo: id parent maj:min root mountpoint opts [optional...] - type source superopts
  std::ifstream in("/proc/self/mountinfo");
  std::string line, fstype = "?", source = "?";
  std::string want = std::to_string(maj) + ":" + std::to_string(min);
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string id, parent, devno;
    ls >> id >> parent >> devno;
    if (devno != want) continue;
    std::string tok;
    while (ls >> tok && tok != "-") {
    }
    ls >> fstype >> source;
    break;
  }
  std::string out = fstype + " on " + source;
  // Block devices say whether they think they spin (virtual disks often claim 1).
  if (source.rfind("/dev/", 0) == 0) {
    std::string name = source.substr(5);
    std::ifstream rot("/sys/class/block/" + name + "/queue/rotational");
    int r = -1;
    if (rot >> r) out += " (rotational=" + std::to_string(r) + ")";
  }
  return out;
}

ScratchDir::ScratchDir(const fs::path& root, const std::string& tag, bool keep) : keep_(keep) {
  static std::atomic<int> n{0};
  path_ = root / ("jxc-bench-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  if (keep_) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

double fdatasync_ms(const fs::path& dir, int rounds) {
  fs::path f = dir / "fdatasync-probe";
  int fd = ::open(f.c_str(), O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  std::vector<char> page(4096, 'x');
  auto t0 = Clock::now();
  for (int i = 0; i < rounds; ++i) {
    if (::write(fd, page.data(), page.size()) != static_cast<ssize_t>(page.size()) ||
        ::fdatasync(fd) != 0) {
      ::close(fd);
      ::unlink(f.c_str());
      return -1;
    }
  }
  double ms = seconds_since(t0) * 1e3 / rounds;
  ::close(fd);
  ::unlink(f.c_str());
  return ms;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

std::string thousands(double v) {
  auto n = static_cast<long long>(std::llround(v));
  bool neg = n < 0;
  std::string digits = std::to_string(neg ? -n : n), out;
  int k = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (k && k % 3 == 0) out.push_back(',');
    out.push_back(*it);
    ++k;
  }
  if (neg) out.push_back('-');
  return {out.rbegin(), out.rend()};
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string machine_line() {
  struct utsname u{};
  ::uname(&u);
  long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  double gib = static_cast<double>(pages) * static_cast<double>(page) / (1024.0 * 1024 * 1024);
  std::string cpu = "?";
  std::ifstream ci("/proc/cpuinfo");
  for (std::string line; std::getline(ci, line);)
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  std::string distro;
  std::ifstream os("/etc/os-release");
  for (std::string line; std::getline(os, line);)
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      distro = line.substr(12);
      distro.erase(std::remove(distro.begin(), distro.end(), '"'), distro.end());
    }
  return std::to_string(std::thread::hardware_concurrency()) + " CPUs (" + cpu + "), " +
         fixed(gib, 1) + " GiB, " + distro + ", Linux " + u.release + ", SQLite " +
         sqlite3_libversion();
}

std::string load_line() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return "load average " + a + " " + b + " " + c + " (1, 5, 15 min)";
}

BareDb::BareDb(const std::string& path, bool read_only, const char* vfs) {
  store::configure_sqlite();  // as the gateway runs it: every baseline and subject share the process
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, vfs) != SQLITE_OK)
    die("open " + path + ": " + sqlite3_errmsg(db_));
  sqlite3_busy_timeout(db_, 5000);
  if (read_only)
    exec("PRAGMA foreign_keys=ON");
  else
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
}

BareDb::~BareDb() { sqlite3_close_v2(db_); }

void BareDb::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    die(msg + " [" + sql.substr(0, 120) + "]");
  }
}

sqlite3_stmt* BareDb::prepare(const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &st, nullptr) != SQLITE_OK)
    die(std::string("prepare: ") + sqlite3_errmsg(db_) + " [" + sql.substr(0, 120) + "]");
  return st;
}

std::int64_t BareDb::query_int(const std::string& sql) {
  sqlite3_stmt* st = prepare(sql);
  std::int64_t v = 0;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

void step_done(sqlite3* db, sqlite3_stmt* st) {
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    die(std::string("step: ") + sqlite3_errmsg(db) + " [" + sqlite3_sql(st) + "]");
  sqlite3_reset(st);
}

void die(const std::string& what) {
  std::cerr << "bench: " << what << "\n";
  std::exit(1);
}

}  // namespace jxc::bench
