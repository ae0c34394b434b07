#pragma once
// The [portal] section's parser: read points (doors, forklifts) and the
// smoothing of raw reads, config::PortalConfig (edge/config/portal.h).

#include "edge/config/section.h"

namespace jxc::rfid {

config::Section portal_section();

}  // namespace jxc::rfid
