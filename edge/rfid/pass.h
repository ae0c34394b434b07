#pragma once
// A pass: goods going through a dock door, from the moment the light beam
// breaks or the first tag is present until the door has been quiet for the
// idle time (or the pass has lasted its maximum). What the tags saw first and
// last gives the direction; the door's mode may fix it instead.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "edge/common/clock.h"
#include "edge/identifiers/epc.h"
#include "edge/rfid/smoothing.h"

namespace jxc::rfid {

enum class Direction { unknown, inbound, outbound };
std::string_view to_string(Direction d);

enum class DoorMode { inbound, outbound, both };
enum class AntennaGroup : std::uint8_t { outside, inside };

/// One tag's part in a pass.
struct PassTag {
  std::string key;  // the EPC's bytes
  identifiers::Epc epc;
  int reads = 0;       // counted (de-duplicated) reads
  double rssi = -128;  // smoothed RSSI at this door, dBm
  AntennaGroup first_group = AntennaGroup::outside, last_group = AntennaGroup::outside;
  TimeMs first_at = 0, last_at = 0;
  std::vector<std::string> also_read_at;  // cross-read doors, when ambiguous
};

struct Pass {
  std::uint64_t id = 0;  // unique within the process
  std::string door;
  TimeMs opened_at = 0, closed_at = 0;
  bool opened_by_beam = false;
  Direction direction = Direction::unknown;
  std::vector<PassTag> tags;       // counted here
  std::vector<PassTag> ambiguous;  // read here and at another door, unclear where they went
};

/// The pass state of one door. Not thread-safe.
class DoorPasses {
 public:
  struct Options {
    std::string door;
    DoorMode mode = DoorMode::both;
    TimeMs idle_close_ms = 3000;
    TimeMs max_pass_ms = 120000;
  };
  explicit DoorPasses(Options o) : o_(std::move(o)) {}

  /// The light beam broke: opens a pass unless one is open (then keeps it alive).
  void beam(TimeMs at);
  /// A smoothed read of a present tag (`first`: the group of the antenna
  /// that saw it first, perhaps before the pass; `group`: of this read). Opens
  /// a pass on the first one. A tag already counted by an earlier pass and
  /// never gone since is ignored.
  void present_read(std::string_view key, TagState& tag, AntennaGroup first, AntennaGroup group,
                    TimeMs at);
  /// Closes the pass when idle or too long; returns true and fills `out` then.
  bool close_due(TimeMs now, Pass* out);
  /// Closes an open pass now, as if its idle time had elapsed (shutdown).
  bool close_now(TimeMs now, Pass* out);

  bool open() const { return open_; }
  /// Whether the open pass has counted this tag.
  bool has_tag(std::string_view key) const { return open_ && index_.count(std::string(key)) > 0; }
  TimeMs opened_at() const { return current_.opened_at; }
  const Options& options() const { return o_; }

 private:
  void open_pass(TimeMs at, bool by_beam);
  Direction direction_of(const std::vector<PassTag>& tags) const;

  Options o_;
  bool open_ = false;
  Pass current_;
  TimeMs last_activity_ = 0;
  std::unordered_map<std::string, std::size_t> index_;  // key -> position in current_.tags
};

}  // namespace jxc::rfid
