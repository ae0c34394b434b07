#pragma once
// The [mqtt] section's parser, for sections.cpp. Internal to jxc_config.

#include "edge/config/sections.h"

namespace jxc::config::detail {

Section mqtt_section();

}  // namespace jxc::config::detail
