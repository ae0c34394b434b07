#pragma once
// The network side of the channels: one HTTP(S) POST, one SMTP submission.
// Both are blocking calls with a deadline over every step, made on the
// dispatcher's own thread (never the engine's). Asio, Beast and OpenSSL stay
// inside transport.cpp.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "edge/common/status.h"

namespace jxc::alerts::channels {

struct Url {
  bool tls = false;
  std::string host, port, target;  // target: path and query, "/" at least
};
/// http:// and https:// URLs with an optional port; rejects anything else.
Result<Url> parse_url(const std::string& text);

struct HttpResponse {
  int status = 0;
  std::string body;
};
using Headers = std::vector<std::pair<std::string, std::string>>;
Result<HttpResponse> http_post(const Url& url, const std::string& body, const Headers& headers,
                               std::chrono::milliseconds timeout);

struct SmtpMessage {
  std::string host;
  int port = 25;
  std::string helo = "jxc-edge";
  std::string from;
  std::vector<std::string> to;
  std::string data;  // headers + body, CRLF line ends
};
/// Plain SMTP (RFC 5321) to a relay: EHLO, MAIL, RCPT, DATA, QUIT.
Status smtp_send(const SmtpMessage& m, std::chrono::milliseconds timeout);

}  // namespace jxc::alerts::channels
