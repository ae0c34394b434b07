#pragma once
// The network side of the channels: one HTTP(S) POST, one SMTP submission,
// both through libcurl. Blocking calls bounded by a connect timeout and a
// deadline over the whole transfer, made on the dispatcher's own thread
// (never the engine's). libcurl stays inside transport.cpp and smtp.cpp.
//
// TLS is verified unless nothing asks for it: the peer's chain against the
// system's CA store (or `ca_file`), and its name against the host of the URL,
// which is also sent as SNI. A failure says its class first, so the delivery
// log and the logs tell at a glance what went wrong:
//   "DNS: cannot resolve host <host> (...)", "connect: ...", "TLS verify: ...", "TLS: ...",
//   "send: ...", "receive: ..." (a reply cut short, too large, or timed out);
// the dispatcher adds "HTTP <status>: ..." and "robot error <code> ...".

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

/// Timeouts per phase and the trust anchors of one transfer.
struct TransferOptions {
  std::chrono::milliseconds connect_timeout{5000};  // resolving, TCP and the TLS handshake
  std::chrono::milliseconds timeout{10000};         // the whole transfer, connect included
  std::string ca_file;                              // PEM CA bundle; empty: the system's store
};

struct HttpResponse {
  int status = 0;
  std::string body;
};
using Headers = std::vector<std::pair<std::string, std::string>>;
/// A reply header over 16 KiB or body over 64 KiB fails the transfer as it
/// arrives; redirects are not followed.
Result<HttpResponse> http_post(const Url& url, const std::string& body, const Headers& headers,
                               const TransferOptions& options);
inline Result<HttpResponse> http_post(const Url& url, const std::string& body, const Headers& headers,
                                      std::chrono::milliseconds timeout) {
  return http_post(url, body, headers, TransferOptions{timeout, timeout, {}});
}

enum class SmtpTls {
  none,      // plain SMTP to a relay that asks for nothing (port 25)
  starttls,  // STARTTLS required before anything else is said (port 587)
  implicit,  // TLS from the first byte, smtps (port 465)
};

struct SmtpMessage {
  std::string host;
  int port = 25;
  SmtpTls tls = SmtpTls::none;
  std::string user, password;  // AUTH (PLAIN or LOGIN, as the server offers) when user is set
  std::string helo = "jxc-edge";
  std::string from;
  std::vector<std::string> to;
  std::string data;  // headers + body, CRLF line ends, not dot-stuffed
};
/// EHLO, [STARTTLS, EHLO,] [AUTH,] MAIL, RCPT, DATA, QUIT. A refusal quotes
/// the server's reply line ("AUTH: refused: 535 5.7.8 ...").
Status smtp_send(const SmtpMessage& m, const TransferOptions& options);
inline Status smtp_send(const SmtpMessage& m, std::chrono::milliseconds timeout) {
  return smtp_send(m, TransferOptions{timeout, timeout, {}});
}

}  // namespace jxc::alerts::channels
