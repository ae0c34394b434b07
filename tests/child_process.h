#pragma once
// Test support for driving the real jxc-edge binary: a child process whose
// stdout and stderr go to one pipe the test reads with a deadline, and a unix
// datagram socket that plays systemd's NOTIFY_SOCKET. Every wait is bounded;
// nothing sleeps for a fixed time. Used by the test thread only.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jxc::testing {

using Deadline = std::chrono::steady_clock::time_point;
inline Deadline after(std::chrono::milliseconds d) { return std::chrono::steady_clock::now() + d; }

struct ChildSpec {
  std::vector<std::string> argv = {};  // argv[0] is the program's path
  /// Set (a value) or removed (nullopt) in the child's copy of our environment.
  std::map<std::string, std::optional<std::string>> env = {};
  std::string cwd = {};  // empty: ours
  /// Sets JOURNAL_STREAM to the output pipe's "device:inode", as systemd does
  /// when it connects stderr to the journal.
  bool stderr_is_journal = false;
};

class Child {
 public:
  /// Starts the child; throws std::runtime_error when it cannot.
  explicit Child(const ChildSpec& spec);
  ~Child();  // kills (SIGKILL) and reaps a child still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int signo);
  /// Reads output until it contains `text` (true) or the deadline passes or
  /// the output ends (false).
  bool wait_for_output(const std::string& text, Deadline deadline);
  /// Waits for the child to exit; the wait(2) status, or nullopt on timeout.
  /// Reads the rest of the output first.
  std::optional<int> wait_exit(Deadline deadline);
  /// Everything read so far (stdout and stderr interleaved).
  const std::string& output() const { return output_; }

 private:
  bool read_some(Deadline deadline);  // false at end of output or deadline

  pid_t pid_ = -1;
  int out_ = -1;     // read end of the child's stdout+stderr
  int pidfd_ = -1;   // readable once the child has exited
  std::optional<int> status_;
  std::string output_;
  bool eof_ = false;
};

/// Runs a command to completion (bounded) and returns its wait status and output.
struct Outcome {
  int status = -1;
  std::string output;
  bool exited_with(int code) const;
};
Outcome run_to_exit(const ChildSpec& spec, std::chrono::milliseconds limit = std::chrono::seconds(60));

/// A bound unix datagram socket that receives sd_notify messages.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path);
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::string& path() const { return path_; }
  /// Receives until `n` messages so far contain `part`; false at the deadline.
  bool wait_for(const std::string& part, std::size_t n, Deadline deadline);
  /// Takes whatever has arrived without waiting.
  void drain();
  std::size_t count(const std::string& part) const;
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  bool receive(Deadline deadline);

  std::string path_;
  int fd_ = -1;
  std::vector<std::string> messages_;
};

/// $JXC_BIN_DIR/jxc-edge (set by ctest via jxc_add_test).
std::string jxc_edge_binary();
/// $JXC_SOURCE_DIR, or the source tree this test was built from.
std::string source_dir();

/// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void write_file(const std::string& path, const std::string& text);

}  // namespace jxc::testing
