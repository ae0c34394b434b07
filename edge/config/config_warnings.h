#pragma once
// What a configuration allows but is likely a mistake: the daemon starts,
// and says so in its log at start-up; `jxc-edge check-config` prints the
// same warnings and still passes. One pass over a loaded Config, like
// referenced_files.h, so that the section parsers stay free of each other.
//
// Warned of:
//   alerts.ack_base_url set while alerts are on and [http] is off: the
//   acknowledgement links in the messages lead to no page.

#include <vector>

#include "edge/config/config.h"

namespace jxc::config {

/// One entry per warning, its message starting "warning: ", positioned at
/// its key in config.source when that file gives one.
std::vector<ConfigError> config_warnings(const Config& config);

}  // namespace jxc::config
