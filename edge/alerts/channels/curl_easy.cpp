#include "edge/alerts/channels/curl_easy.h"

#include <mutex>

namespace jxc::alerts::channels::curl {

void ensure_global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Easy make_easy(const TransferOptions& o, char (&error_buffer)[CURL_ERROR_SIZE]) {
  ensure_global_init();
  Easy h(curl_easy_init());
  if (!h) return h;
  error_buffer[0] = '\0';
  CURL* c = h.get();
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // the dispatcher's thread, no SIGALRM
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout.count()));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!o.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file.c_str());
  return h;
}

std::string words(CURLcode code, const char* error_buffer) {
  if (error_buffer && error_buffer[0]) return error_buffer;
  return curl_easy_strerror(code);
}

std::string common_failure(CURLcode code, const char* eb, const std::string& host) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return "DNS: cannot resolve host " + host + " (" + words(code, eb) + ")";
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "DNS: cannot resolve the proxy (" + words(code, eb) + ")";
    case CURLE_COULDNT_CONNECT:
      return "connect: " + words(code, eb);
    case CURLE_PEER_FAILED_VERIFICATION:
      return "TLS verify: " + words(code, eb);
    case CURLE_SSL_CACERT_BADFILE:
      return "TLS: cannot use the CA file: " + words(code, eb);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return "TLS: " + words(code, eb);
    case CURLE_SEND_ERROR:
      return "send: " + words(code, eb);
    default:
      return {};
  }
}

bool connected(CURL* h) {
  curl_off_t t = 0;
  return curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &t) == CURLE_OK && t > 0;
}

bool tls_established(CURL* h) {
  curl_off_t t = 0;
  return curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &t) == CURLE_OK && t > 0;
}

}  // namespace jxc::alerts::channels::curl
