#pragma once
// The [mqtt] section's parser: the uplink to the central system,
// config::Mqtt (edge/config/mqtt.h).

#include "edge/config/section.h"

namespace jxc::cloud_sync {

config::Section mqtt_section();

}  // namespace jxc::cloud_sync
