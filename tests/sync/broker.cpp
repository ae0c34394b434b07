#include "tests/sync/broker.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

namespace jxc::testing {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind");
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

static int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool wait_listening(int port, Deadline deadline) {
  while (std::chrono::steady_clock::now() < deadline) {
    int fd = connect_loopback(port);
    if (fd >= 0) {
      ::close(fd);
      return true;
    }
    ::poll(nullptr, 0, 20);  // between connection attempts, not an assertion
  }
  return false;
}

Mosquitto::Mosquitto(const std::string& dir, std::optional<Tls> tls, std::string password_file, std::string acl_file)
    : dir_(dir) {
  port_ = free_port();
  tls_ = tls.has_value();
  config_ = dir + "/mosquitto.conf";
  // No limit on queued messages; with an ACL a finite one, as mosquitto 2.0.11
  // closes the connection after refusing a publish when the limit is 0.
  std::string text = "listener " + std::to_string(port_) + " 127.0.0.1\npersistence false\n"
                     "log_dest stdout\nmax_inflight_messages 0\nmax_queued_messages " +
                     std::string(acl_file.empty() ? "0" : "1000000") + "\n";
  text += password_file.empty() ? "allow_anonymous true\n"
                                : "allow_anonymous false\npassword_file " + password_file + "\n";
  if (!acl_file.empty()) text += "acl_file " + acl_file + "\n";
  // Started as root, mosquitto would switch to its own user and could not
  // read the test's files: stay who we are.
  if (const passwd* pw = ::getpwuid(::geteuid())) text += std::string("user ") + pw->pw_name + "\n";
  if (tls) {
    text += "cafile " + tls->ca_file + "\ncertfile " + tls->cert_file + "\nkeyfile " + tls->key_file + "\n";
    if (tls->require_certificate) text += "require_certificate true\n";
  }
  write_file(config_, text);
  start();
}

Mosquitto::~Mosquitto() { kill(); }

std::string Mosquitto::uri() const {
  return (tls_ ? "ssl://localhost:" : "tcp://127.0.0.1:") + std::to_string(port_);
}

void Mosquitto::start() {
  ChildSpec spec;
  spec.argv = {"/usr/sbin/mosquitto", "-c", config_};
  child_ = std::make_unique<Child>(spec);
  if (!wait_listening(port_, after(std::chrono::seconds(20))))
    throw std::runtime_error("mosquitto did not listen on " + std::to_string(port_) + ": " + child_->output());
}

void Mosquitto::kill() {
  if (!child_) return;
  child_->signal(SIGKILL);
  child_->wait_exit(after(std::chrono::seconds(20)));
  child_.reset();
}

std::string Mosquitto::output() const { return child_ ? child_->output() : std::string(); }

void Mosquitto::restart() {
  kill();
  start();
}

// ---- the proxy ----

FreezingProxy::FreezingProxy(int target_port) : target_(target_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 16) != 0)
    throw std::runtime_error("proxy: cannot listen");
  socklen_t len = sizeof a;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FreezingProxy::~FreezingProxy() {
  stop_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  {
    std::lock_guard lk(mu_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }
  acceptor_.join();
  for (auto& t : threads_) t.join();
  for (int fd : fds_) ::close(fd);
  ::close(listen_fd_);
}

void FreezingProxy::freeze() { frozen_ = true; }

void FreezingProxy::thaw() {
  std::uint64_t old = epoch_.fetch_add(1);
  (void)old;
  frozen_ = false;
}

void FreezingProxy::accept_loop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    int client = ::accept(listen_fd_, nullptr, nullptr);
    if (client < 0) continue;
    int server = connect_loopback(target_);
    if (server < 0) {
      ::close(client);
      continue;
    }
    std::lock_guard lk(mu_);
    fds_.push_back(client);
    fds_.push_back(server);
    std::uint64_t epoch = epoch_.load();
    threads_.emplace_back([this, client, server, epoch] { pump(client, server, epoch); });
  }
}

// Moves bytes both ways until either side closes. While frozen it neither
// reads nor writes (the peers' buffers fill, nothing is closed); after a
// thaw, connections of an older epoch are shut down.
void FreezingProxy::pump(int a, int b, std::uint64_t epoch) {
  char buf[16384];
  while (!stop_) {
    if (epoch != epoch_.load()) break;
    if (frozen_) {
      ::poll(nullptr, 0, 20);
      continue;
    }
    pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    if (::poll(p, 2, 50) <= 0) continue;
    if (frozen_) continue;
    bool closed = false;
    for (int i = 0; i < 2; ++i) {
      if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(p[i].fd, buf, sizeof buf);
      if (n <= 0) {
        closed = true;
        break;
      }
      int to = i == 0 ? b : a;
      for (ssize_t off = 0; off < n;) {
        ssize_t w = ::write(to, buf + off, static_cast<size_t>(n - off));
        if (w <= 0) {
          closed = true;
          break;
        }
        off += w;
      }
    }
    if (closed) break;
  }
  ::shutdown(a, SHUT_RDWR);
  ::shutdown(b, SHUT_RDWR);
}

// ---- certificates ----

TestPki make_pki(const std::string& dir, const std::string& server_names) {
  TestPki k{dir + "/ca.pem", dir + "/server.pem", dir + "/server.key", dir + "/client.pem", dir + "/client.key"};
  write_file(dir + "/san.ext", "subjectAltName=" + server_names + "\n");
  std::string script =
      "set -e; cd '" + dir + "';"
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=jxc-test-ca 2>/dev/null;"
      "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null;"
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 "
      "-extfile san.ext 2>/dev/null;"
      "openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=gw-1 2>/dev/null;"
      "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 2>/dev/null;"
      "chmod 644 *.key";
  ChildSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  auto out = run_to_exit(spec);
  if (!out.exited_with(0)) throw std::runtime_error("openssl failed: " + out.output);
  return k;
}

std::string make_password_file(const std::string& dir, const std::string& user, const std::string& password) {
  const std::string tool = "/usr/bin/mosquitto_passwd";
  if (::access(tool.c_str(), X_OK) != 0)
    throw std::runtime_error(tool + " is missing (Debian package mosquitto; scripts/install-deps.sh)");
  std::string path = dir + "/mosquitto.passwd";
  write_file(path, "");
  ChildSpec spec;
  spec.argv = {tool, "-b", path, user, password};
  auto out = run_to_exit(spec);
  if (!out.exited_with(0)) throw std::runtime_error("mosquitto_passwd failed: " + out.output);
  return path;
}

}  // namespace jxc::testing
