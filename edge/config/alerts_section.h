#pragma once
// The [alerts] section's parser (internal to jxc_config).

#include <string>
#include <string_view>
#include <vector>

#include "edge/config/sections.h"

namespace jxc::config::detail {

Section alerts_section();
/// One [alerts] key's effective value as the file would write it (for diff()).
std::string render_alerts(const Config& c, const std::string& key);
/// Alert kinds a channel may filter on (same names as edge/alerts).
const std::vector<std::string_view>& alert_kind_names();

}  // namespace jxc::config::detail
