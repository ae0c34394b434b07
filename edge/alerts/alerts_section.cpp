// Parses [alerts] (see alerts_section.h) and renders its keys for config::diff().
#include "edge/alerts/alerts_section.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "edge/config/alerts.h"
#include "edge/config/redact.h"

namespace jxc::alerts {
namespace {

using namespace config;  // the parsing helpers of edge/config/section.h

// Alert kinds a channel may filter on (the names edge/alerts raises).
const std::vector<std::string_view>& alert_kind_names() {
  static const std::vector<std::string_view> all = {
      "low_stock",      "stockout",       "overstock",      "lot_expiring",
      "lot_expired",    "slow_moving",    "weight_discrepancy", "count_variance",
      "device_offline", "sync_backlog",   "channel_failing", "shelf_low_stock",
      "shelf_empty",    "store_unavailable", "login_locked",  "asn_overdue",    "sync_refused"};
  return all;
}

using Reader = std::function<Problem(const Node&, AlertsConfig&)>;

struct Field {
  std::string_view key;
  Reader read;
};

Problem read_hhmm(const Node& n, std::string* out) {
  std::string s;
  if (auto p = read_string(n, "a time \"HH:MM\"", &s)) return p;
  bool ok = s.size() == 5 && s[2] == ':' && std::isdigit(static_cast<unsigned char>(s[0])) &&
            std::isdigit(static_cast<unsigned char>(s[1])) &&
            std::isdigit(static_cast<unsigned char>(s[3])) &&
            std::isdigit(static_cast<unsigned char>(s[4]));
  if (ok) ok = std::stoi(s.substr(0, 2)) < 24 && std::stoi(s.substr(3, 2)) < 60;
  if (!ok) return "expected a time \"HH:MM\" (00:00 to 23:59), got " + value_text(n);
  *out = s;
  return std::nullopt;
}

// A duration in whole minutes, hours or days: "90m", "2h", "1d" ("0m": none).
Problem read_duration_minutes(const Node& n, std::int64_t* out) {
  std::string s;
  if (auto p = read_string(n, "a duration such as \"2h\"", &s)) return p;
  const std::int64_t unit = s.empty() ? 0 : s.back() == 'm' ? 1 : s.back() == 'h' ? 60 : s.back() == 'd' ? 1440 : 0;
  const std::string digits = s.empty() ? "" : s.substr(0, s.size() - 1);
  const bool ok = unit > 0 && !digits.empty() && digits.size() <= 6 &&
                  std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!ok) return "expected a duration in minutes, hours or days (\"90m\", \"2h\", \"1d\"), got " + value_text(n);
  *out = std::stoll(digits) * unit;
  return std::nullopt;
}

// An http(s) URL of a host, with an optional port and path and no query,
// fragment, user info or spaces; kept without a trailing '/'.
Problem read_base_url(const Node& n, std::string* out) {
  std::string s;
  if (auto p = read_string(n, "an http:// or https:// URL", &s)) return p;
  if (s.empty()) {
    out->clear();
    return std::nullopt;
  }
  const std::size_t scheme = s.rfind("https://", 0) == 0 ? 8 : s.rfind("http://", 0) == 0 ? 7 : 0;
  const std::size_t host_end = scheme == 0 ? 0 : s.find('/', scheme);
  const std::string host = scheme == 0 ? "" : s.substr(scheme, host_end == std::string::npos ? std::string::npos
                                                                                             : host_end - scheme);
  bool ok = scheme != 0 && !host.empty() && host.front() != ':' &&
            s.find_first_of("?#@ \t\"<>\\") == std::string::npos;
  for (unsigned char c : s) ok = ok && c > 0x20 && c < 0x7F;
  if (!ok)
    return "expected an http:// or https:// URL of the gateway (\"https://gw-1.warehouse.lan:8443\"), got " +
           value_text(n);
  while (s.back() == '/') s.pop_back();
  *out = s;
  return std::nullopt;
}

Problem read_strings(const Node& n, std::string_view what, std::vector<std::string>* out) {
  if (!n.is_array()) return "expected an array of " + std::string(what) + ", got " + kind_and_value(n);
  std::vector<std::string> v;
  for (const Node& e : n.elements()) {
    auto s = e.as_string();
    if (!s) return "expected an array of " + std::string(what) + ", got an element " + kind_and_value(e);
    v.push_back(*s);
  }
  *out = std::move(v);
  return std::nullopt;
}

Reader integer(std::int64_t AlertsConfig::*m, std::int64_t min, std::optional<std::int64_t> max) {
  return [=](const Node& n, AlertsConfig& c) { return read_integer(n, min, max, &(c.*m)); };
}

const std::vector<Field>& fields() {
  static const std::vector<Field> all = {
      {"enabled", [](const Node& n, AlertsConfig& c) { return read_bool(n, &c.enabled); }},
      {"scope",
       [](const Node& n, AlertsConfig& c) {
         return read_choice(n, {"location", "warehouse"}, &c.scope);
       }},
      {"expiry_days", integer(&AlertsConfig::expiry_days, 0, 3650)},
      {"slow_moving_days", integer(&AlertsConfig::slow_moving_days, 1, 3650)},
      {"hysteresis_pct",
       [](const Node& n, AlertsConfig& c) {
         return read_number(n, 0, 100, "percent", &c.hysteresis_pct);
       }},
      {"escalation_minutes", integer(&AlertsConfig::escalation_minutes, 1, std::nullopt)},
      {"device_offline_minutes", integer(&AlertsConfig::device_offline_minutes, 1, std::nullopt)},
      {"backlog_events", integer(&AlertsConfig::backlog_events, 1, std::nullopt)},
      {"backlog_minutes", integer(&AlertsConfig::backlog_minutes, 1, std::nullopt)},
      {"count_variance_qty", integer(&AlertsConfig::count_variance_qty, 0, std::nullopt)},
      {"asn_overdue_after",
       [](const Node& n, AlertsConfig& c) { return read_duration_minutes(n, &c.asn_overdue_minutes); }},
      {"check_seconds", integer(&AlertsConfig::check_seconds, 1, 86400)},
      {"service_level_pct",
       [](const Node& n, AlertsConfig& c) -> Problem {
         if (auto p = read_number(n, 50, 99.99, "percent", &c.service_level_pct)) return p;
         return std::nullopt;
       }},
      {"history_days", integer(&AlertsConfig::history_days, 1, 3650)},
      {"default_lead_time_days", integer(&AlertsConfig::default_lead_time_days, 1, 3650)},
      {"retry_max", integer(&AlertsConfig::retry_max, 1, 100)},
      {"retry_initial_seconds", integer(&AlertsConfig::retry_initial_seconds, 1, 3600)},
      {"channel_failures_alert", integer(&AlertsConfig::channel_failures_alert, 1, 1000)},
      {"language",
       [](const Node& n, AlertsConfig& c) { return read_choice(n, {"zh-CN", "en"}, &c.language); }},
      {"ack_base_url", [](const Node& n, AlertsConfig& c) { return read_base_url(n, &c.ack_base_url); }},
  };
  return all;
}

using ChannelReader = std::function<Problem(const Node&, AlertChannel&)>;
struct ChannelField {
  std::string_view key;
  ChannelReader read;
};

ChannelReader text(std::string AlertChannel::*m, std::string_view expected) {
  return [=](const Node& n, AlertChannel& c) { return read_string(n, expected, &(c.*m)); };
}

const std::vector<ChannelField>& channel_fields() {
  static const std::vector<ChannelField> all = {
      {"name", text(&AlertChannel::name, "a name")},
      {"kind",
       [](const Node& n, AlertChannel& c) {
         return read_choice(n, {"webhook", "dingtalk", "wecom", "feishu", "smtp"}, &c.kind);
       }},
      {"url",
       [](const Node& n, AlertChannel& c) -> Problem {
         if (auto p = read_string(n, "a URL", &c.url)) return p;
         if (c.url.rfind("http://", 0) != 0 && c.url.rfind("https://", 0) != 0)
           return "expected an http:// or https:// URL, got " + redact_urls(value_text(n));
         return std::nullopt;
       }},
      {"secret_file", text(&AlertChannel::secret_file, "a file path")},
      {"ca_file", text(&AlertChannel::ca_file, "a file path")},
      {"connect_timeout_seconds",
       [](const Node& n, AlertChannel& c) { return read_integer(n, 1, 300, &c.connect_timeout_seconds); }},
      {"timeout_seconds",
       [](const Node& n, AlertChannel& c) { return read_integer(n, 1, 600, &c.timeout_seconds); }},
      {"smtp_host", text(&AlertChannel::smtp_host, "a host name")},
      {"smtp_port",
       [](const Node& n, AlertChannel& c) { return read_integer(n, 1, 65535, &c.smtp_port); }},
      {"smtp_tls",
       [](const Node& n, AlertChannel& c) {
         return read_choice(n, {"none", "starttls", "implicit"}, &c.smtp_tls);
       }},
      {"smtp_user", text(&AlertChannel::smtp_user, "a user name")},
      {"smtp_password_file", text(&AlertChannel::smtp_password_file, "a file path")},
      {"smtp_from", text(&AlertChannel::smtp_from, "an e-mail address")},
      {"smtp_to",
       [](const Node& n, AlertChannel& c) {
         return read_strings(n, "e-mail addresses", &c.smtp_to);
       }},
      {"kinds",
       [](const Node& n, AlertChannel& c) -> Problem {
         if (auto p = read_strings(n, "alert kinds", &c.kinds)) return p;
         for (const auto& k : c.kinds)
           if (std::find(alert_kind_names().begin(), alert_kind_names().end(), k) ==
               alert_kind_names().end())
             return "unknown alert kind " + in_quotes(k) + "; expected " +
                    choices_text(alert_kind_names());
         return std::nullopt;
       }},
      {"min_severity",
       [](const Node& n, AlertChannel& c) {
         return read_choice(n, {"info", "warning", "critical"}, &c.min_severity);
       }},
      {"quiet_from",
       [](const Node& n, AlertChannel& c) { return read_hhmm(n, &c.quiet_from); }},
      {"quiet_to", [](const Node& n, AlertChannel& c) { return read_hhmm(n, &c.quiet_to); }},
      {"digest_at", [](const Node& n, AlertChannel& c) { return read_hhmm(n, &c.digest_at); }},
  };
  return all;
}

std::string field_names(bool channel) {
  std::vector<std::string_view> names;
  if (channel)
    for (const auto& f : channel_fields()) names.push_back(f.key);
  else {
    for (const auto& f : fields()) names.push_back(f.key);
    names.push_back("channels");
  }
  return join(names, ", ");
}

void parse_channel(const Node& node, const std::string& at, AlertChannel& c,
                   SectionErrors& errors) {
  if (!node.is_table()) {
    errors.add(node, at, "expected a table [[alerts.channels]], got " + kind_and_value(node));
    return;
  }
  for (const Entry& e : node.entries()) {
    const std::string& k = e.key;
    const Node& value = e.value;
    auto f = std::find_if(channel_fields().begin(), channel_fields().end(),
                          [&](const ChannelField& cf) { return cf.key == k; });
    if (f == channel_fields().end()) {
      errors.add(e.at(), at + "." + k,
                 "unknown key in [[alerts.channels]]; expected one of " + field_names(true));
      continue;
    }
    if (auto p = f->read(value, c)) errors.add(value, at + "." + k, *p);
  }
  // A key that is present but bad has been reported already; only absent ones are.
  auto need = [&](bool missing, std::string what, std::initializer_list<const char*> keys = {}) {
    for (const char* k : keys)
      if (node.contains(k)) return;
    if (missing) errors.add(node, at, std::move(what));
  };
  need(c.name.empty(), "a channel needs a name", {"name"});
  need(c.kind.empty(),
       "a channel needs a kind: \"webhook\", \"dingtalk\", \"wecom\", \"feishu\" or \"smtp\"", {"kind"});
  if (c.kind == "smtp") {
    need(c.smtp_host.empty(), "an smtp channel needs smtp_host", {"smtp_host"});
    need(c.smtp_from.empty(), "an smtp channel needs smtp_from", {"smtp_from"});
    need(c.smtp_to.empty(), "an smtp channel needs at least one address in smtp_to", {"smtp_to"});
    need(!c.smtp_user.empty() && c.smtp_password_file.empty(), "smtp_user needs smtp_password_file",
         {"smtp_password_file"});
    need(c.smtp_user.empty() && !c.smtp_password_file.empty(), "smtp_password_file needs smtp_user",
         {"smtp_user"});
    if (!c.smtp_user.empty() && smtp_tls_of(c) == "none" && node.contains("smtp_user"))
      errors.add(node, at + ".smtp_tls",
                 "a password is sent only over TLS: set smtp_tls = \"starttls\" or \"implicit\"");
  } else if (!c.kind.empty()) {
    need(c.url.empty(), "a " + c.kind + " channel needs a url", {"url"});
  }
  if (node.contains("quiet_from") != node.contains("quiet_to"))
    errors.add(node, at, "quiet hours need both quiet_from and quiet_to");
}

void parse_alerts(const Node& node, Config& config, SectionErrors& errors) {
  if (!node.is_table()) {
    errors.add(node, "alerts", "expected a table [alerts], got " + kind_and_value(node));
    return;
  }
  AlertsConfig& a = config.alerts;
  for (const Entry& e : node.entries()) {
    const std::string& k = e.key;
    const Node& value = e.value;
    if (k == "channels") {
      if (!value.is_array()) {
        errors.add(value, "alerts.channels",
                   "expected an array of tables [[alerts.channels]], got " + kind_and_value(value));
        continue;
      }
      std::set<std::string> names;
      const std::vector<Node> elements = value.elements();
      for (std::size_t i = 0; i < elements.size(); ++i) {
        AlertChannel c;
        std::string at = "alerts.channels[" + std::to_string(i) + "]";
        parse_channel(elements[i], at, c, errors);
        if (!c.name.empty() && !names.insert(c.name).second)
          errors.add(elements[i], at + ".name", "channel name " + in_quotes(c.name) + " is used twice");
        a.channels.push_back(std::move(c));
      }
      continue;
    }
    auto f = std::find_if(fields().begin(), fields().end(), [&](const Field& fd) { return fd.key == k; });
    if (f == fields().end()) {
      errors.add(e.at(), "alerts." + k,
                 "unknown key in [alerts]; expected one of " + field_names(false));
      continue;
    }
    if (auto p = f->read(value, a)) errors.add(value, "alerts." + k, *p);
  }
}

std::string render_alerts(const Config& c, std::string_view key_text) {
  const std::string key(key_text);
  const AlertsConfig& a = c.alerts;
  auto q = [](const std::string& v) { return in_quotes(v); };
  auto list = [&](const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + q(v[i]);
    return out + "]";
  };
  static const std::map<std::string, std::function<std::string(const AlertsConfig&)>> scalars = {
      {"alerts.enabled", [](const AlertsConfig& x) { return std::string(x.enabled ? "true" : "false"); }},
      {"alerts.scope", [](const AlertsConfig& x) { return in_quotes(x.scope); }},
      {"alerts.expiry_days", [](const AlertsConfig& x) { return std::to_string(x.expiry_days); }},
      {"alerts.slow_moving_days", [](const AlertsConfig& x) { return std::to_string(x.slow_moving_days); }},
      {"alerts.hysteresis_pct", [](const AlertsConfig& x) { return format_double(x.hysteresis_pct); }},
      {"alerts.escalation_minutes", [](const AlertsConfig& x) { return std::to_string(x.escalation_minutes); }},
      {"alerts.device_offline_minutes",
       [](const AlertsConfig& x) { return std::to_string(x.device_offline_minutes); }},
      {"alerts.backlog_events", [](const AlertsConfig& x) { return std::to_string(x.backlog_events); }},
      {"alerts.backlog_minutes", [](const AlertsConfig& x) { return std::to_string(x.backlog_minutes); }},
      {"alerts.count_variance_qty", [](const AlertsConfig& x) { return std::to_string(x.count_variance_qty); }},
      {"alerts.asn_overdue_after",
       [](const AlertsConfig& x) { return in_quotes(std::to_string(x.asn_overdue_minutes) + "m"); }},
      {"alerts.check_seconds", [](const AlertsConfig& x) { return std::to_string(x.check_seconds); }},
      {"alerts.service_level_pct", [](const AlertsConfig& x) { return format_double(x.service_level_pct); }},
      {"alerts.history_days", [](const AlertsConfig& x) { return std::to_string(x.history_days); }},
      {"alerts.default_lead_time_days",
       [](const AlertsConfig& x) { return std::to_string(x.default_lead_time_days); }},
      {"alerts.retry_max", [](const AlertsConfig& x) { return std::to_string(x.retry_max); }},
      {"alerts.retry_initial_seconds",
       [](const AlertsConfig& x) { return std::to_string(x.retry_initial_seconds); }},
      {"alerts.channel_failures_alert",
       [](const AlertsConfig& x) { return std::to_string(x.channel_failures_alert); }},
      {"alerts.language", [](const AlertsConfig& x) { return in_quotes(x.language); }},
      {"alerts.ack_base_url", [](const AlertsConfig& x) { return in_quotes(x.ack_base_url); }},
  };
  if (auto it = scalars.find(key); it != scalars.end()) return it->second(a);
  const std::string prefix = "alerts.channels[].";
  if (key.rfind(prefix, 0) != 0) return {};
  const std::string field = key.substr(prefix.size());
  // One value per channel, in order: a channel added or removed changes every field.
  std::vector<std::string> per;
  for (const auto& ch : a.channels) {
    if (field == "name") per.push_back(ch.name);
    else if (field == "kind") per.push_back(ch.kind);
    else if (field == "url") per.push_back(ch.url);
    else if (field == "secret_file") per.push_back(ch.secret_file);
    else if (field == "ca_file") per.push_back(ch.ca_file);
    else if (field == "connect_timeout_seconds") per.push_back(std::to_string(ch.connect_timeout_seconds));
    else if (field == "timeout_seconds") per.push_back(std::to_string(ch.timeout_seconds));
    else if (field == "smtp_host") per.push_back(ch.smtp_host);
    else if (field == "smtp_port") per.push_back(std::to_string(ch.smtp_port));
    else if (field == "smtp_tls") per.push_back(ch.smtp_tls);
    else if (field == "smtp_user") per.push_back(ch.smtp_user);
    else if (field == "smtp_password_file") per.push_back(ch.smtp_password_file);
    else if (field == "smtp_from") per.push_back(ch.smtp_from);
    else if (field == "smtp_to") per.push_back(list(ch.smtp_to));
    else if (field == "kinds") per.push_back(list(ch.kinds));
    else if (field == "min_severity") per.push_back(ch.min_severity);
    else if (field == "quiet_from") per.push_back(ch.quiet_from);
    else if (field == "quiet_to") per.push_back(ch.quiet_to);
    else if (field == "digest_at") per.push_back(ch.digest_at);
  }
  return list(per);
}

}  // namespace

config::Section alerts_section() {
  config::Section s;
  s.name = "alerts";
  s.parse = parse_alerts;
  for (const auto& f : fields()) s.keys.push_back("alerts." + std::string(f.key));
  for (const auto& f : channel_fields()) s.keys.push_back("alerts.channels[]." + std::string(f.key));
  s.render = render_alerts;
  return s;
}

}  // namespace jxc::alerts
