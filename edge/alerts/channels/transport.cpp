#include "edge/alerts/channels/transport.h"

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "edge/config/redact.h"

namespace jxc::alerts::channels {

using config::redact_urls;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// What a reply may hold: a peer that sends more (a huge body, an endless
// line) fails the delivery instead of filling memory until the deadline.
constexpr std::size_t kMaxHttpHeader = 16 * 1024;
constexpr std::size_t kMaxHttpBody = 64 * 1024;
constexpr std::size_t kMaxSmtpLine = 4096;       // RFC 5321 asks for 512 at most
constexpr int kMaxSmtpReplyLines = 100;

// Runs one asynchronous step to completion or until the deadline, closing
// the connection on timeout so that the step ends with an error.
template <typename Start, typename Close>
Status step(asio::io_context& io, std::chrono::steady_clock::time_point deadline, const char* what,
            Start start, Close close) {
  std::optional<boost::system::error_code> result;
  start([&](boost::system::error_code ec, auto&&...) { result = ec; });
  io.restart();
  io.run_until(deadline);
  if (!result) {
    close();
    io.restart();
    io.run();
    return error(Errc::io, std::string(what) + ": timed out");
  }
  if (*result) return error(Errc::io, std::string(what) + ": " + result->message());
  return Status::ok();
}

}  // namespace

Result<Url> parse_url(const std::string& text) {
  Url u;
  std::string rest;
  if (text.rfind("http://", 0) == 0) {
    rest = text.substr(7);
  } else if (text.rfind("https://", 0) == 0) {
    u.tls = true;
    rest = text.substr(8);
  } else {
    return error(Errc::invalid_argument, "URL " + redact_urls(text) + " is not http:// or https://");
  }
  auto slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (u.target[0] == '?') u.target = "/" + u.target;
  auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    u.host = authority.substr(0, colon);
    u.port = authority.substr(colon + 1);
    if (u.port.empty() || u.port.size() > 5 ||
        u.port.find_first_not_of("0123456789") != std::string::npos)
      return error(Errc::invalid_argument, "URL " + redact_urls(text) + " has a bad port");
  } else {
    u.host = authority;
    u.port = u.tls ? "443" : "80";
  }
  if (u.host.empty()) return error(Errc::invalid_argument, "URL " + redact_urls(text) + " has no host");
  return u;
}

Result<HttpResponse> http_post(const Url& url, const std::string& body, const Headers& headers,
                               std::chrono::milliseconds timeout) {
  asio::io_context io;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  tcp::resolver resolver(io);
  tcp::resolver::results_type endpoints;
  JXC_TRY(step(
      io, deadline, "resolve",
      [&](auto done) {
        resolver.async_resolve(url.host, url.port,
                               [&, done](boost::system::error_code ec, tcp::resolver::results_type r) {
                                 endpoints = r;
                                 done(ec);
                               });
      },
      [&] { resolver.cancel(); }));

  http::request<http::string_body> req{http::verb::post, url.target, 11};
  req.set(http::field::host, url.host);
  req.set(http::field::user_agent, "jxc-edge");
  req.set(http::field::content_type, "application/json; charset=utf-8");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(kMaxHttpHeader);
  parser.body_limit(kMaxHttpBody);

  auto exchange = [&](auto& stream, auto& lowest) -> Status {
    JXC_TRY(step(
        io, deadline, "send",
        [&](auto done) { http::async_write(stream, req, done); }, [&] { lowest.close(); }));
    // The header, then the body a read at a time, each checked against its
    // limit: a peer cannot make the gateway hold more than that.
    Status got = step(
        io, deadline, "receive",
        [&](auto done) { http::async_read_header(stream, buffer, parser, done); }, [&] { lowest.close(); });
    auto says = [&](http::error e) {
      return !got.is_ok() && got.reason().find(http::make_error_code(e).message()) != std::string::npos;
    };
    auto too_big = [&] {
      return error(Errc::io,
                   "receive: the reply body is larger than " + std::to_string(kMaxHttpBody / 1024) + " KiB");
    };
    if (says(http::error::header_limit))
      return error(Errc::io, "receive: the reply header is larger than " +
                                 std::to_string(kMaxHttpHeader / 1024) + " KiB");
    if (says(http::error::body_limit)) return too_big();  // its Content-Length says so
    JXC_TRY(got);
    while (!parser.is_done()) {
      got = step(
          io, deadline, "receive",
          [&](auto done) { http::async_read_some(stream, buffer, parser, done); }, [&] { lowest.close(); });
      if (parser.get().body().size() > kMaxHttpBody || says(http::error::body_limit)) return too_big();
      JXC_TRY(got);
    }
    return Status::ok();
  };

  if (!url.tls) {
    tcp::socket socket(io);
    JXC_TRY(step(
        io, deadline, "connect",
        [&](auto done) { asio::async_connect(socket, endpoints, done); }, [&] { socket.close(); }));
    JXC_TRY(exchange(socket, socket));
  } else {
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(asio::ssl::verify_peer);
    asio::ssl::stream<tcp::socket> stream(io, ctx);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
      return error(Errc::io, "TLS: cannot set the server name");
    stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
    auto& socket = stream.next_layer();
    JXC_TRY(step(
        io, deadline, "connect",
        [&](auto done) { asio::async_connect(socket, endpoints, done); }, [&] { socket.close(); }));
    JXC_TRY(step(
        io, deadline, "TLS handshake",
        [&](auto done) { stream.async_handshake(asio::ssl::stream_base::client, done); },
        [&] { socket.close(); }));
    JXC_TRY(exchange(stream, socket));
  }
  auto& res = parser.get();
  return HttpResponse{static_cast<int>(res.result_int()), std::move(res.body())};
}

Status smtp_send(const SmtpMessage& m, std::chrono::milliseconds timeout) {
  asio::io_context io;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  tcp::resolver resolver(io);
  tcp::resolver::results_type endpoints;
  JXC_TRY(step(
      io, deadline, "resolve",
      [&](auto done) {
        resolver.async_resolve(m.host, std::to_string(m.port),
                               [&, done](boost::system::error_code ec, tcp::resolver::results_type r) {
                                 endpoints = r;
                                 done(ec);
                               });
      },
      [&] { resolver.cancel(); }));
  tcp::socket socket(io);
  JXC_TRY(step(
      io, deadline, "connect", [&](auto done) { asio::async_connect(socket, endpoints, done); },
      [&] { socket.close(); }));
  asio::streambuf in(kMaxSmtpLine);  // a line that does not fit ends the read
  // A reply is one or more lines "NNN-text" ending with "NNN text".
  auto reply = [&](const char* what, std::initializer_list<int> ok) -> Status {
    for (int lines = 1;; ++lines) {
      if (lines > kMaxSmtpReplyLines)
        return error(Errc::io, std::string(what) + ": a reply of more than " + std::to_string(kMaxSmtpReplyLines) +
                                   " lines");
      Status got = step(
          io, deadline, what, [&](auto done) { asio::async_read_until(socket, in, "\r\n", done); },
          [&] { socket.close(); });
      if (!got.is_ok() && in.size() >= kMaxSmtpLine)
        return error(Errc::io, std::string(what) + ": a reply line longer than " + std::to_string(kMaxSmtpLine) +
                                   " bytes");
      JXC_TRY(got);
      std::istream is(&in);
      std::string line;
      std::getline(is, line);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[0])))
        return error(Errc::io, std::string(what) + ": malformed reply \"" + line + "\"");
      if (line.size() > 3 && line[3] == '-') continue;
      int code = std::stoi(line.substr(0, 3));
      for (int c : ok)
        if (c == code) return Status::ok();
      return error(Errc::io, std::string(what) + ": server answered \"" + line + "\"");
    }
  };
  auto send = [&](const std::string& text, const char* what) -> Status {
    return step(
        io, deadline, what, [&](auto done) { asio::async_write(socket, asio::buffer(text), done); },
        [&] { socket.close(); });
  };
  JXC_TRY(reply("greeting", {220}));
  JXC_TRY(send("EHLO " + m.helo + "\r\n", "EHLO"));
  JXC_TRY(reply("EHLO", {250}));
  JXC_TRY(send("MAIL FROM:<" + m.from + ">\r\n", "MAIL"));
  JXC_TRY(reply("MAIL", {250}));
  for (const auto& to : m.to) {
    JXC_TRY(send("RCPT TO:<" + to + ">\r\n", "RCPT"));
    JXC_TRY(reply("RCPT", {250, 251}));
  }
  JXC_TRY(send("DATA\r\n", "DATA"));
  JXC_TRY(reply("DATA", {354}));
  // Dot-stuffing: a line starting with '.' gets another one (RFC 5321 4.5.2).
  std::string data;
  bool line_start = true;
  for (char c : m.data) {
    if (line_start && c == '.') data += '.';
    data += c;
    line_start = c == '\n';
  }
  if (data.size() < 2 || data.substr(data.size() - 2) != "\r\n") data += "\r\n";
  data += ".\r\n";
  JXC_TRY(send(data, "message"));
  JXC_TRY(reply("message", {250}));
  JXC_TRY(send("QUIT\r\n", "QUIT"));
  (void)reply("QUIT", {221});
  return Status::ok();
}

}  // namespace jxc::alerts::channels
