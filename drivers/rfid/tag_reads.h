#pragma once
// What a reader's tag reports become for the read pipeline: one
// rfid::TagRead per report, its first/last-seen stamps on the gateway's
// wall clock. Readers stamp in UTC or in microseconds of their own uptime;
// an uptime stamp is placed by the offset the connection has learned — from
// the reader's event stamp at connect, else from the first read, taken as
// just seen. Pure: no sockets.

#include <optional>
#include <string>

#include "drivers/rfid/reports.h"
#include "edge/common/clock.h"
#include "edge/rfid/reads.h"

namespace jxc::llrp {

/// A connection's view of its reader's clock.
class ReaderClock {
 public:
  /// A new connection: nothing known of the reader's uptime.
  void reset() { uptime_offset_.reset(); }
  /// The reader's uptime `uptime_ms` is `now` on the gateway's clock.
  void sync(TimeMs uptime_ms, TimeMs now) { uptime_offset_ = now - uptime_ms; }
  /// `t` on the gateway's clock.
  TimeMs wall_ms(const Timestamp& t, TimeMs now);

 private:
  std::optional<TimeMs> uptime_offset_;
};

/// The pipeline's read of report `r` (moved from) by `reader_id`, received at `now`.
rfid::TagRead to_tag_read(TagReport&& r, const std::string& reader_id, TimeMs now, ReaderClock& clock);

}  // namespace jxc::llrp
