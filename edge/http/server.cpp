#include "edge/http/server.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "edge/http/connection.h"

namespace jxc::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Server::Impl {
  Impl(const config::Http& c, const Router& router, RequestMetrics& metrics)
      : config(c),
        settings{router, metrics, {}, {}},
        writes(static_cast<std::size_t>(c.write_threads)),
        reads(static_cast<int>(c.read_threads)),
        io(static_cast<int>(c.threads)),
        acceptor(io) {}

  config::Http config;
  std::unique_ptr<asio::ssl::context> tls;
  ConnectionSettings settings;
  std::unique_ptr<ReadPacer> pacer;  // settings.pacer
  // Shared by the connections' coroutines; declared before io so that it
  // outlives the coroutine frames io destroys.
  std::shared_ptr<std::atomic<std::int64_t>> open = std::make_shared<std::atomic<std::int64_t>>(0);
  // Answers requests that may write (ConnectionSettings::writes); declared
  // before io so that io's coroutines are gone before it is.
  asio::thread_pool writes;
  // Answers the other requests (ConnectionSettings::reads) on threads that
  // may be niced; declared before io for the same reason.
  asio::io_context reads;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> reads_work{reads.get_executor()};
  std::vector<std::thread> read_threads;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool stopped = false;

  asio::awaitable<void> accept_loop();
};

namespace {

// Ends the count of a connection (taken at accept) when its coroutine ends.
struct OpenConnection {
  std::shared_ptr<std::atomic<std::int64_t>> open;
  explicit OpenConnection(std::shared_ptr<std::atomic<std::int64_t>> o) : open(std::move(o)) {}
  ~OpenConnection() { --*open; }
  OpenConnection(const OpenConnection&) = delete;
  OpenConnection& operator=(const OpenConnection&) = delete;
};

asio::awaitable<void> counted(tcp::socket socket, const ConnectionSettings& s,
                              std::shared_ptr<std::atomic<std::int64_t>> open) {
  OpenConnection guard(std::move(open));
  co_await serve_connection(std::move(socket), s);
}

Status load_tls(const config::Http& c, std::unique_ptr<asio::ssl::context>* out) {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(c.tls.cert_file, ec);
  if (ec) return error(Errc::config, "http.tls.cert_file " + c.tls.cert_file + ": " + ec.message());
  ctx->use_private_key_file(c.tls.key_file, asio::ssl::context::pem, ec);
  if (ec) return error(Errc::config, "http.tls.key_file " + c.tls.key_file + ": " + ec.message());
  *out = std::move(ctx);
  return Status::ok();
}

}  // namespace

asio::awaitable<void> Server::Impl::accept_loop() {
  boost::system::error_code ec;
  asio::steady_timer pause(io);
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::make_strand(io),
                                                        asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of descriptors or memory: wait a moment instead of spinning.
      spdlog::warn("http: accept failed: {}", ec.message());
      pause.expires_after(std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (*open >= config.max_connections) {
      settings.metrics.refused_connection();
      socket.close(ec);
      continue;
    }
    ++*open;
    asio::co_spawn(socket.get_executor(), counted(std::move(socket), settings, open), asio::detached);
  }
}

Status check_listen_address(const config::Http& c) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(c.address, ec);
  if (ec) return error(Errc::config, "http.address " + c.address + " is not an IP address");
  if (!address.is_loopback() && !c.tls_enabled() && !c.allow_plain_http_on_lan)
    return error(Errc::config, "http: plain HTTP on " + c.address +
                                   " is refused; configure [http.tls] or allow_plain_http_on_lan");
  return Status::ok();
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { stop(); }

Result<std::unique_ptr<Server>> Server::start(const config::Http& c, const Router& router,
                                              RequestMetrics& metrics) {
  JXC_TRY(check_listen_address(c));
  boost::system::error_code ec;
  auto address = asio::ip::make_address(c.address, ec);
  auto impl = std::make_unique<Impl>(c, router, metrics);
  if (c.tls_enabled()) JXC_TRY(load_tls(c, &impl->tls));
  ConnectionSettings& s = impl->settings;
  s.tls = impl->tls.get();
  s.writes = impl->writes.get_executor();
  s.reads = impl->reads.get_executor();
  if (c.reads_while_writing > 0) {
    impl->pacer = std::make_unique<ReadPacer>(c.reads_while_writing);
    s.pacer = impl->pacer.get();
  }
  s.max_header_bytes = static_cast<std::uint32_t>(c.max_header_bytes);
  s.max_body_bytes = static_cast<std::uint64_t>(c.max_body_bytes);
  s.request_timeout = std::chrono::seconds(c.request_timeout_s);
  s.idle_timeout = std::chrono::seconds(c.idle_timeout_s);

  tcp::endpoint endpoint(address, static_cast<std::uint16_t>(c.port));
  tcp::acceptor& a = impl->acceptor;
  std::string where = c.address + " port " + std::to_string(c.port);
  if (a.open(endpoint.protocol(), ec); ec) return error(Errc::io, "http: " + where + ": " + ec.message());
  a.set_option(asio::socket_base::reuse_address(true), ec);
  if (a.bind(endpoint, ec); ec) return error(Errc::io, "http: cannot listen on " + where + ": " + ec.message());
  if (a.listen(asio::socket_base::max_listen_connections, ec); ec)
    return error(Errc::io, "http: cannot listen on " + where + ": " + ec.message());
  impl->port = a.local_endpoint(ec).port();

  Impl* raw = impl.get();
  asio::co_spawn(raw->io, raw->accept_loop(), asio::detached);
  for (std::int64_t i = 0; i < c.read_threads; ++i)
    raw->read_threads.emplace_back([raw, nice = c.nice, idle = c.idle_reads] {
      (void)pthread_setname_np(pthread_self(), "jxc-http-read");
      // Linux keeps a policy and a nice value per thread: this one alone yields.
      if (idle) {
        sched_param p{};
        if (const int e = pthread_setschedparam(pthread_self(), SCHED_IDLE, &p); e != 0)
          spdlog::warn("http: cannot run a reading thread under SCHED_IDLE: {}", std::strerror(e));
      } else if (nice > 0 &&
                 setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), static_cast<int>(nice)) != 0) {
        spdlog::warn("http: cannot lower a reading thread's priority: {}", std::strerror(errno));
      }
      for (;;) {
        try {
          raw->reads.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("http: a reading thread caught: {}", e.what());
        }
      }
    });
  for (std::int64_t i = 0; i < c.threads; ++i)
    raw->threads.emplace_back([raw] {
      (void)pthread_setname_np(pthread_self(), "jxc-http-io");
      // Connections catch their own exceptions; this keeps a stray one
      // from ending the process.
      for (;;) {
        try {
          raw->io.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("http: a server thread caught: {}", e.what());
        }
      }
    });
  spdlog::info("http: listening on {} port {} ({}, {} threads, {} for reads, {} for writes)", c.address, raw->port,
               c.tls_enabled() ? "HTTPS" : "plain HTTP", c.threads, c.read_threads, c.write_threads);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

void Server::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  asio::post(impl_->io, [impl = impl_.get()] {
    boost::system::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  // A write being answered finishes (its change is durable or refused); its
  // answer has no connection left to go to.
  impl_->writes.join();
  impl_->reads_work.reset();
  for (auto& t : impl_->read_threads) t.join();
  impl_->read_threads.clear();
  spdlog::info("http: stopped");
}

std::uint16_t Server::port() const { return impl_->port; }

}  // namespace jxc::http
