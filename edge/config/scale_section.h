#pragma once
// The [scales] entry of sections() (internal to jxc_config).
#include "edge/config/sections.h"

namespace jxc::config::detail {
Section scale_section();
}
