#include "tests/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace jxc::testing {
namespace {

int remaining_ms(Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

}  // namespace

Child::Child(const ChildSpec& spec) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) fail("pipe2");

  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [name, value] : spec.env) {
    if (value) env[name] = *value; else env.erase(name);
  }
  if (spec.stderr_is_journal) {
    struct stat st {};
    if (::fstat(fds[1], &st) != 0) fail("fstat");
    env["JOURNAL_STREAM"] = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  }
  // Everything the child needs is built before fork(): after it, only
  // async-signal-safe calls.
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp, argv;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = spec.argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) fail("fork");
  if (pid_ == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  out_ = fds[0];
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd_ < 0) fail("pidfd_open");
}

Child::~Child() {
  if (!status_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
  }
  if (out_ >= 0) ::close(out_);
  if (pidfd_ >= 0) ::close(pidfd_);
}

void Child::signal(int signo) {
  if (!status_) ::kill(pid_, signo);
}

bool Child::read_some(Deadline deadline) {
  if (eof_) return false;
  pollfd p{out_, POLLIN, 0};
  int n = ::poll(&p, 1, remaining_ms(deadline));
  if (n <= 0) return false;
  char buf[4096];
  ssize_t got = ::read(out_, buf, sizeof buf);
  if (got <= 0) {
    eof_ = true;
    return false;
  }
  output_.append(buf, static_cast<size_t>(got));
  return true;
}

bool Child::wait_for_output(const std::string& text, Deadline deadline) {
  while (output_.find(text) == std::string::npos) {
    if (!read_some(deadline)) return output_.find(text) != std::string::npos;
  }
  return true;
}

std::optional<int> Child::wait_exit(Deadline deadline) {
  if (status_) return status_;
  while (read_some(deadline)) {
  }
  pollfd p{pidfd_, POLLIN, 0};
  if (::poll(&p, 1, remaining_ms(deadline)) != 1) return std::nullopt;
  int st = 0;
  if (::waitpid(pid_, &st, 0) != pid_) return std::nullopt;
  status_ = st;
  return status_;
}

bool Outcome::exited_with(int code) const { return WIFEXITED(status) && WEXITSTATUS(status) == code; }

Outcome run_to_exit(const ChildSpec& spec, std::chrono::milliseconds limit) {
  Child child(spec);
  auto st = child.wait_exit(after(limit));
  return Outcome{st.value_or(-1), child.output()};
}

NotifySocket::NotifySocket(const std::string& path) : path_(path) {
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) fail("socket");
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) throw std::runtime_error("socket path too long: " + path);
  path.copy(addr.sun_path, sizeof addr.sun_path - 1);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail("bind " + path);
}

NotifySocket::~NotifySocket() {
  ::close(fd_);
  ::unlink(path_.c_str());
}

bool NotifySocket::receive(Deadline deadline) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, remaining_ms(deadline)) != 1) return false;
  char buf[4096];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n < 0) return false;
  messages_.emplace_back(buf, static_cast<size_t>(n));
  return true;
}

bool NotifySocket::wait_for(const std::string& part, std::size_t n, Deadline deadline) {
  while (count(part) < n) {
    if (!receive(deadline)) return false;
  }
  return true;
}

void NotifySocket::drain() {
  while (receive(std::chrono::steady_clock::now())) {
  }
}

std::size_t NotifySocket::count(const std::string& part) const {
  return static_cast<std::size_t>(std::count_if(messages_.begin(), messages_.end(), [&](const std::string& m) {
    return m.find(part) != std::string::npos;
  }));
}

std::string jxc_edge_binary() {
  const char* dir = std::getenv("JXC_BIN_DIR");
  if (!dir) throw std::runtime_error("JXC_BIN_DIR is not set (ctest sets it through jxc_add_test)");
  return std::string(dir) + "/jxc-edge";
}

std::string source_dir() {
  const char* dir = std::getenv("JXC_SOURCE_DIR");
  return dir ? dir : JXC_SOURCE_DIR_AT_BUILD;
}

TempDir::TempDir() {
  std::string tmpl = "/tmp/jxc-test-XXXXXX";
  if (!::mkdtemp(tmpl.data())) fail("mkdtemp");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc | std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace jxc::testing
