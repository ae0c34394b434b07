#pragma once
// The [scanners] section's parser: barcode scanners and the site's label
// patterns, config::Scanners (edge/config/scanner.h).

#include "edge/config/section.h"

namespace jxc::scan {

config::Section scanners_section();

}  // namespace jxc::scan
