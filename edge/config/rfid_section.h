#pragma once
// Parser of the [rfid] section (see sections.h). Internal to jxc_config.
#include "edge/config/sections.h"

namespace jxc::config::detail {
Section rfid_section();
}
