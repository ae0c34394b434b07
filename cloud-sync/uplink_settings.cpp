// Uplink settings from the configuration, and the daemon's factory.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cloud-sync/uplink.h"
#include "edge/config/config.h"

namespace jxc::cloud_sync {
namespace {

std::string credential_path(const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
  return dir && *dir ? std::string(dir) + "/" + path : path;
}

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

}  // namespace

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
    std::string path = credential_path(config.mqtt.password_file);
    std::ifstream in(path);
    if (!in) return error(Errc::config, "mqtt.password_file: cannot read " + path);
    std::getline(in, s.password);
    if (!s.password.empty() && s.password.back() == '\r') s.password.pop_back();
  }
  s.key_file = credential_path(config.mqtt.tls.key_file);
  for (const std::string& f : {config.mqtt.tls.ca_file, config.mqtt.tls.cert_file, s.key_file}) {
    if (!f.empty() && !std::ifstream(f)) return error(Errc::config, "mqtt.tls: cannot read " + f);
  }
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
