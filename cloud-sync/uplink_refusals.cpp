// Part of the Uplink (uplink_impl.h): the broker refuses an event.
//
// A PUBACK with a failure reason code (an ACL denial, a quota, a message
// over the broker's size limit) leaves the connection up, so nothing else
// would notice: the uplink reports itself degraded with the broker's reason,
// counts the refusal (jxc_uplink_publish_refusals_total), and the drain
// sends the event again after a back-off. An event refused poison_after
// times in a row is a poison event: logged as an error, named in the health
// detail and in jxc_uplink_poison_event_seq until the broker takes it. It is
// never skipped: the central system acknowledges a gapless stream only, and
// skipping would lose it.
#include <spdlog/spdlog.h>

#include "cloud-sync/uplink_impl.h"

namespace jxc::cloud_sync {

void Uplink::Impl::on_refused(const Refusal& r, const std::string& reason) {
  m_.publish_refusals.inc();
  const std::string again = "sent again in " + std::to_string(r.retry_in_ms) + " ms";
  if (r.poison) {
    refusal_ = "connected; poison event: the broker refused seq " + std::to_string(r.seq) + " " +
               std::to_string(r.refusals) + " times in a row: " + reason + "; events after it wait (" + again +
               ")";
    if (m_.poison_seq.value() != static_cast<double>(r.seq))
      spdlog::error("uplink: {}", refusal_);
    m_.poison_seq.set(static_cast<double>(r.seq));
  } else {
    refusal_ = "connected; the broker refused seq " + std::to_string(r.seq) + ": " + reason + " (refusal " +
               std::to_string(r.refusals) + ", " + again + ")";
    spdlog::warn("uplink: {}", refusal_);
  }
  report_link();
}

void Uplink::Impl::refusal_over(const std::string& why) {
  spdlog::info("uplink: refusals over: {}", why);
  refusal_.clear();
  m_.poison_seq.set(0);
  report_link();
}

}  // namespace jxc::cloud_sync
