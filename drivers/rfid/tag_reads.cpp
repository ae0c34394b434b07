#include "drivers/rfid/tag_reads.h"

#include <utility>

namespace jxc::llrp {

TimeMs ReaderClock::wall_ms(const Timestamp& t, TimeMs now) {
  const TimeMs ms = static_cast<TimeMs>(t.micros / 1000);
  if (t.utc) return ms;
  if (!uptime_offset_) uptime_offset_ = now - ms;  // no event stamp yet: take the read as just seen
  return ms + *uptime_offset_;
}

rfid::TagRead to_tag_read(TagReport&& r, const std::string& reader_id, TimeMs now, ReaderClock& clock) {
  rfid::TagRead t;
  t.reader_id = reader_id;
  t.antenna = r.antenna.value_or(0);
  t.epc = std::move(r.epc);
  t.peak_rssi_dbm = r.peak_rssi_dbm;
  if (r.first_seen) t.first_seen = clock.wall_ms(*r.first_seen, now);
  if (r.last_seen) t.last_seen = clock.wall_ms(*r.last_seen, now);
  t.seen_count = r.seen_count.value_or(1);
  t.channel_index = r.channel_index;
  t.rospec_id = r.rospec_id;
  t.received_at = now;
  return t;
}

}  // namespace jxc::llrp
