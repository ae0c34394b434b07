#include "edge/app/store_location.h"

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "edge/service/config_sections.h"

namespace jxc::app {
namespace fs = std::filesystem;

Result<StoreLocation> locate_store(const std::string& config_option, const std::string& store_option,
                                   const ServicePaths& service) {
  StoreLocation where;
  where.config = config::defaults();
  std::error_code ec;
  // --store names the file itself, but the configuration still says the
  // site's zone and rules, so the service's file is read beside it.
  where.config_file = !config_option.empty()                   ? config_option
                      : fs::is_regular_file(service.config_file, ec) ? service.config_file
                                                                      : std::string();
  if (!where.config_file.empty()) {
    std::vector<config::ConfigError> errors;
    auto loaded = config::load_file(where.config_file, service::config_sections(), &errors);
    if (!loaded) {
      std::string reasons;
      for (const auto& e : errors) reasons += "\n  " + e.to_string(where.config_file);
      return error(loaded.status().code(), loaded.status().reason() + reasons);
    }
    where.config = std::move(loaded).value();
  }

  if (!store_option.empty()) {
    where.store_path = store_option;
    where.why = "--store";
  } else if (!where.config.store.path.empty()) {
    where.store_path = where.config.store.path;
    where.why = "[store] path in " + where.config_file;
  } else if (const char* state = std::getenv("STATE_DIRECTORY"); state && *state) {
    // One path per StateDirectory= entry, separated by colons; ours is the first.
    std::string_view first(state);
    first = first.substr(0, first.find(':'));
    where.store_path = (fs::path(first) / "jxc-edge.db").string();
    where.why = "$STATE_DIRECTORY";
  } else if (fs::is_directory(service.state_dir, ec)) {
    where.store_path = (fs::path(service.state_dir) / "jxc-edge.db").string();
    where.why = "the service's state directory " + service.state_dir;
  } else {
    where.store_path = where.config.store_path();
    where.why = "no " + service.state_dir + ": the store of a daemon started here without a configuration";
  }
  return where;
}

}  // namespace jxc::app
