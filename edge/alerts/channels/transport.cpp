#include "edge/alerts/channels/transport.h"

#include <cctype>
#include <strings.h>

#include "edge/alerts/channels/curl_easy.h"
#include "edge/config/redact.h"

namespace jxc::alerts::channels {

using config::redact_urls;

namespace {

// What a reply may hold: a peer that sends more (a huge body, an endless
// header) fails the delivery instead of filling memory until the deadline.
constexpr std::size_t kMaxHttpHeader = 16 * 1024;
constexpr std::size_t kMaxHttpBody = 64 * 1024;

struct Reply {
  std::string body;
  std::size_t header_bytes = 0;
  bool header_too_big = false, body_too_big = false;
  bool tls_started = false;  // a TLS record went out: the TCP connection stood
};

// Sees TLS records go out; the transfer's data is not looked at.
int on_transfer_debug(CURL*, curl_infotype type, char*, std::size_t, void* user) {
  if (type == CURLINFO_SSL_DATA_OUT) static_cast<Reply*>(user)->tls_started = true;
  return 0;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto& r = *static_cast<Reply*>(user);
  const std::size_t len = size * n;
  r.header_bytes += len;
  if (r.header_bytes > kMaxHttpHeader) {
    r.header_too_big = true;
    return 0;
  }
  // A Content-Length above the limit fails before any of the body is read.
  constexpr std::string_view name = "content-length:";
  if (len > name.size() && strncasecmp(data, name.data(), name.size()) == 0) {
    std::string value(data + name.size(), len - name.size());
    const auto digits = value.find_first_of("0123456789");
    if (digits != std::string::npos) {
      const std::string number = value.substr(digits, value.find_first_not_of("0123456789", digits) - digits);
      if (number.size() > 12 || std::stoull(number) > kMaxHttpBody) {
        r.body_too_big = true;
        return 0;
      }
    }
  }
  return len;
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto& r = *static_cast<Reply*>(user);
  const std::size_t len = size * n;
  if (r.body.size() + len > kMaxHttpBody) {
    r.body_too_big = true;
    return 0;
  }
  r.body.append(data, len);
  return len;
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
                               const TransferOptions& options) {
  char eb[CURL_ERROR_SIZE];
  curl::Easy easy = curl::make_easy(options, eb);
  if (!easy) return error(Errc::io, "HTTP: cannot set up a transfer");
  CURL* h = easy.get();
  const std::string full = std::string(url.tls ? "https://" : "http://") + url.host + ":" + url.port + url.target;
  curl_easy_setopt(h, CURLOPT_URL, full.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, url.tls ? "https" : "http");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "jxc-edge");
  curl::List list;
  list.add("Content-Type: application/json; charset=utf-8");
  list.add("Expect:");  // the body in one go, without waiting for 100 Continue
  for (const auto& [k, v] : headers) list.add(k + ": " + v);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list.get());
  Reply reply;
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &reply);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_transfer_debug);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &reply);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);  // what happens reaches on_transfer_debug, nothing is printed

  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    if (reply.header_too_big)
      return error(Errc::io, "receive: the reply header is larger than " + std::to_string(kMaxHttpHeader / 1024) +
                                 " KiB");
    if (reply.body_too_big)
      return error(Errc::io, "receive: the reply body is larger than " + std::to_string(kMaxHttpBody / 1024) +
                                 " KiB");
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      // libcurl counts a connection as made once TLS is up as well.
      if (url.tls && !curl::tls_established(h))
        return error(Errc::io, reply.tls_started ? "TLS handshake: timed out" : "connect: timed out");
      if (!curl::connected(h)) return error(Errc::io, "connect: timed out");
      return error(Errc::io, "receive: timed out");
    }
    std::string what = curl::common_failure(rc, eb, url.host);
    if (what.empty()) {
      switch (rc) {
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING:
        case CURLE_RECV_ERROR:
        case CURLE_WEIRD_SERVER_REPLY:
          what = "receive: the server closed the connection mid-response (" + curl::words(rc, eb) + ")";
          break;
        default:
          what = "HTTP: " + curl::words(rc, eb);
      }
    }
    return error(Errc::io, redact_urls(what));
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  return HttpResponse{static_cast<int>(status), std::move(reply.body)};
}

}  // namespace jxc::alerts::channels
