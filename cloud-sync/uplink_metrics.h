#pragma once
// The uplink's series in the gateway's metrics registry (jxc_uplink_*),
// looked up once: updating one is an atomic operation. They are the uplink's
// only counters; Uplink::status() reads them.

#include "cloud-sync/uplink.h"
#include "edge/metrics/registry.h"

namespace jxc::cloud_sync {

struct UplinkMetrics {
  explicit UplinkMetrics(metrics::Registry& r);

  /// The series as UplinkStatus.
  UplinkStatus status() const;

  metrics::Gauge& connected;
  metrics::Counter &connect_attempts, &connect_failures, &connects, &disconnects, &published, &pubacks;
  metrics::Gauge &acked_seq, &last_seq, &backlog, &oldest_age_s, &backlog_alert;
  metrics::Counter &messages_received;
  metrics::Counter &downlink_applied, &downlink_duplicate, &downlink_rejected, &master_data_requests;
  metrics::Counter &publish_refusals, &acks_refused;
  metrics::Counter &downlink_oversize, &downlink_queue_full;
  metrics::Gauge &poison_seq;
};

}  // namespace jxc::cloud_sync
