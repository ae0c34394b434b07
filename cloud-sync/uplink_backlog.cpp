// Part of the Uplink (uplink_impl.h).
#include "cloud-sync/uplink_impl.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "edge/inventory/downlink_records.h"
#include "edge/inventory/outbox.h"

namespace jxc::cloud_sync {
namespace {

constexpr auto kStatusMinInterval = std::chrono::milliseconds(1000);

}  // namespace

StatusFacts Uplink::Impl::facts() const {
  auto version = inventory::master_data_version(*queries_);
  return {s_.gateway_id, s_.site_id, s_.version, s_.config_hash, source_.epoch,
          wall_now(),    drain_.last_seq(), drain_.acked_up_to(), registry_, version ? *version : -1};
}

// The retained status follows health and the backlog: any change of last_seq
// or acked_up_to is published, at most once per kStatusMinInterval, so a
// central system can tell a stalled stream from a quiet one.
void Uplink::Impl::maybe_publish_status() {
  const std::pair marks{drain_.last_seq(), drain_.acked_up_to()};
  if (marks != published_marks_) status_dirty_ = true;
  if (!status_dirty_ || std::chrono::steady_clock::now() - last_status_ < kStatusMinInterval) return;
  status_dirty_ = false;
  published_marks_ = marks;
  last_status_ = std::chrono::steady_clock::now();
  publish_other(OutgoingMessage{topics_.status(), status_json(facts(), true), 1, true, {}});
}

void Uplink::Impl::refresh_stats() {
  auto st = inventory::Outbox::stats(*queries_);
  if (!st) return;
  drain_.restore(st->last_seq, st->acked_up_to);
  update_backlog();
}

void Uplink::Impl::update_backlog() {
  std::int64_t backlog = drain_.backlog();
  bool alert = backlog > s_.mqtt.backlog_alert;
  m_.backlog.set(static_cast<double>(backlog));
  m_.last_seq.set(static_cast<double>(drain_.last_seq()));
  m_.acked_seq.set(static_cast<double>(drain_.acked_up_to()));
  m_.backlog_alert.set(alert ? 1 : 0);
  if (backlog == 0) oldest_unacked_at_ = 0;
  if (alert == backlog_alert_) return;
  backlog_alert_ = alert;
  if (alert)
    spdlog::warn("uplink: backlog of {} unacknowledged events is above {}", backlog, s_.mqtt.backlog_alert);
  else
    spdlog::info("uplink: backlog back to {} events", backlog);
  status_dirty_ = true;
  if (drain_.is_connected()) report_link();
}

void Uplink::Impl::report_link() {
  if (drain_.refused_seq() != 0) {
    report(devices::DeviceState::degraded, refusal_);
  } else if (backlog_alert_) {
    report(devices::DeviceState::degraded,
           "connected; backlog " + std::to_string(drain_.backlog()) + " unacknowledged events (alert above " +
               std::to_string(s_.mqtt.backlog_alert) + ")");
  } else {
    report(devices::DeviceState::online, "connected to " + s_.mqtt.uri);
  }
}

void Uplink::Impl::report(devices::DeviceState state, std::string detail) {
  health_.report(s_.device_id, "uplink", state, std::move(detail));
}

// The age of the oldest event the central system has not acknowledged. Its
// time is read once per acknowledgement (one row by key), not per event.
void Uplink::Impl::update_backlog_age() {
  if (drain_.backlog() <= 0) {
    m_.oldest_age_s.set(0);
    return;
  }
  const std::int64_t oldest = drain_.acked_up_to() + 1;
  if (oldest_unacked_at_ == 0 || oldest_seq_ != oldest) {
    auto at = inventory::Outbox::recorded_at(*queries_, oldest);
    if (!at || !*at) return;  // not yet visible to this reader
    oldest_unacked_at_ = **at;
    oldest_seq_ = oldest;
  }
  m_.oldest_age_s.set(std::max<double>(0, static_cast<double>(wall_now() - oldest_unacked_at_) / 1000.0));
}

}  // namespace jxc::cloud_sync
