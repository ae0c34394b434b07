#include "edge/rfid/pass.h"

#include <atomic>

namespace jxc::rfid {

namespace {
std::atomic<std::uint64_t> g_next_pass{1};
}

std::string_view to_string(Direction d) {
  switch (d) {
    case Direction::inbound: return "inbound";
    case Direction::outbound: return "outbound";
    case Direction::unknown: break;
  }
  return "unknown";
}

void DoorPasses::open_pass(TimeMs at, bool by_beam) {
  open_ = true;
  current_ = Pass{};
  current_.id = g_next_pass++;
  current_.door = o_.door;
  current_.opened_at = at;
  current_.opened_by_beam = by_beam;
  index_.clear();
  last_activity_ = at;
}

void DoorPasses::beam(TimeMs at) {
  if (!open_) open_pass(at, true);
  if (at > last_activity_) last_activity_ = at;
}

void DoorPasses::present_read(std::string_view key, TagState& tag, AntennaGroup first,
                              AntennaGroup group, TimeMs at) {
  if (tag.claimed_by != 0 && (!open_ || tag.claimed_by != current_.id)) return;
  if (!open_) open_pass(at, false);
  if (at > last_activity_) last_activity_ = at;
  auto [it, fresh] = index_.try_emplace(std::string(key), current_.tags.size());
  if (fresh) {
    tag.claimed_by = current_.id;
    PassTag p;
    p.key = std::string(key);
    // The antenna that first saw the tag may have done so before the pass
    // opened: that is the side it came from.
    p.first_group = first;
    p.first_at = tag.first_at;
    current_.tags.push_back(std::move(p));
  }
  PassTag& p = current_.tags[it->second];
  p.reads = tag.reads;
  p.rssi = tag.rssi;
  p.last_group = group;
  p.last_at = at;
}

// Inbound when more tags went outside -> inside than the other way.
Direction DoorPasses::direction_of(const std::vector<PassTag>& tags) const {
  if (o_.mode == DoorMode::inbound) return Direction::inbound;
  if (o_.mode == DoorMode::outbound) return Direction::outbound;
  int in = 0, out = 0;
  for (const auto& t : tags) {
    if (t.first_group == AntennaGroup::outside && t.last_group == AntennaGroup::inside) ++in;
    if (t.first_group == AntennaGroup::inside && t.last_group == AntennaGroup::outside) ++out;
  }
  if (in > out) return Direction::inbound;
  if (out > in) return Direction::outbound;
  return Direction::unknown;
}

bool DoorPasses::close_due(TimeMs now, Pass* out) {
  if (!open_) return false;
  if (now - last_activity_ < o_.idle_close_ms && now - current_.opened_at < o_.max_pass_ms) return false;
  return close_now(now, out);
}

bool DoorPasses::close_now(TimeMs now, Pass* out) {
  if (!open_) return false;
  open_ = false;
  current_.closed_at = std::min(now, std::max(last_activity_ + o_.idle_close_ms, current_.opened_at));
  if (now - current_.opened_at >= o_.max_pass_ms) current_.closed_at = current_.opened_at + o_.max_pass_ms;
  current_.direction = direction_of(current_.tags);
  *out = std::move(current_);
  current_ = Pass{};
  index_.clear();
  return true;
}

}  // namespace jxc::rfid
