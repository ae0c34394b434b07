#pragma once
// The [rfid] section's parser: the LLRP readers of config::Rfid
// (edge/config/rfid.h), one [[rfid.readers]] table each.

#include "edge/config/section.h"

namespace jxc::rfid {

config::Section rfid_section();

}  // namespace jxc::rfid
