#include "bench/http_load.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "bench/bench_util.h"

namespace jxc::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct FixedServer::Impl {
  Impl(int threads, std::string b) : body(std::move(b)), io(threads), acceptor(io) {}
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(tcp::socket socket);

  std::string body;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
};

FixedServer::FixedServer(int threads, std::string body) : impl_(std::make_unique<Impl>(threads, std::move(body))) {
  Impl& m = *impl_;
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  m.acceptor.open(ep.protocol());
  m.acceptor.set_option(asio::socket_base::reuse_address(true));
  m.acceptor.bind(ep);
  m.acceptor.listen(asio::socket_base::max_listen_connections);
  m.port = m.acceptor.local_endpoint().port();
  asio::co_spawn(m.io, m.accept_loop(), asio::detached);
  for (int i = 0; i < threads; ++i) m.threads.emplace_back([&m] { m.io.run(); });
}

FixedServer::~FixedServer() {
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
}

std::uint16_t FixedServer::port() const { return impl_->port; }

asio::awaitable<void> FixedServer::Impl::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket s =
        co_await acceptor.async_accept(asio::make_strand(io), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    asio::co_spawn(s.get_executor(), serve(std::move(s)), asio::detached);
  }
}

asio::awaitable<void> FixedServer::Impl::serve(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  for (;;) {
    bhttp::request<bhttp::string_body> req;
    co_await bhttp::async_read(stream, buffer, req, token);
    if (ec) break;
    bhttp::response<bhttp::string_body> res{bhttp::status::ok, req.version()};
    res.set(bhttp::field::content_type, "application/json");
    res.keep_alive(req.keep_alive());
    res.body() = body;
    res.prepare_payload();
    co_await bhttp::async_write(stream, res, token);
    if (ec || !res.keep_alive()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

RawClient::RawClient(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) die("socket: " + std::string(std::strerror(errno)));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
    die("connect: " + std::string(std::strerror(errno)));
}

RawClient::~RawClient() {
  if (fd_ >= 0) ::close(fd_);
}

void RawClient::send(const std::string& s) {
  for (std::size_t off = 0; off < s.size();) {
    ssize_t n = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) die("send: " + std::string(std::strerror(errno)));
    off += static_cast<std::size_t>(n);
  }
}

RawClient::Reply RawClient::read_reply(bool head_only) {
  std::string in;
  std::size_t end;
  while ((end = in.find("\r\n\r\n")) == std::string::npos) more(in);
  std::string head = in.substr(0, end);
  Reply r;
  if (head.size() > 12) r.status = std::atoi(head.c_str() + 9);
  if (head_only) return r;
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  std::size_t cl = lower.find("content-length:");
  if (cl == std::string::npos) die("a reply without Content-Length");
  std::size_t len = std::strtoul(head.c_str() + cl + 15, nullptr, 10);
  while (in.size() < end + 4 + len) more(in);
  r.body = in.substr(end + 4, len);
  return r;
}

void RawClient::more(std::string& in) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, 10'000) <= 0) die("no reply within 10 s");
  char buf[16384];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) die("the server closed the connection");
  in.append(buf, static_cast<std::size_t>(n));
}

long rss_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("RssAnon:", 0) == 0) return std::atol(line.c_str() + 8);
  return 0;
}

namespace {

double to_ms(const std::string& v) {
  double x = std::atof(v.c_str());
  if (v.ends_with("us")) return x / 1000;
  if (v.ends_with("ms")) return x;
  if (v.ends_with("m")) return x * 60'000;
  if (v.ends_with("s")) return x * 1000;
  return x;
}

}  // namespace

WrkResult run_wrk(const std::string& wrk, const std::string& args) {
  std::string cmd = wrk + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) die("cannot run " + cmd);
  WrkResult r;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) r.raw += buf;
  int status = ::pclose(p);
  if (status != 0) die(cmd + " failed:\n" + r.raw);
  std::istringstream in(r.raw);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    std::string value;
    if (first == "Requests/sec:") {
      words >> r.rps;
    } else if (first == "50%") {
      words >> value;
      r.p50_ms = to_ms(value);
    } else if (first == "99%") {
      words >> value;
      r.p99_ms = to_ms(value);
    } else if (line.find(" requests in ") != std::string::npos) {
      r.requests = std::atol(first.c_str());
    } else if (line.find("Non-2xx or 3xx responses:") != std::string::npos) {
      r.non2xx = std::atol(line.substr(line.find(':') + 1).c_str());
    } else if (first == "Socket") {
      // "Socket errors: connect 0, read 0, write 0, timeout 0"
      for (std::string w; words >> w;)
        if (std::isdigit(static_cast<unsigned char>(w[0]))) r.socket_errors += std::atol(w.c_str());
    }
  }
  if (r.rps <= 0) die(cmd + " printed no rate:\n" + r.raw);
  return r;
}

}  // namespace jxc::bench
