#pragma once
// Smoothing of raw tag reads at one read point (a door or a forklift): a
// reader reports stray reads from far away, the same tag many times a second,
// and a tag that is still there between two reports. Only what survives
// smoothing reaches pass and forklift logic:
//   - reads weaker than the RSSI floor are ignored;
//   - a repeat on the same antenna within dedup_ms is the same read;
//   - a tag is present once it has min_reads reads within window_ms;
//   - a tag silent for departure_ms has left, and is forgotten.
// Times are gateway wall-clock ms from the injected Clock (via the reads).
// Not thread-safe: one read point is fed from one thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "edge/common/clock.h"

namespace jxc::rfid {

struct SmoothingOptions {
  int rssi_floor_dbm = -75;
  int min_reads = 2;
  TimeMs window_ms = 2000;
  TimeMs dedup_ms = 50;
  TimeMs departure_ms = 3000;
};

/// What one read point knows about one tag.
struct TagState {
  std::vector<TimeMs> recent;  // times of the last min_reads counted reads (ring)
  std::size_t next = 0;        // ring position of the oldest
  int reads = 0;               // counted reads since the tag arrived
  std::uint16_t first_antenna = 0, last_antenna = 0;
  TimeMs first_at = 0, last_at = 0;  // last_at: any read above the floor, duplicates included
  TimeMs last_counted_at = 0;
  double rssi = -128;  // smoothed (exponential average) RSSI of counted reads, dBm
  bool present = false;
  /// Set by the caller when a pass or a move has taken this tag; cleared when
  /// the tag departs, so that a pallet parked by a door is counted once.
  std::uint64_t claimed_by = 0;
};

class Smoother {
 public:
  explicit Smoother(SmoothingOptions o) : o_(o) {}

  struct Outcome {
    TagState* tag = nullptr;  // null: below the floor, ignored
    bool counted = false;     // not a duplicate
    bool arrived = false;     // became present with this read
  };
  /// `key` is the EPC's bytes. RSSI absent: the read is not held to the floor.
  /// `sightings`: the reads a reader accumulated into this one report (its
  /// TagSeenCount); a report that is not a duplicate counts as that many reads.
  Outcome observe(std::string_view key, std::uint16_t antenna, std::optional<std::int8_t> rssi_dbm,
                  TimeMs at, std::uint16_t sightings = 1);

  /// Forgets tags silent for departure_ms at `now`; appends their keys to `departed`.
  void expire(TimeMs now, std::vector<std::string>* departed = nullptr);

  const TagState* find(std::string_view key) const;
  std::size_t size() const { return tags_.size(); }
  const SmoothingOptions& options() const { return o_; }

 private:
  SmoothingOptions o_;
  std::unordered_map<std::string, TagState> tags_;
};

}  // namespace jxc::rfid
