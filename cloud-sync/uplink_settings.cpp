// Uplink settings from the configuration, and the daemon's factory.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

#include <spdlog/spdlog.h>

#include "cloud-sync/uplink.h"
#include "edge/config/config.h"
#include "edge/config/secret_file.h"

namespace jxc::cloud_sync {
namespace {

// FNV-1a: a stable fingerprint of the configuration text for the status message.
std::string fingerprint(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// "tcp://host:1883" -> "host" ("[::1]" for an IPv6 literal).
std::string host_of(std::string_view uri) {
  if (auto p = uri.find("://"); p != std::string_view::npos) uri.remove_prefix(p + 3);
  if (uri.starts_with('[')) return std::string(uri.substr(0, uri.find(']') + 1));
  return std::string(uri.substr(0, uri.rfind(':')));
}

bool loopback(const std::string& host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]";
}

}  // namespace

std::optional<std::string> cleartext_password_warning(const config::Mqtt& m) {
  if (m.password_file.empty()) return std::nullopt;
  if (!m.uri.starts_with("tcp://") && !m.uri.starts_with("mqtt://")) return std::nullopt;
  const std::string host = host_of(m.uri);
  if (loopback(host)) return std::nullopt;
  return "mqtt.password_file: the broker password goes to " + host + " in cleartext over " + m.uri +
         "; use an ssl:// uri";
}

Result<UplinkSettings> settings_from_config(const config::Config& config, const std::string& store_path) {
  UplinkSettings s;
  s.mqtt = config.mqtt;
  s.gateway_id = config.gateway.id;
  s.site_id = config.gateway.site;
  s.store_path = store_path;
  s.version = JXC_VERSION;
  std::string text = "defaults";
  if (!config.source.empty()) {
    std::ifstream in(config.source);
    std::stringstream ss;
    ss << in.rdbuf();
    if (in) text = ss.str();
  }
  s.config_hash = fingerprint(text);
  if (!config.mqtt.password_file.empty()) {
    JXC_ASSIGN(std::string text, config::read_secret_file("mqtt.password_file", config.mqtt.password_file));
    s.password = text.substr(0, text.find_first_of("\r\n"));  // the first line
  }
  s.key_file = config::credential_path(config.mqtt.tls.key_file);
  if (!s.key_file.empty()) JXC_TRY(config::check_secret_file("mqtt.tls.key_file", s.key_file));
  for (const std::string& f : {config.mqtt.tls.ca_file, config.mqtt.tls.cert_file}) {
    if (!f.empty() && !std::ifstream(f)) return error(Errc::config, "mqtt.tls: cannot read " + f);
  }
  if (auto warning = cleartext_password_warning(config.mqtt)) spdlog::warn("uplink: {}", *warning);
  return s;
}

devices::DeviceFactory uplink_factory(HandlerMaker make_handler) {
  return [make_handler](devices::DeviceContext& ctx)
             -> Result<std::vector<std::unique_ptr<devices::Device>>> {
    std::vector<std::unique_ptr<devices::Device>> out;
    if (!ctx.config.mqtt.enabled()) return out;
    JXC_ASSIGN(auto settings, settings_from_config(ctx.config, ctx.store_path));
    settings.metrics = ctx.metrics;
    std::shared_ptr<sync::DownlinkHandler> handler = make_handler ? make_handler(ctx) : nullptr;
    auto uplink = std::make_unique<Uplink>(std::move(settings), ctx.engine, ctx.health, &ctx.health,
                                           std::move(handler));
    out.push_back(std::move(uplink));
    return out;
  };
}

}  // namespace jxc::cloud_sync
