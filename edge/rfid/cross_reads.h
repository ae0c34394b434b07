#pragma once
// Cross-reads: a door's antennas also see tags going through the next door.
// When one tag is in overlapping passes of several doors, it belongs to the
// door where it was clearly stronger (smoothed RSSI) or read clearly more
// often; when that is not clear it is moved to the passes' `ambiguous` lists
// (flagged on every one of them) and counted at none.

#include <vector>

#include "edge/rfid/pass.h"

namespace jxc::rfid {

struct CrossReadOptions {
  double margin_db = 6;  // "clearly stronger"
  double ratio = 2.0;    // "clearly more reads"
};

/// Is `a` clearly where the tag was, rather than `b`?
bool clearly_stronger(const PassTag& a, const PassTag& b, const CrossReadOptions& o);

/// Resolves every tag counted in more than one of `passes` whose time spans
/// overlap. Returns how many tags were contested.
int resolve_cross_reads(std::vector<Pass>& passes, const CrossReadOptions& o);

}  // namespace jxc::rfid
