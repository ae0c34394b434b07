// Parses [http] (see http_section.h) and renders its keys for config::diff().
#include "edge/http/http_section.h"

#include <functional>

#include <boost/asio/ip/address.hpp>

#include "edge/config/http.h"
#include "edge/config/key_table.h"

namespace jxc::http {
namespace {

using namespace config;  // the parsing helpers of edge/config/section.h

using Field = KeyedField<Http>;  // key under http., e.g. "tls.cert_file"

Field integer(std::string key, std::int64_t Http::*m, std::int64_t min, std::int64_t max) {
  return {std::move(key), [=](const Node& n, Http& h) { return read_integer(n, min, max, &(h.*m)); },
          [=](const Http& h) { return std::to_string(h.*m); }};
}

Field boolean(std::string key, bool Http::*m) {
  return {std::move(key), [=](const Node& n, Http& h) { return read_bool(n, &(h.*m)); },
          [=](const Http& h) { return std::string(h.*m ? "true" : "false"); }};
}

Field file(std::string key, std::string Http::Tls::*m) {
  return {std::move(key),
          [=](const Node& n, Http& h) { return read_string(n, "a string (a file path)", &(h.tls.*m)); },
          [=](const Http& h) { return in_quotes(h.tls.*m); }};
}

const KeyTable<Http>& table() {
  static const KeyTable<Http> all("http", "tls", {
      boolean("enabled", &Http::enabled),
      {"address",
       [](const Node& n, Http& h) -> Problem {
         std::string v;
         if (auto p = read_string(n, "an IP address", &v)) return p;
         boost::system::error_code ec;
         (void)boost::asio::ip::make_address(v, ec);
         if (ec) return "expected an IPv4 or IPv6 address (\"127.0.0.1\", \"0.0.0.0\", \"::1\"), got " + in_quotes(v);
         h.address = v;
         return std::nullopt;
       },
       [](const Http& h) { return in_quotes(h.address); }},
      integer("port", &Http::port, 1, 65535),
      integer("threads", &Http::threads, 1, 64),
      integer("lookup_cache_mb", &Http::lookup_cache_mb, 0, 65536),
      integer("read_threads", &Http::read_threads, 1, 64),
      integer("write_threads", &Http::write_threads, 1, 256),
      integer("nice", &Http::nice, 0, 19),
      boolean("idle_reads", &Http::idle_reads),
      integer("reads_while_writing", &Http::reads_while_writing, 0, 1'000'000),
      boolean("allow_plain_http_on_lan", &Http::allow_plain_http_on_lan),
      integer("max_header_bytes", &Http::max_header_bytes, 1024, 1 << 20),
      integer("max_body_bytes", &Http::max_body_bytes, 1024, 1LL << 30),
      integer("max_connections", &Http::max_connections, 1, 100000),
      integer("request_timeout_s", &Http::request_timeout_s, 1, 3600),
      integer("idle_timeout_s", &Http::idle_timeout_s, 1, 86400),
      integer("session_idle_minutes", &Http::session_idle_minutes, 1, 7 * 24 * 60),
      integer("session_absolute_hours", &Http::session_absolute_hours, 1, 30 * 24),
      integer("login_max_failures", &Http::login_max_failures, 1, 1000),
      integer("login_lockout_minutes", &Http::login_lockout_minutes, 1, 24 * 60),
      integer("max_event_subscribers", &Http::max_event_subscribers, 0, 10000),
      integer("event_heartbeat_s", &Http::event_heartbeat_s, 1, 3600),
      file("tls.cert_file", &Http::Tls::cert_file),
      file("tls.key_file", &Http::Tls::key_file),
  });
  return all;
}

// Rules between keys, checked once every key has been read.
void check_together(const Node& node, const Http& h, SectionErrors& errors) {
  if (h.tls.cert_file.empty() != h.tls.key_file.empty())
    errors.add(node, h.tls.cert_file.empty() ? "http.tls.cert_file" : "http.tls.key_file",
               "expected both tls.cert_file and tls.key_file, or neither");
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(h.address, ec);
  if (!ec && !address.is_loopback() && !h.tls_enabled() && !h.allow_plain_http_on_lan)
    errors.add(node, "http.address",
               "plain HTTP on " + in_quotes(h.address) +
                   " would carry passwords and session cookies in clear: set tls.cert_file and "
                   "tls.key_file, or allow_plain_http_on_lan = true");
}

}  // namespace

config::Section http_section() {
  config::Section s;
  s.name = "http";
  s.parse = [](const Node& node, Config& c, SectionErrors& errors) {
    if (!node.is_table()) {
      errors.add(node, "http", "expected a table [http], got " + kind_and_value(node));
      return;
    }
    int before = errors.count();
    table().parse(node, c.http, errors);
    if (errors.count() == before) check_together(node, c.http, errors);
  };
  s.keys = table().keys();
  s.render = [](const Config& c, std::string_view key) { return table().render(c.http, key); };
  return s;
}

}  // namespace jxc::http
