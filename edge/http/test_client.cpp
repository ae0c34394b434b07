#include "edge/http/test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/child_process.h"

namespace jxc::http::testing {

nlohmann::json Reply::json() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  return j;
}

std::string Reply::header(const std::string& name) const {
  std::istringstream in(headers);
  std::string line, want = name;
  std::transform(want.begin(), want.end(), want.begin(), ::tolower);
  while (std::getline(in, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string n = line.substr(0, colon);
    std::transform(n.begin(), n.end(), n.begin(), ::tolower);
    if (n != want) continue;
    std::string v = line.substr(colon + 1);
    v.erase(0, v.find_first_not_of(' '));
    while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
    return v;
  }
  return {};
}

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

Reply curl(const std::string& url, const std::vector<std::string>& args) {
  jxc::testing::TempDir dir;
  jxc::testing::ChildSpec spec;
  spec.argv = {"/usr/bin/curl", "-sS", "--max-time", "20", "-o", dir / "body", "-D", dir / "headers",
               "-w", "%{http_code}"};
  for (const auto& a : args) spec.argv.push_back(a);
  spec.argv.push_back(url);
  auto out = jxc::testing::run_to_exit(spec, std::chrono::seconds(30));
  Reply r;
  r.body = slurp(dir / "body");
  r.headers = slurp(dir / "headers");
  // -w prints the code last; stderr (with -sS) only on failure.
  std::string text = out.output;
  if (text.size() >= 3) {
    std::string code = text.substr(text.size() - 3);
    if (std::all_of(code.begin(), code.end(), ::isdigit)) r.status = std::stoi(code);
  }
  if (r.status == 0 || !out.exited_with(0)) r.error = text;
  return r;
}

RawReply raw_exchange(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds wait) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close before taking it all
    sent += static_cast<std::size_t>(n);
  }
  RawReply r;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      r.closed = true;
      break;
    }
    r.received.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return r;
}

}  // namespace jxc::http::testing
