// smtp_send() (transport.h) over libcurl's smtp:// and smtps://.
#include <cctype>
#include <cstring>

#include "edge/alerts/channels/curl_easy.h"
#include "edge/alerts/channels/transport.h"

namespace jxc::alerts::channels {
namespace {

constexpr int kMaxSmtpReplyLines = 100;  // one reply of continuation lines

// What the session got to and what the server said last, for the error.
struct Session {
  const std::string* data = nullptr;
  std::size_t sent = 0;
  std::string stage = "greeting";  // the command whose reply is awaited
  std::string last_line;           // the server's, CR LF stripped
  std::string refusal, refused_at; // the first 4xx or 5xx reply and its stage (a QUIT follows it)
  int lines_in_reply = 0;
  bool too_many_lines = false;
  bool tls_started = false;  // a TLS record went out: the TCP connection stood
};

std::string one_line(const char* data, std::size_t len) {
  std::string line(data, std::min<std::size_t>(len, 300));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

bool refusal(const std::string& line) {
  return line.size() >= 3 && (line[0] == '4' || line[0] == '5') && std::isdigit(static_cast<unsigned char>(line[1]));
}

// Counts the lines of one reply and ends a reply that does not end.
std::size_t on_line(char* data, std::size_t size, std::size_t n, void* user) {
  auto& s = *static_cast<Session*>(user);
  const std::size_t len = size * n;
  if (len > 3 && data[3] == '-') {
    if (++s.lines_in_reply > kMaxSmtpReplyLines) {
      s.too_many_lines = true;
      return 0;
    }
  } else {
    s.lines_in_reply = 0;
  }
  return len;
}

// Keeps the server's last reply line, and names the stage from the commands
// libcurl sends; their arguments (the AUTH exchange among them) are not kept.
int on_smtp_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  auto& s = *static_cast<Session*>(user);
  if (type == CURLINFO_SSL_DATA_OUT) s.tls_started = true;
  if (type == CURLINFO_HEADER_IN) {
    s.last_line = one_line(data, size);
    if (s.refusal.empty() && refusal(s.last_line) && (s.last_line.size() == 3 || s.last_line[3] != '-')) {
      s.refusal = s.last_line;
      s.refused_at = s.stage;
    }
  }
  if (type != CURLINFO_HEADER_OUT) return 0;
  std::size_t n = 0;
  while (n < size && n < 8 && std::isalpha(static_cast<unsigned char>(data[n]))) ++n;
  const std::string verb(data, n);
  for (const char* known : {"EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"})
    if (verb == known) s.stage = verb;
  return 0;
}

std::size_t on_read(char* out, std::size_t size, std::size_t n, void* user) {
  auto& s = *static_cast<Session*>(user);
  const std::size_t len = std::min(size * n, s.data->size() - s.sent);
  std::memcpy(out, s.data->data() + s.sent, len);
  s.sent += len;
  if (len == 0) s.stage = "message";
  return len;
}

}  // namespace

Status smtp_send(const SmtpMessage& m, const TransferOptions& options) {
  if (!m.user.empty() && m.tls == SmtpTls::none)
    return error(Errc::invalid_argument, "AUTH: a password is never sent without TLS");
  char eb[CURL_ERROR_SIZE];
  curl::Easy easy = curl::make_easy(options, eb);
  if (!easy) return error(Errc::io, "SMTP: cannot set up a transfer");
  CURL* h = easy.get();
  const bool implicit = m.tls == SmtpTls::implicit;
  const std::string url =
      std::string(implicit ? "smtps://" : "smtp://") + m.host + ":" + std::to_string(m.port) + "/" + m.helo;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, implicit ? "smtps" : "smtp");
  curl_easy_setopt(h, CURLOPT_USE_SSL, m.tls == SmtpTls::starttls ? static_cast<long>(CURLUSESSL_ALL)
                                                                  : static_cast<long>(CURLUSESSL_NONE));
  if (!m.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, m.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, m.password.c_str());
  }
  const std::string from = "<" + m.from + ">";
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl::List rcpt;
  for (const auto& to : m.to) rcpt.add("<" + to + ">");
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
  Session s;
  s.data = &m.data;
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(m.data.size()));
  curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(h, CURLOPT_READDATA, &s);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_line);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &s);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_smtp_debug);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &s);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);  // the commands reach on_smtp_debug, nothing is printed

  const CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK) return Status::ok();
  const std::string& at = s.stage;
  if (s.too_many_lines)
    return error(Errc::io, at + ": a reply of more than " + std::to_string(kMaxSmtpReplyLines) + " lines");
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      // libcurl counts a connection as made once implicit TLS is up as well.
      if (implicit && !curl::tls_established(h))
        return error(Errc::io, s.tls_started ? "TLS handshake: timed out" : "connect: timed out");
      if (!curl::connected(h)) return error(Errc::io, "connect: timed out");
      return error(Errc::io, at + ": timed out");
    case CURLE_LOGIN_DENIED:
      return error(Errc::io, "AUTH: refused: " + (s.refusal.empty() ? s.last_line : s.refusal));
    case CURLE_USE_SSL_FAILED:
      return error(Errc::io, "STARTTLS: the server does not offer it or refused it: " +
                                 (s.refusal.empty() ? s.last_line : s.refusal));
    default:
      break;
  }
  if (!s.refusal.empty()) return error(Errc::io, s.refused_at + ": server answered \"" + s.refusal + "\"");
  std::string what = curl::common_failure(rc, eb, m.host);
  if (what.empty()) what = at + ": " + curl::words(rc, eb);
  return error(Errc::io, what);
}

}  // namespace jxc::alerts::channels
