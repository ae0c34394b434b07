#pragma once
// What transport.cpp and smtp.cpp share of libcurl: the library set up once
// per process, an easy handle and a string list that free themselves, and
// the settings every transfer has (timeouts, TLS verification, no signals).
// Included by those two files alone.

#include <curl/curl.h>

#include <memory>
#include <string>

#include "edge/alerts/channels/transport.h"
#include "edge/common/status.h"

namespace jxc::alerts::channels::curl {

/// curl_global_init once, before the first handle (thread-safe).
void ensure_global_init();

struct EasyFree {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using Easy = std::unique_ptr<CURL, EasyFree>;

struct ListFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
class List {
 public:
  void add(const std::string& s) { list_.reset(curl_slist_append(list_.release(), s.c_str())); }
  curl_slist* get() const { return list_.get(); }

 private:
  std::unique_ptr<curl_slist, ListFree> list_;
};

/// A handle with the timeouts, verification (on), the CA file and an error
/// buffer set; nullptr when libcurl cannot make one.
Easy make_easy(const TransferOptions& o, char (&error_buffer)[CURL_ERROR_SIZE]);

/// The failure's class and words for codes every protocol shares (DNS,
/// connect, TLS verify, TLS, send); "" for codes the caller words itself.
/// `host` is the one the transfer was to: "DNS: cannot resolve host <host> (...)".
std::string common_failure(CURLcode code, const char* error_buffer, const std::string& host);

/// libcurl's own words for a failure: the error buffer, else the code's text.
std::string words(CURLcode code, const char* error_buffer);

/// Whether the transfer got as far as a connection (with TLS, when the
/// protocol starts with it) and through the TLS handshake.
bool connected(CURL* h);
bool tls_established(CURL* h);

}  // namespace jxc::alerts::channels::curl
