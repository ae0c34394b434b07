// Script language, one command per line ('#' starts a comment):
//
//   await-open [MS]   wait (default 10000 ms) until the gateway has opened the
//                     device and set it to raw mode; exits 3 on timeout
//   scan TEXT         types TEXT and the suffix (CR unless --suffix)
//   raw TEXT          types TEXT as is
//   split N TEXT      types TEXT and the suffix in writes of N bytes, pausing
//                     --gap-ms between them: one scan arriving in pieces
//   noise N           N bytes of line noise (control characters)
//   expect TEXT [MS]  waits (default 10000 ms) until the gateway has written
//                     TEXT back (its ack/nak after a scan); exits 3 on timeout
//   sleep MS          pauses
//   unplug            closes the device and removes the link
//   replug            a new device (another pts number) behind the same link
//
// In TEXT, <GS> is the group separator (FNC1), <CR> and <LF> are line ends and
// \xNN is any byte; AIM identifiers (]C1, ]d2, ...) are just text.
#include "hw-sim/scanner/scanner_sim.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace jxc::hwsim {
namespace {

struct Options {
  std::string link;
  std::string script;
  std::string suffix = "<CR>";
  int gap_ms = 30;
  bool stay = false;
  unsigned seed = 1;
};

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, 4, "<GS>") == 0) out += '\x1D', i += 4;
    else if (s.compare(i, 4, "<CR>") == 0) out += '\r', i += 4;
    else if (s.compare(i, 4, "<LF>") == 0) out += '\n', i += 4;
    else if (s.size() - i >= 4 && s[i] == '\\' && s[i + 1] == 'x' && std::isxdigit(static_cast<unsigned char>(s[i + 2])) &&
             std::isxdigit(static_cast<unsigned char>(s[i + 3]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 2, 2), nullptr, 16));
      i += 4;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// One pseudo-terminal: the master is the scanner's end.
struct Pty {
  int master = -1;
  std::string slave;

  static Pty open_new() {
    Pty p;
    p.master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (p.master < 0 || ::grantpt(p.master) != 0 || ::unlockpt(p.master) != 0)
      throw std::runtime_error(std::string("pseudo-terminal: ") + std::strerror(errno));
    p.slave = ::ptsname(p.master);
    return p;
  }
  void close() {
    if (master >= 0) ::close(master);
    master = -1;
  }
};

class Sim {
 public:
  explicit Sim(Options o) : opt_(std::move(o)), rng_(opt_.seed) {}

  int run() {
    pty_ = Pty::open_new();
    publish();
    std::istream* in = &std::cin;
    std::ifstream file;
    if (opt_.script != "-") {
      file.open(opt_.script);
      if (!file) {
        std::cerr << "cannot read script " << opt_.script << "\n";
        return 2;
      }
      in = &file;
    }
    std::string line;
    int n = 0;
    while (std::getline(*in, line)) {
      ++n;
      if (line.empty() || line[0] == '#') continue;
      if (int rc = command(line); rc != 0) {
        std::cerr << "script line " << n << ": " << line << "\n";
        return rc;
      }
    }
    std::cout << "script done" << std::endl;
    if (opt_.stay) {
      sigset_t set;
      sigemptyset(&set);
      sigaddset(&set, SIGTERM);
      sigaddset(&set, SIGINT);
      sigprocmask(SIG_BLOCK, &set, nullptr);
      int sig = 0;
      sigwait(&set, &sig);
    }
    unlink_link();
    pty_.close();
    return 0;
  }

 private:
  void publish() {
    if (!opt_.link.empty()) {
      // Replace atomically: the gateway never sees a missing or half-made link
      // while the device exists.
      const std::string tmp = opt_.link + ".new";
      ::unlink(tmp.c_str());
      if (::symlink(pty_.slave.c_str(), tmp.c_str()) != 0 || ::rename(tmp.c_str(), opt_.link.c_str()) != 0)
        throw std::runtime_error("link " + opt_.link + ": " + std::strerror(errno));
    }
    std::cout << "device " << pty_.slave << std::endl;
    if (!opt_.link.empty()) std::cout << "link " << opt_.link << std::endl;
  }
  void unlink_link() {
    if (!opt_.link.empty()) ::unlink(opt_.link.c_str());
  }

  bool write_all(const std::string& bytes) {
    std::size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = ::write(pty_.master, bytes.data() + off, bytes.size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        std::cerr << "write: " << std::strerror(errno) << "\n";
        return false;
      }
      off += static_cast<std::size_t>(n);
    }
    return true;
  }

  bool await_open(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
      termios t{};
      // Termios requests on the master act on the slave: raw mode means the
      // gateway has opened and configured the port.
      if (::tcgetattr(pty_.master, &t) == 0 && !(t.c_lflag & ICANON)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::cerr << "nobody opened " << pty_.slave << " within " << timeout_ms << " ms\n";
    return false;
  }

  // Reads what the gateway wrote back until `text` has arrived; what came
  // before it is consumed with it.
  bool expect(const std::string& text, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      if (auto at = replies_.find(text); at != std::string::npos) {
        replies_.erase(0, at + text.size());
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) break;
      pollfd p{pty_.master, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[256];
      ssize_t n = ::read(pty_.master, buf, sizeof buf);
      if (n > 0) replies_.append(buf, static_cast<std::size_t>(n));
      else if (n < 0 && errno != EAGAIN && errno != EINTR) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::cerr << "no reply containing the expected bytes within " << timeout_ms << " ms\n";
    return false;
  }

  int command(const std::string& line) {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd;
    std::string rest;
    std::getline(in >> std::ws, rest);
    if (cmd == "await-open") {
      if (pty_.master < 0) return 2;
      return await_open(rest.empty() ? 10000 : std::stoi(rest)) ? 0 : 3;
    }
    if (cmd == "scan") return write_all(unescape(rest) + unescape(opt_.suffix)) ? 0 : 1;
    if (cmd == "raw") return write_all(unescape(rest)) ? 0 : 1;
    if (cmd == "split") {
      std::istringstream a(rest);
      std::size_t n = 0;
      std::string text;
      a >> n;
      std::getline(a >> std::ws, text);
      if (n == 0) return 2;
      const std::string bytes = unescape(text) + unescape(opt_.suffix);
      for (std::size_t off = 0; off < bytes.size(); off += n) {
        if (off) std::this_thread::sleep_for(std::chrono::milliseconds(opt_.gap_ms));
        if (!write_all(bytes.substr(off, n))) return 1;
      }
      return 0;
    }
    if (cmd == "noise") {
      std::string bytes;
      const int n = rest.empty() ? 8 : std::stoi(rest);
      static const char kNoise[] = {'\0', '\x01', '\x07', '\x0b', '\x11', '\x13', '\x1b', '\x7f'};
      for (int i = 0; i < n; ++i) bytes += kNoise[rng_() % sizeof kNoise];
      return write_all(bytes) ? 0 : 1;
    }
    if (cmd == "expect") {
      // The last word is a timeout when it is a number.
      std::string text = rest;
      int timeout_ms = 10000;
      if (auto sp = rest.rfind(' '); sp != std::string::npos &&
          rest.find_first_not_of("0123456789", sp + 1) == std::string::npos && sp + 1 < rest.size()) {
        timeout_ms = std::stoi(rest.substr(sp + 1));
        text = rest.substr(0, sp);
      }
      return expect(unescape(text), timeout_ms) ? 0 : 3;
    }
    if (cmd == "sleep") {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(rest)));
      return 0;
    }
    if (cmd == "unplug") {
      // Take the next pty before freeing this one, so the replugged device
      // gets another number, as a cradle re-enumerating as ttyUSB1 would.
      next_ = Pty::open_new();
      unlink_link();
      pty_.close();
      replies_.clear();
      std::cout << "unplugged" << std::endl;
      return 0;
    }
    if (cmd == "replug") {
      pty_ = next_.master >= 0 ? next_ : Pty::open_new();
      next_ = Pty{};
      publish();
      return 0;
    }
    std::cerr << "unknown command " << cmd << "\n";
    return 2;
  }

  Options opt_;
  std::mt19937 rng_;
  Pty pty_, next_;
  std::string replies_;  // bytes the gateway wrote back, not yet expected
};

}  // namespace

void add_scanner_command(CLI::App& app) {
  auto opt = std::make_shared<Options>();
  auto* sub = app.add_subcommand("scanner", "a serial barcode scanner on a pseudo-terminal, typing a script");
  sub->add_option("--link", opt->link, "stable symlink to the device, like /dev/serial/by-id/...");
  sub->add_option("--script", opt->script, "script file ('-' for standard input)")->required();
  sub->add_option("--suffix", opt->suffix, "what ends each scan (escapes as in the script)")
      ->default_val("<CR>");
  sub->add_option("--gap-ms", opt->gap_ms, "pause between the pieces of a split scan")->default_val(30);
  sub->add_flag("--stay", opt->stay, "keep the device after the script until SIGTERM");
  sub->add_option("--seed", opt->seed, "seed of the line noise")->default_val(1);
  sub->callback([opt] {
    try {
      std::exit(Sim(*opt).run());
    } catch (const std::exception& e) {
      std::cerr << e.what() << "\n";
      std::exit(1);
    }
  });
}

}  // namespace jxc::hwsim
