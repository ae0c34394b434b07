#pragma once
// Which store an operator command works on, found the way the daemon finds
// its own, so that a command typed in any directory reaches the store the
// service runs on and never a new empty one beside it:
//
//   1. `--store PATH`;
//   2. the [store] path of the configuration: `--config FILE`, or without it
//      the service's /etc/jxc-edge/gateway.toml when that file exists;
//   3. $STATE_DIRECTORY (set by systemd for the service's own processes);
//   4. /var/lib/jxc-edge/jxc-edge.db when that directory exists (the
//      service's StateDirectory=);
//   5. ./var/jxc-edge.db, where a daemon started in this directory without a
//      configuration keeps its store (the demo and development).
//
// Each answer says why it was chosen, for `--verbose` and `jxc-edge status`.

#include <string>

#include "edge/common/status.h"
#include "edge/config/config.h"

namespace jxc::app {

/// Where the service keeps its files; tests point these elsewhere.
struct ServicePaths {
  std::string config_file = "/etc/jxc-edge/gateway.toml";
  std::string state_dir = "/var/lib/jxc-edge";
};

struct StoreLocation {
  config::Config config;    // the configuration read (the embedded defaults without one)
  std::string config_file;  // the file it was read from; empty for the defaults
  std::string store_path;
  std::string why;          // "[store] path in /etc/jxc-edge/gateway.toml", ...
};

/// Finds the store for these command-line choices (either may be empty).
/// A configuration that cannot be read is an error listing every problem.
Result<StoreLocation> locate_store(const std::string& config_option, const std::string& store_option,
                                   const ServicePaths& service = {});

}  // namespace jxc::app
