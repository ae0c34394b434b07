#pragma once
// Test support for the MQTT tests: a real mosquitto on a free loopback port
// with a generated configuration (killed with the test), and a loopback TCP
// proxy that can freeze: stop forwarding without closing, as a dead NAT or
// a stalled mobile link does.

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/child_process.h"

namespace jxc::testing {

/// A port that was free a moment ago on 127.0.0.1.
int free_port();
/// True once something accepts TCP connections on 127.0.0.1:port.
bool wait_listening(int port, Deadline deadline);

class Mosquitto {
 public:
  struct Tls {
    std::string ca_file, cert_file, key_file;
    bool require_certificate = true;
  };
  /// Writes a configuration under `dir` and starts the broker; throws when
  /// it does not listen in time. With a `password_file` (mosquitto_passwd
  /// format) anonymous clients are refused. With an `acl_file` only the
  /// topics it lists are open (read again on restart()).
  Mosquitto(const std::string& dir, std::optional<Tls> tls = std::nullopt, std::string password_file = {},
            std::string acl_file = {});
  ~Mosquitto();
  int port() const { return port_; }
  std::string uri() const;
  void kill();     // SIGKILL, as a crash
  void restart();  // on the same port and configuration
  /// What the broker logged (to stdout) since it last started.
  std::string output() const;

 private:
  void start();
  std::string config_, dir_;
  int port_ = 0;
  bool tls_ = false;
  std::unique_ptr<Child> child_;
};

class FreezingProxy {
 public:
  explicit FreezingProxy(int target_port);
  ~FreezingProxy();
  int port() const { return port_; }
  /// Every connection, open or new, stops moving bytes; sockets stay open.
  void freeze();
  /// New connections forward again; the frozen ones are closed.
  void thaw();

 private:
  void accept_loop();
  void pump(int a, int b, std::uint64_t epoch);
  int listen_fd_ = -1;
  int port_ = 0;
  int target_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> epoch_{0};  // connections of older epochs are frozen or closed
  std::atomic<bool> frozen_{false};
  std::mutex mu_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

/// Runs `openssl` to make a CA, a server certificate for `server_names` (a
/// subjectAltName value) and a client certificate, all under `dir`.
struct TestPki {
  std::string ca, server_cert, server_key, client_cert, client_key;
};
TestPki make_pki(const std::string& dir, const std::string& server_names = "DNS:localhost,IP:127.0.0.1");

/// Writes a mosquitto password file under `dir` with `mosquitto_passwd -b`
/// (from the Debian mosquitto package); throws when the tool is missing or fails.
std::string make_password_file(const std::string& dir, const std::string& user, const std::string& password);

}  // namespace jxc::testing
