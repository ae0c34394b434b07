// Part of the Uplink (uplink_impl.h).
#include "cloud-sync/uplink_impl.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "cloud-sync/ack.h"
#include "cloud-sync/master_data_request.h"
#include "edge/inventory/downlink_records.h"
#include "edge/inventory/outbox.h"

namespace jxc::cloud_sync {
namespace {

constexpr std::chrono::milliseconds kMasterRetryFirst{10'000};
constexpr std::chrono::milliseconds kMasterRetryLongest{600'000};

}  // namespace

void Uplink::Impl::publish_other(OutgoingMessage msg) {
  if (!drain_.is_connected()) return;
  if (Status st = link_->publish(msg, OpTag{drain_.generation(), 0}.pack()); !st.is_ok())
    spdlog::debug("uplink: publish to {} refused: {}", msg.topic, st.reason());
}

void Uplink::Impl::on_message(const IncomingMessage& n) {
  m_.messages_received.inc();
  if (n.oversize_bytes > 0) {
    // Dropped by the link before its payload was copied.
    m_.downlink_oversize.inc();
    reject(n.topic, "oversize: " + std::to_string(n.oversize_bytes) + " bytes, at most " +
                        std::to_string(s_.max_downlink_bytes) + "; dropped unread");
    return;
  }
  if (n.topic == topics_.ack()) {
    on_ack(n.payload);
    return;
  }
  auto kind = topics_.downlink_kind(n.topic);
  if (!kind) return;  // not ours (a broad subscription left in the session)
  if (!handler_) {
    reject(n.topic, "this gateway applies no downlink messages");
    return;
  }
  sync::DownlinkMessage m{*kind, n.payload, !n.response_topic.empty()};
  sync::DownlinkOutcome out = handler_->handle(m);
  if (*kind == "master/snapshot" && out.result != sync::DownlinkOutcome::Result::rejected)
    master_retry_at_.reset();  // the snapshot asked for (or one sent unasked) is in
  if (out.result == sync::DownlinkOutcome::Result::rejected) {
    reject(n.topic, out.reason.empty() ? "rejected" : out.reason, out.message_id);
  } else if (out.result == sync::DownlinkOutcome::Result::duplicate) {
    m_.downlink_duplicate.inc();
    spdlog::info("uplink: duplicate downlink on {} ignored", n.topic);
  } else {
    m_.downlink_applied.inc();
  }
  if (out.response_json && !n.response_topic.empty())
    publish_other(OutgoingMessage{n.response_topic, *out.response_json, 1, false, n.correlation});
  if (out.action == sync::DownlinkOutcome::Action::replay) {
    std::int64_t from = std::max<std::int64_t>(1, out.replay_from_seq);
    spdlog::info("uplink: replay from seq {} requested", from);
    drain_.replay_from(from);
  } else if (out.action == sync::DownlinkOutcome::Action::resync_master_data) {
    request_master_data("resync command " + out.message_id);
  }
}

void Uplink::Impl::on_ack(const std::string& payload) {
  auto ack = parse_ack(payload);
  if (!ack) {
    m_.acks_refused.inc();
    reject(topics_.ack(), ack.status().reason(), ack_message_id(payload));
    return;
  }
  AckCheck check = drain_.check_ack(ack->epoch, ack->up_to_seq);
  if (check.verdict == AckCheck::Verdict::refused) {
    m_.acks_refused.inc();
    reject(topics_.ack(), check.reason, ack->message_id);
    return;
  }
  if (check.verdict == AckCheck::Verdict::duplicate) return;
  if (Status st = inventory::Outbox::acknowledge_up_to(engine_, ack->epoch, ack->up_to_seq); !st.is_ok()) {
    spdlog::error("uplink: recording acknowledgement up to {}: {}", ack->up_to_seq, st.to_string());
    return;
  }
  drain_.acknowledged(ack->up_to_seq);
  if (!refusal_.empty() && drain_.refused_seq() == 0)
    refusal_over("the central system acknowledged up to seq " + std::to_string(ack->up_to_seq));
  update_backlog();
}

// Asks the central system for a full snapshot; it answers on
// down/master/snapshot, which the downlink handler applies like any other.
// Until a snapshot is applied the request is repeated after 10 s, 20 s, 40 s
// ... up to every 10 minutes (see repeat_master_data_request). Not
// remembered across a restart: a gateway without master data asks again on
// every connect.
void Uplink::Impl::request_master_data(const std::string& why) {
  auto version = inventory::master_data_version(*queries_);
  if (!version) {
    spdlog::error("uplink: reading the master data version: {}", version.status().to_string());
    return;
  }
  MasterDataRequest r{master_data_request_id(source_.epoch, wall_now(), ++requests_), s_.gateway_id, s_.site_id,
                      *version, why, wall_now()};
  spdlog::info("uplink: asking for a master data snapshot ({}; request {}, version {})", why, r.request_id,
               *version);
  m_.master_data_requests.inc();
  publish_other(OutgoingMessage{topics_.master_data_request(), master_data_request_json(r), 1, false, {}});
  if (!master_retry_at_) master_retry_wait_ = kMasterRetryFirst;
  master_retry_at_ = std::chrono::steady_clock::now() + master_retry_wait_;
}

void Uplink::Impl::repeat_master_data_request() {
  if (!master_retry_at_ || std::chrono::steady_clock::now() < *master_retry_at_) return;
  master_retry_wait_ = std::min(master_retry_wait_ * 2, kMasterRetryLongest);
  request_master_data("no snapshot since the last request");
}

void Uplink::Impl::reject(const std::string& topic, const std::string& reason, const std::string& message_id) {
  m_.downlink_rejected.inc();
  spdlog::warn("uplink: rejected message{}{} on {}: {}", message_id.empty() ? "" : " ", message_id, topic, reason);
  publish_other(OutgoingMessage{topics_.rejected(),
                                rejected_json(topic, reason, s_.gateway_id, wall_now(), message_id), 1, false, {}});
}

}  // namespace jxc::cloud_sync
