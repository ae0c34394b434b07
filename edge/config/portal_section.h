#pragma once
// The [portal] section's parser, listed in sections.cpp. Internal to jxc_config.

#include "edge/config/sections.h"

namespace jxc::config::detail {

Section portal_section();

}  // namespace jxc::config::detail
