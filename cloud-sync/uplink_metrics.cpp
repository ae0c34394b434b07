#include "cloud-sync/uplink_metrics.h"

namespace jxc::cloud_sync {

UplinkMetrics::UplinkMetrics(metrics::Registry& r)
    : connected(r.gauge("jxc_uplink_connected", "1 while the uplink is connected to the broker")),
      connect_attempts(r.counter("jxc_uplink_connect_attempts_total", "Connection attempts, first and retries")),
      connect_failures(r.counter("jxc_uplink_connect_failures_total", "Connection attempts that failed")),
      connects(r.counter("jxc_uplink_connects_total", "Connections established")),
      disconnects(r.counter("jxc_uplink_disconnects_total", "Established connections lost")),
      published(r.counter("jxc_uplink_published_total", "Events published (re-sends included)")),
      pubacks(r.counter("jxc_uplink_pubacks_total", "Events the broker acknowledged (PUBACK)")),
      acked_seq(r.gauge("jxc_uplink_acked_seq", "Highest seq the central system acknowledged")),
      last_seq(r.gauge("jxc_uplink_last_seq", "Highest seq in the outbox")),
      backlog(r.gauge("jxc_uplink_backlog_events", "Events the central system has not acknowledged")),
      oldest_age_s(r.gauge("jxc_uplink_backlog_oldest_age_seconds",
                           "Age of the oldest event the central system has not acknowledged")),
      backlog_alert(r.gauge("jxc_uplink_backlog_alert", "1 while the backlog is above mqtt.backlog_alert")),
      messages_received(r.counter("jxc_uplink_messages_received_total",
                                  "Messages received from the broker (acknowledgements and downlink)")),
      downlink_applied(r.counter("jxc_uplink_downlink_messages_total", "Downlink messages by outcome",
                                 {{"result", "applied"}})),
      downlink_duplicate(r.counter("jxc_uplink_downlink_messages_total", "Downlink messages by outcome",
                                   {{"result", "duplicate"}})),
      downlink_rejected(r.counter("jxc_uplink_downlink_messages_total", "Downlink messages by outcome",
                                  {{"result", "rejected"}})),
      master_data_requests(r.counter("jxc_uplink_master_data_requests_total",
                                     "Master data snapshots asked of the central system")),
      publish_refusals(r.counter("jxc_uplink_publish_refusals_total",
                                 "Events the broker refused (a PUBACK with a failure reason code)")),
      acks_refused(r.counter("jxc_uplink_acks_refused_total",
                             "Acknowledgements refused: another epoch, a seq never published, or malformed")),
      downlink_oversize(r.counter("jxc_uplink_downlink_dropped_total",
                                  "Downlink messages dropped unread, by reason", {{"reason", "oversize"}})),
      downlink_queue_full(r.counter("jxc_uplink_downlink_dropped_total",
                                    "Downlink messages dropped unread, by reason", {{"reason", "queue_full"}})),
      poison_seq(r.gauge("jxc_uplink_poison_event_seq",
                         "Seq of the event the broker keeps refusing (a poison event; 0: none)")) {}

UplinkStatus UplinkMetrics::status() const {
  UplinkStatus s;
  s.connected = connected.value() != 0;
  s.last_seq = static_cast<std::int64_t>(last_seq.value());
  s.acked_up_to = static_cast<std::int64_t>(acked_seq.value());
  s.backlog = static_cast<std::int64_t>(backlog.value());
  s.backlog_alert = backlog_alert.value() != 0;
  s.published = published.value();
  s.pubacks = pubacks.value();
  s.connects = connects.value();
  s.connection_losses = disconnects.value();
  s.downlink_messages = messages_received.value();
  s.rejections = downlink_rejected.value();
  s.connect_attempts = connect_attempts.value();
  s.master_data_requests = master_data_requests.value();
  s.publish_refusals = publish_refusals.value();
  s.acks_refused = acks_refused.value();
  s.poison_seq = static_cast<std::int64_t>(poison_seq.value());
  s.downlink_oversize = downlink_oversize.value();
  s.downlink_queue_full = downlink_queue_full.value();
  return s;
}

}  // namespace jxc::cloud_sync
