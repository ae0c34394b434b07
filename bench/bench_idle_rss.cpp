// bench_idle_rss: resident memory of the idle daemon (`jxc-edge run`), beside
// a trivial process started the same way.
//
// The daemon is started with a temporary configuration whose store lives in
// a scratch directory, and with NOTIFY_SOCKET pointing at a datagram socket
// of ours, as systemd would: READY=1 on that socket says start-up is done.
// After a settle time VmRSS and VmHWM are read from /proc/PID/status, then
// the daemon gets SIGTERM and must exit 0. The baseline is `sleep` started
// with the same environment, working directory and redirections.

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "bench/dataset.h"

extern char** environ;

namespace jxc::bench {
namespace {

namespace fs = std::filesystem;

struct Options {
  std::string daemon;
  int settle_ms = 1000;
  double ready_timeout_s = 20;
  int repeat = 3;
  bool dataset = true;
  DatasetSpec spec;
  std::string cache;
  std::string dir;
};

/// Memory figures of a live process, in KiB, from /proc/PID/status.
struct Memory {
  long rss = 0, hwm = 0, anon = 0, file = 0, shmem = 0, threads = 0;
  long pss = 0;  // proportional share: shared library pages divided among their users
};

/// One "Key:   123 kB" line of a /proc file.
long proc_kib(const std::string& file, const std::string& key) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + ":", 0) == 0) {
      std::istringstream rest(line.substr(key.size() + 1));
      long n = 0;
      rest >> n;
      return n;
    }
  return 0;
}

std::optional<Memory> read_memory(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  if (!in) return std::nullopt;
  std::map<std::string, long> v;
  for (std::string line; std::getline(in, line);) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::istringstream rest(line.substr(colon + 1));
    long n = 0;
    if (rest >> n) v[line.substr(0, colon)] = n;
  }
  Memory m;
  m.rss = v["VmRSS"];
  m.hwm = v["VmHWM"];
  m.anon = v["RssAnon"];
  m.file = v["RssFile"];
  m.shmem = v["RssShmem"];
  m.threads = v["Threads"];
  m.pss = proc_kib("/proc/" + std::to_string(pid) + "/smaps_rollup", "Pss");
  return m;
}

/// A datagram socket in the abstract namespace, as sd_notify() expects it
/// when NOTIFY_SOCKET starts with '@'.
class NotifySocket {
 public:
  NotifySocket() {
    static int n = 0;
    name_ = "@jxc-bench-notify-" + std::to_string(::getpid()) + "-" + std::to_string(n++);
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) die("socket: " + std::string(std::strerror(errno)));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path + 1, name_.data() + 1, name_.size() - 1);  // sun_path[0] = 0: abstract
    auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name_.size());
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0)
      die("bind notify socket: " + std::string(std::strerror(errno)));
  }
  ~NotifySocket() { ::close(fd_); }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;
  const std::string& name() const { return name_; }

  /// Waits up to `timeout_ms` for a datagram; returns it, or nothing.
  std::optional<std::string> receive(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0) return std::nullopt;
    return std::string(buf, static_cast<std::size_t>(n));
  }

 private:
  std::string name_;
  int fd_ = -1;
};

bool has_line(const std::string& msg, const std::string& want) {
  std::istringstream in(msg);
  for (std::string line; std::getline(in, line);)
    if (line == want) return true;
  return false;
}

/// fork + execv with NOTIFY_SOCKET added to our environment, the working
/// directory `cwd`, stdin from /dev/null and stdout/stderr to `log`.
pid_t spawn(const std::vector<std::string>& argv, const fs::path& cwd, const fs::path& log,
            const std::string& notify_socket) {
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "NOTIFY_SOCKET=", 14) != 0) env_store.emplace_back(*e);
  env_store.push_back("NOTIFY_SOCKET=" + notify_socket);
  std::vector<char*> envp, args;
  for (auto& s : env_store) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_store = argv;
  for (auto& s : argv_store) args.push_back(s.data());
  args.push_back(nullptr);
  std::string dir = cwd.string(), out = log.string();

  pid_t pid = ::fork();
  if (pid < 0) die("fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    int null = ::open("/dev/null", O_RDONLY);
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (null < 0 || fd < 0 || ::chdir(dir.c_str()) != 0) ::_exit(126);
    ::dup2(null, 0);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

/// SIGTERM, then up to 10 s for the exit. Returns the exit code (128+signal
/// when killed) and how long it took.
std::pair<int, double> terminate(pid_t pid) {
  auto t0 = Clock::now();
  ::kill(pid, SIGTERM);
  int status = 0;
  for (;;) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (seconds_since(t0) > 10) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return {code, seconds_since(t0) * 1e3};
}

std::string tail(const fs::path& file, std::size_t max_chars = 2000) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > max_chars ? s.substr(s.size() - max_chars) : s;
}

struct Sample {
  std::string name;
  Memory mem;
  double ready_ms = -1;  // fork to READY=1; -1: not a notifying process
  double stop_ms = 0;
  int exit_code = 0;
};

Sample run_daemon(const Options& o, const std::string& name, const fs::path& dir, const std::string& store) {
  fs::path config = dir / "gateway.toml", log = dir / "daemon.log";
  {
    std::ofstream toml(config);
    toml << "[gateway]\nid = \"gw-bench\"\nsite = \"S1\"\n\n"
         << "[log]\nlevel = \"info\"\n\n"
         << "[store]\npath = \"" << store << "\"\n";
  }
  NotifySocket sock;
  Sample s;
  s.name = name;
  auto t0 = Clock::now();
  pid_t pid = spawn({o.daemon, "run", "--config", config.string()}, dir, log, sock.name());
  bool ready = false;
  while (!ready && seconds_since(t0) < o.ready_timeout_s) {
    if (auto msg = sock.receive(50)) {
      if (has_line(*msg, "READY=1")) ready = true;
      continue;
    }
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
      die("the daemon exited before READY=1 (status " + std::to_string(status) + "); its log:\n" + tail(log));
  }
  if (!ready) {
    terminate(pid);
    die("no READY=1 from the daemon within " + fixed(o.ready_timeout_s, 0) + " s; its log:\n" + tail(log));
  }
  s.ready_ms = seconds_since(t0) * 1e3;
  std::this_thread::sleep_for(std::chrono::milliseconds(o.settle_ms));
  auto mem = read_memory(pid);
  if (!mem) die("cannot read /proc/" + std::to_string(pid) + "/status");
  s.mem = *mem;
  std::tie(s.exit_code, s.stop_ms) = terminate(pid);
  if (s.exit_code != 0) std::printf("!! the daemon exited with %d after SIGTERM; its log:\n%s\n", s.exit_code, tail(log).c_str());
  return s;
}

Sample run_trivial(const Options& o, const fs::path& dir) {
  NotifySocket sock;
  Sample s;
  s.name = "  baseline: sleep, started the same way";
  const char* sleep_bin = fs::exists("/usr/bin/sleep") ? "/usr/bin/sleep" : "/bin/sleep";
  std::string seconds = std::to_string(o.settle_ms / 1000 + 30);
  pid_t pid = spawn({sleep_bin, seconds}, dir, dir / "sleep.log", sock.name());
  std::this_thread::sleep_for(std::chrono::milliseconds(o.settle_ms));
  auto mem = read_memory(pid);
  if (!mem) die("cannot read /proc/" + std::to_string(pid) + "/status of sleep");
  s.mem = *mem;
  std::tie(s.exit_code, s.stop_ms) = terminate(pid);
  return s;
}

Sample median_by_rss(std::vector<Sample> v) {
  std::sort(v.begin(), v.end(), [](const Sample& a, const Sample& b) { return a.mem.rss < b.mem.rss; });
  return v[v.size() / 2];
}

std::string mb(long kib) { return fixed(static_cast<double>(kib) / 1024.0, 1); }

constexpr const char* kRowFormat = "%-50s %7s %7s %7s %7s %7s %8s %7s %6s %6s %6s\n";

void print_row(const Sample& s, const Sample* baseline) {
  std::string ratio = baseline ? fixed(static_cast<double>(s.mem.rss) / static_cast<double>(baseline->mem.rss), 1) : "";
  std::printf(kRowFormat, s.name.c_str(), mb(s.mem.rss).c_str(), mb(s.mem.hwm).c_str(), mb(s.mem.pss).c_str(),
              mb(s.mem.anon).c_str(), mb(s.mem.file).c_str(), mb(s.mem.shmem).c_str(),
              std::to_string(s.mem.threads).c_str(),
              s.ready_ms < 0 ? "-" : fixed(s.ready_ms, 0).c_str(), fixed(s.stop_ms, 0).c_str(), ratio.c_str());
}

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc::bench;
  namespace fs = std::filesystem;
  Options o;
  CLI::App app{"Resident memory of the idle jxc-edge daemon, beside a trivial process started the same way"};
  app.add_option("--daemon", o.daemon, "the jxc-edge binary (default: jxc-edge beside this program)");
  app.add_option("--settle-ms", o.settle_ms, "wait after READY=1 before reading memory")->check(CLI::NonNegativeNumber);
  app.add_option("--ready-timeout", o.ready_timeout_s, "seconds to wait for READY=1");
  app.add_option("--repeat", o.repeat, "starts per row; the median VmRSS is printed")->check(CLI::Range(1, 99));
  app.add_flag("!--no-dataset", o.dataset, "skip the row with the large store");
  app.add_option("--items", o.spec.items, "items in the large store")->check(CLI::PositiveNumber);
  app.add_option("--movements", o.spec.movements, "ledger rows in the large store")->check(CLI::PositiveNumber);
  app.add_option("--cache", o.cache,
                 "keep the large store at this path and reuse it when built with the same sizes "
                 "(bench_stock_query --cache builds the same file)");
  app.add_option("--dir", o.dir, "directory for stores (default: a disk-backed temp dir)");
  CLI11_PARSE(app, argc, argv);
  if (o.daemon.empty()) o.daemon = (fs::read_symlink("/proc/self/exe").parent_path() / "jxc-edge").string();
  if (::access(o.daemon.c_str(), X_OK) != 0)
    die(o.daemon + " is not there or not executable; build it (cmake --build build --target jxc-edge) "
                   "or pass --daemon");
  o.daemon = fs::absolute(o.daemon).string();

  auto root = scratch_root(o.dir);
  std::printf("bench_idle_rss: resident memory of the idle daemon\n");
  std::printf("machine:  %s\n", machine_line().c_str());
  std::printf("daemon:   %s run --config <temp>.toml (NOTIFY_SOCKET set; ready = READY=1 received)\n",
              o.daemon.c_str());
  std::printf("method:   memory read %d ms after READY=1 from /proc/PID/status, then SIGTERM; median "
              "VmRSS of %d starts per row\n\n",
              o.settle_ms, o.repeat);

  std::vector<Sample> rows;
  {
    std::vector<Sample> runs;
    for (int r = 0; r < o.repeat; ++r) {
      ScratchDir dir(root, "rss");
      runs.push_back(run_daemon(o, "jxc-edge run, new empty store", dir.path(), dir.file("jxc-edge.db")));
    }
    rows.push_back(median_by_rss(runs));
  }
  if (o.dataset) {
    ScratchDir dataset_dir(root, "rss-data");
    std::string path = o.cache.empty() ? dataset_dir.file("jxc-edge.db") : fs::absolute(o.cache).string();
    Dataset d = open_dataset(path, o.spec, !o.cache.empty(), true);
    std::vector<Sample> runs;
    for (int r = 0; r < o.repeat; ++r) {
      ScratchDir dir(root, "rss");
      runs.push_back(run_daemon(o,
                                "jxc-edge run, " + thousands(o.spec.items) + " items, " +
                                    thousands(static_cast<double>(o.spec.movements)) + " ledger rows",
                                dir.path(), d.path));
    }
    rows.push_back(median_by_rss(runs));
    std::printf("\n");
  }
  Sample baseline;
  {
    std::vector<Sample> runs;
    for (int r = 0; r < o.repeat; ++r) {
      ScratchDir dir(root, "rss");
      runs.push_back(run_trivial(o, dir.path()));
    }
    baseline = median_by_rss(runs);
  }

  std::printf(kRowFormat, "process", "VmRSS", "VmHWM", "Pss", "RssAnon", "RssFile", "RssShmem", "threads",
              "ready", "stop", "ratio");
  std::printf(kRowFormat, "", "MB", "MB", "MB", "MB", "MB", "MB", "", "ms", "ms", "");
  for (const auto& s : rows) print_row(s, &baseline);
  print_row(baseline, nullptr);
  std::printf("\nMB = MiB; Pss from /proc/PID/smaps_rollup (shared pages divided among their users);\n"
              "ratio = VmRSS / the baseline's VmRSS; ready = fork to READY=1; stop = SIGTERM to exit\n"
              "aim: idle VmRSS < 15 MB\n");
  return 0;
}
