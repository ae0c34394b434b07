#include "edge/config/config_warnings.h"

#include <optional>

#include <toml++/toml.h>

namespace jxc::config {
namespace {

// Where `key` is written in the file the configuration came from; {0, 0}
// when that cannot be found (no file, or changed since it was loaded).
std::pair<int, int> position_of(const Config& config, const std::string& key) {
  if (config.source.empty()) return {0, 0};
  try {
    const toml::table doc = toml::parse_file(config.source);
    toml::node_view<const toml::node> node = toml::at_path(doc, key);
    if (!node) return {0, 0};
    const toml::source_position at = node.node()->source().begin;
    return {static_cast<int>(at.line), static_cast<int>(at.column)};
  } catch (const std::exception&) {
    return {0, 0};
  }
}

}  // namespace

std::vector<ConfigError> config_warnings(const Config& config) {
  std::vector<ConfigError> out;
  auto warn = [&](const std::string& key, const std::string& message) {
    auto [line, column] = position_of(config, key);
    out.push_back(ConfigError{line, column, key, "warning: " + message});
  };
  if (config.alerts.enabled && !config.alerts.ack_base_url.empty() && !config.http.enabled)
    warn("alerts.ack_base_url",
         "set to \"" + config.alerts.ack_base_url +
             "\" but [http] is off (http.enabled = false): the acknowledgement links in alert messages would "
             "lead to no page; turn [http] on or leave ack_base_url empty");
  return out;
}

}  // namespace jxc::config
