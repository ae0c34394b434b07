// Parses [mqtt] (see mqtt_section.h) and renders its keys for config::diff().
#include "cloud-sync/mqtt_section.h"

#include <functional>
#include <map>

#include "edge/config/key_table.h"
#include "edge/config/mqtt.h"

namespace jxc::cloud_sync {
namespace {

using namespace config;  // the parsing helpers of edge/config/section.h

using Field = KeyedField<Mqtt>;  // key under mqtt., e.g. "tls.ca_file"

std::string quoted(const std::string& s) { return in_quotes(s); }

const KeyTable<Mqtt>& table() {
  static const KeyTable<Mqtt> all("mqtt", "tls", {
      {"uri",
       [](const Node& n, Mqtt& m) -> Problem {
         std::string v;
         if (auto p = read_string(n, "a string (tcp://host:port, ssl://host:port or \"\")", &v))
           return p;
         if (!v.empty() && !v.starts_with("tcp://") && !v.starts_with("ssl://") &&
             !v.starts_with("mqtt://") && !v.starts_with("mqtts://"))
           return "expected a broker URI starting with tcp://, ssl://, mqtt:// or mqtts://, got " +
                  in_quotes(v);
         m.uri = v;
         return std::nullopt;
       },
       [](const Mqtt& m) { return quoted(m.uri); }},
      {"client_id",
       [](const Node& n, Mqtt& m) -> Problem {
         std::string v;
         if (auto p = read_string(n, "a string", &v)) return p;
         if (v.size() > 128) return "expected at most 128 characters, got " + std::to_string(v.size());
         m.client_id = v;
         return std::nullopt;
       },
       [](const Mqtt& m) { return quoted(m.client_id); }},
      {"version", [](const Node& n, Mqtt& m) { return read_choice(n, {"5", "3.1.1"}, &m.version); },
       [](const Mqtt& m) { return quoted(m.version); }},
      {"topic_root",
       [](const Node& n, Mqtt& m) -> Problem {
         std::string v;
         if (auto p = read_string(n, "a string", &v)) return p;
         if (v.empty() || v.find_first_of("#+") != std::string::npos || v.front() == '/' ||
             v.back() == '/')
           return "expected a topic prefix without wildcards or leading/trailing '/', got " +
                  in_quotes(v);
         m.topic_root = v;
         return std::nullopt;
       },
       [](const Mqtt& m) { return quoted(m.topic_root); }},
      {"keepalive_s", [](const Node& n, Mqtt& m) { return read_integer(n, 1, 65535, &m.keepalive_s); },
       [](const Mqtt& m) { return std::to_string(m.keepalive_s); }},
      {"session_expiry_s",
       [](const Node& n, Mqtt& m) { return read_integer(n, 0, 4294967295LL, &m.session_expiry_s); },
       [](const Mqtt& m) { return std::to_string(m.session_expiry_s); }},
      {"clean_start", [](const Node& n, Mqtt& m) { return read_bool(n, &m.clean_start); },
       [](const Mqtt& m) { return std::string(m.clean_start ? "true" : "false"); }},
      {"inflight_window",
       [](const Node& n, Mqtt& m) { return read_integer(n, 1, 65535, &m.inflight_window); },
       [](const Mqtt& m) { return std::to_string(m.inflight_window); }},
      {"connect_timeout_s",
       [](const Node& n, Mqtt& m) { return read_integer(n, 1, 3600, &m.connect_timeout_s); },
       [](const Mqtt& m) { return std::to_string(m.connect_timeout_s); }},
      {"reconnect_min_ms",
       [](const Node& n, Mqtt& m) { return read_integer(n, 10, 3'600'000, &m.reconnect_min_ms); },
       [](const Mqtt& m) { return std::to_string(m.reconnect_min_ms); }},
      {"reconnect_max_ms",
       [](const Node& n, Mqtt& m) { return read_integer(n, 10, 3'600'000, &m.reconnect_max_ms); },
       [](const Mqtt& m) { return std::to_string(m.reconnect_max_ms); }},
      {"backlog_alert",
       [](const Node& n, Mqtt& m) { return read_integer(n, 1, std::nullopt, &m.backlog_alert); },
       [](const Mqtt& m) { return std::to_string(m.backlog_alert); }},
      {"username", [](const Node& n, Mqtt& m) { return read_string(n, "a string", &m.username); },
       [](const Mqtt& m) { return quoted(m.username); }},
      {"password_file",
       [](const Node& n, Mqtt& m) { return read_string(n, "a string (a file path)", &m.password_file); },
       [](const Mqtt& m) { return quoted(m.password_file); }},
      {"tls.ca_file",
       [](const Node& n, Mqtt& m) { return read_string(n, "a string (a file path)", &m.tls.ca_file); },
       [](const Mqtt& m) { return quoted(m.tls.ca_file); }},
      {"tls.cert_file",
       [](const Node& n, Mqtt& m) { return read_string(n, "a string (a file path)", &m.tls.cert_file); },
       [](const Mqtt& m) { return quoted(m.tls.cert_file); }},
      {"tls.key_file",
       [](const Node& n, Mqtt& m) { return read_string(n, "a string (a file path)", &m.tls.key_file); },
       [](const Mqtt& m) { return quoted(m.tls.key_file); }},
      {"tls.verify_hostname",
       [](const Node& n, Mqtt& m) { return read_bool(n, &m.tls.verify_hostname); },
       [](const Mqtt& m) { return std::string(m.tls.verify_hostname ? "true" : "false"); }},
  });
  return all;
}

// TLS settings with a broker reached without TLS (tcp://, mqtt://) would be
// ignored and everything, the password included, sent in cleartext: each key
// that sets something (a file, or verify_hostname off) is an error at its
// line. Keys left at their defaults, as in the example file, are not.
void refuse_tls_without_tls(const Node& mqtt, const Mqtt& m, SectionErrors& errors) {
  if (!m.uri.starts_with("tcp://") && !m.uri.starts_with("mqtt://")) return;
  for (const Entry& e : mqtt.entries()) {
    if (e.key != "tls" || !e.value.is_table()) continue;
    for (const Entry& t : e.value.entries()) {
      auto text = t.value.as_string();
      auto flag = t.value.as_boolean();
      if ((text && text->empty()) || (flag && *flag)) continue;
      errors.add(t.at(), "mqtt.tls." + t.key,
                 "TLS settings need a broker reached over TLS, but mqtt.uri " + in_quotes(m.uri) +
                     " is not encrypted; use an ssl:// (or mqtts://) uri or remove the key");
    }
  }
}

}  // namespace

config::Section mqtt_section() {
  config::Section s;
  s.name = "mqtt";
  s.parse = [](const Node& node, Config& c, SectionErrors& errors) {
    if (!node.is_table()) {
      errors.add(node, "mqtt", "expected a table [mqtt], got " + kind_and_value(node));
      return;
    }
    int before = errors.count();
    table().parse(node, c.mqtt, errors);
    if (errors.count() == before) refuse_tls_without_tls(node, c.mqtt, errors);
    if (errors.count() == before && c.mqtt.reconnect_max_ms < c.mqtt.reconnect_min_ms)
      errors.add(node, "mqtt.reconnect_max_ms",
                 "expected reconnect_max_ms >= reconnect_min_ms (" +
                     std::to_string(c.mqtt.reconnect_min_ms) + "), got " +
                     std::to_string(c.mqtt.reconnect_max_ms));
  };
  s.keys = table().keys();
  s.render = [](const Config& c, std::string_view key) { return table().render(c.mqtt, key); };
  return s;
}

}  // namespace jxc::cloud_sync
