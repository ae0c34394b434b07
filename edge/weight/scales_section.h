#pragma once
// The [scales] section's parser: Modbus buses, register models and the slots
// that count one item in one bin, config::Scales (edge/config/scale.h).

#include "edge/config/section.h"

namespace jxc::weight {

config::Section scales_section();

}  // namespace jxc::weight
