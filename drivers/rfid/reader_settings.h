#pragma once
// What the configuration asks of a reader, fitted to what the reader says
// it can do (its capabilities): the reader configuration and the ROSpec a
// session sends, and what of the configuration cannot be had.

#include <string>
#include <vector>

#include "drivers/rfid/encode.h"
#include "drivers/rfid/reader_link.h"
#include "drivers/rfid/reports.h"
#include "edge/common/status.h"

namespace jxc::llrp {

struct ReaderSettings {
  ReaderConfigOptions config;
  RoSpecOptions rospec;
  /// What the reader cannot do as configured, in words for its health
  /// (it is then degraded, still reading).
  std::vector<std::string> warnings;
};

/// Each antenna's power index is the reader's step closest to the wanted
/// power without exceeding it (below the lowest step: the lowest, with a
/// warning); the GPI inputs enabled are the start trigger's and the door
/// beams' the reader has (others: a warning each). Errc::invalid_argument
/// when a power is asked of a reader with no transmit power table.
Result<ReaderSettings> settings_for(const ReaderOptions& opt, const Capabilities& caps);

}  // namespace jxc::llrp
