#pragma once
// RFID and device performance (设备表现) over a period of the site's
// calendar days, from the device records (device_records.h) and the weight
// discrepancies. Reads only, in one snapshot.
//
// - Per door: the passes that settled (closed) in the period; passes per
//   hour = passes / the hours of the period (24 per day: a door's rate over
//   the time it was there, idle hours included); posted, held for review,
//   the share held (of passes), held by reason (a pass may have several),
//   and passes that made no document.
// - Per scanner: scans, accepted, rejected, the share rejected, rejected by
//   reason code (device_records.h ScanReject).
// - Per shelf slot, item and bin: the weight discrepancies detected in the
//   period, and how many are open, accepted and dismissed now.
// Each list is ordered by its key (door; scanner; slot, SKU, bin).

#include <array>
#include <iterator>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/device_records.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

struct DoorPerformance {
  std::string door;
  std::int64_t passes = 0, posted = 0, held = 0, no_document = 0;
  std::int64_t missing = 0, unexpected = 0, ambiguous = 0, other = 0;  // held passes with each reason
  double per_hour = 0;
  std::optional<double> held_share;  // held / passes; none without passes
};

inline constexpr std::size_t kScanRejectCount = std::size(kScanRejects);

struct ScannerPerformance {
  std::string scanner;
  std::int64_t scans = 0, accepted = 0, rejected = 0;
  std::optional<double> rejected_share;             // rejected / scans
  std::array<std::int64_t, kScanRejectCount> by_reason{};  // in the order of kScanRejects
};

struct ShelfPerformance {
  std::string slot, sku, name, bin;
  std::int64_t discrepancies = 0, open = 0, accepted = 0, dismissed = 0;
};

struct DevicePerformance {
  int days = 0, hours = 0;  // in the period
  std::vector<DoorPerformance> doors;
  std::vector<ScannerPerformance> scanners;
  std::vector<ShelfPerformance> shelves;
};

Result<DevicePerformance> device_performance(Queries& q, DayNumber first, DayNumber last, const TimeZone& zone);

}  // namespace jxc::inventory
