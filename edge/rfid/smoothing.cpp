#include "edge/rfid/smoothing.h"

#include <algorithm>

namespace jxc::rfid {

Smoother::Outcome Smoother::observe(std::string_view key, std::uint16_t antenna,
                                    std::optional<std::int8_t> rssi_dbm, TimeMs at, std::uint16_t sightings) {
  Outcome out;
  if (rssi_dbm && *rssi_dbm < o_.rssi_floor_dbm) return out;
  auto it = tags_.find(std::string(key));
  if (it == tags_.end()) {
    it = tags_.emplace(std::string(key), TagState{}).first;
    TagState& fresh = it->second;
    fresh.recent.assign(static_cast<std::size_t>(o_.min_reads), 0);
    fresh.first_antenna = antenna;
    fresh.first_at = at;
    fresh.last_counted_at = at - o_.dedup_ms - 1;
  }
  TagState& t = it->second;
  out.tag = &t;
  bool duplicate = antenna == t.last_antenna && t.reads > 0 && at - t.last_counted_at < o_.dedup_ms;
  if (at > t.last_at) t.last_at = at;
  if (duplicate) return out;
  out.counted = true;
  const bool first = t.reads == 0;
  t.last_antenna = antenna;
  t.last_counted_at = at;
  if (rssi_dbm) t.rssi = first ? *rssi_dbm : 0.7 * t.rssi + 0.3 * *rssi_dbm;
  // Accumulated reads all count; beyond min_reads they fill the ring with this time.
  const std::size_t n = std::min<std::size_t>(std::max<std::uint16_t>(sightings, 1), t.recent.size());
  t.reads += std::max<std::uint16_t>(sightings, 1);
  for (std::size_t i = 0; i < n; ++i) {
    t.recent[t.next] = at;
    t.next = (t.next + 1) % t.recent.size();
  }
  // The ring holds the last min_reads counted reads; the oldest is at `next`.
  if (!t.present && t.reads >= o_.min_reads && at - t.recent[t.next] <= o_.window_ms) {
    t.present = true;
    out.arrived = true;
  }
  return out;
}

void Smoother::expire(TimeMs now, std::vector<std::string>* departed) {
  for (auto it = tags_.begin(); it != tags_.end();) {
    // A tag that never became present is forgotten after the window too, so
    // that stray reads do not accumulate.
    TimeMs quiet = it->second.present ? o_.departure_ms : std::max(o_.window_ms, o_.departure_ms);
    if (now - it->second.last_at >= quiet) {
      if (departed && it->second.present) departed->push_back(it->first);
      it = tags_.erase(it);
    } else {
      ++it;
    }
  }
}

const TagState* Smoother::find(std::string_view key) const {
  auto it = tags_.find(std::string(key));
  return it == tags_.end() ? nullptr : &it->second;
}

}  // namespace jxc::rfid
