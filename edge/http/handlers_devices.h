#pragma once
// The devices and the uplink, for every signed-in role:
//   GET /api/v1/devices                every device (readers, scanners, scale
//       buses, the uplink, ...) with its health: state, detail, since
//   GET /api/v1/scanners/{id}/scans?limit=   a scanner's last scans, newest
//       first, each accepted or rejected with the reason (the in-memory log
//       the scan processor keeps, edge/scan/results.h; lost at restart)
//   GET /api/v1/uplink                 the MQTT uplink's link and backlog:
//       connected, state and last error from its health, last_seq,
//       acked_up_to, backlog and the oldest unacknowledged event's age from
//       the outbox, counters from the metrics registry

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::scan {
class ScanResultLog;
}  // namespace jxc::scan

namespace jxc::http {

/// `scans` may be nullptr (no scanners): every scanner is then unknown.
void add_device_routes(Router& router, ApiContext& ctx, const scan::ScanResultLog* scans);

}  // namespace jxc::http
