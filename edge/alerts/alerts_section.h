#pragma once
// The [alerts] section's parser: rule settings and the channels that push
// alerts, config::AlertsConfig (edge/config/alerts.h).

#include "edge/config/section.h"

namespace jxc::alerts {

config::Section alerts_section();

}  // namespace jxc::alerts
