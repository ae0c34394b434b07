#include "edge/http/test_sse_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace jxc::http::testing {

SseClient::SseClient(std::uint16_t port, const std::string& path, const std::vector<std::string>& headers) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect failed");
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
  for (const auto& h : headers) req += h + "\r\n";
  req += "\r\n";
  if (::send(fd_, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size()))
    throw std::runtime_error("send failed");
}

SseClient::~SseClient() { close(); }

void SseClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::size_t SseClient::count(const std::string& name) const {
  std::size_t n = 0;
  for (const auto& e : events_) n += e.name == name;
  return n;
}

bool SseClient::wait_for_event(const std::string& name, std::chrono::milliseconds wait) {
  return read_until([&] { return count(name) > 0; }, wait);
}

bool SseClient::read_until(const std::function<bool()>& done, std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  char buf[4096];
  while (!done()) {
    if (fd_ < 0 || closed_) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return done();
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      closed_ = true;
      return done();
    }
    take(buf, static_cast<std::size_t>(n));
  }
  return true;
}

void SseClient::take(const char* data, std::size_t n) {
  raw_.append(data, n);
  if (!in_body_) {
    auto end = raw_.find("\r\n\r\n");
    if (end == std::string::npos) return;
    head_ = raw_.substr(0, end + 2);
    raw_.erase(0, end + 4);
    in_body_ = true;
    if (head_.size() > 12) status_ = std::stoi(head_.substr(9, 3));
  }
  // Chunks: size in hex, CRLF, data, CRLF; size 0 ends the body.
  while (!ended_) {
    auto line_end = raw_.find("\r\n");
    if (line_end == std::string::npos) break;
    const std::size_t size = std::stoul(raw_.substr(0, line_end), nullptr, 16);
    if (size == 0) {
      ended_ = true;
      break;
    }
    if (raw_.size() < line_end + 2 + size + 2) break;
    text_.append(raw_, line_end + 2, size);
    raw_.erase(0, line_end + 2 + size + 2);
  }
  parse_stream();
}

void SseClient::parse_stream() {
  for (;;) {
    auto end = text_.find("\n\n");
    if (end == std::string::npos) return;
    std::string block = text_.substr(0, end + 1);
    text_.erase(0, end + 2);
    SseEvent e;
    bool any = false;
    std::size_t at = 0;
    while (at < block.size()) {
      auto nl = block.find('\n', at);
      std::string line = block.substr(at, nl - at);
      at = nl + 1;
      if (!line.empty() && line[0] == ':') {
        comments_.push_back(line.substr(1));
        continue;
      }
      auto colon = line.find(':');
      std::string field = line.substr(0, colon);
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      if (field == "event") e.name = value, any = true;
      else if (field == "id") e.id = value, any = true;
      else if (field == "data") e.data += (e.data.empty() ? "" : "\n") + value, any = true;
    }
    if (any && !e.data.empty()) {
      if (e.name.empty()) e.name = "message";
      events_.push_back(std::move(e));
    }
  }
}

}  // namespace jxc::http::testing
