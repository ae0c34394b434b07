#include "edge/rfid/portal.h"

#include <algorithm>

namespace jxc::rfid {

namespace {

SmoothingOptions smoothing_of(const config::PortalConfig& c) {
  return SmoothingOptions{static_cast<int>(c.rssi_floor_dbm), static_cast<int>(c.min_reads), c.window_ms,
                          c.dedup_ms, c.departure_ms};
}

DoorMode mode_of(const std::string& m) {
  if (m == "inbound") return DoorMode::inbound;
  if (m == "outbound") return DoorMode::outbound;
  return DoorMode::both;
}

std::string_view key_of(const TagRead& r) {
  return {reinterpret_cast<const char*>(r.epc.data()), r.epc.size()};
}

}  // namespace

identifiers::Epc decode_or_raw(std::span<const std::uint8_t> bytes) {
  if (auto e = identifiers::decode_epc(bytes)) return std::move(e).value();
  identifiers::Epc raw;
  raw.bit_length = static_cast<int>(bytes.size() * 8);
  raw.hex = identifiers::epc_hex(bytes);
  raw.tag_uri = "urn:epc:raw:" + std::to_string(raw.bit_length) + ".x" + raw.hex;
  raw.id_uri = raw.tag_uri;
  return raw;
}

PortalLogic::PortalLogic(const config::PortalConfig& c, TagClassifier classify_raw)
    : cross_{static_cast<double>(c.cross_read_margin_db), c.cross_read_ratio},
      classify_raw_(std::move(classify_raw)) {
  auto route = [this](const std::string& reader, std::int64_t antenna, Route r) {
    auto& rr = routes_[reader];
    if (rr.by_antenna.size() <= static_cast<std::size_t>(antenna)) rr.by_antenna.resize(antenna + 1);
    rr.by_antenna[antenna] = r;
  };
  for (const auto& d : c.doors) {
    auto index = static_cast<std::uint32_t>(doors_.size());
    doors_.push_back(Door{d, Smoother(smoothing_of(c)),
                          DoorPasses({d.id, mode_of(d.mode), d.pass_idle_close_ms, d.max_pass_ms})});
    for (auto a : d.outside_antennas) route(d.reader, a, Route{Route::door, AntennaGroup::outside, index});
    for (auto a : d.inside_antennas) route(d.reader, a, Route{Route::door, AntennaGroup::inside, index});
    if (d.gpi_port > 0)
      beams_.push_back({d.gpi_reader.empty() ? d.reader : d.gpi_reader,
                        static_cast<std::uint16_t>(d.gpi_port), index});
  }
  for (const auto& f : c.forklifts) {
    auto index = static_cast<std::uint32_t>(forklifts_.size());
    forklifts_.push_back(Forklift{f, Smoother(smoothing_of(c)), std::nullopt});
    Route r{Route::forklift, AntennaGroup::outside, index};
    if (f.antennas.empty()) routes_[f.reader].any = r;
    for (auto a : f.antennas) route(f.reader, a, r);
  }
}

AntennaGroup PortalLogic::group_of(const Door& d, std::uint16_t antenna) const {
  const auto& in = d.config.inside_antennas;
  return std::find(in.begin(), in.end(), antenna) != in.end() ? AntennaGroup::inside : AntennaGroup::outside;
}

void PortalLogic::on_reads(const std::string& reader_id, std::span<const TagRead> reads, TimeMs now) {
  stats_.reads += reads.size();
  auto it = routes_.find(reader_id);
  if (it == routes_.end()) {
    stats_.unrouted += reads.size();
    return;
  }
  const ReaderRoutes& rr = it->second;
  for (const TagRead& read : reads) {
    const Route* r = read.antenna < rr.by_antenna.size() ? &rr.by_antenna[read.antenna] : nullptr;
    if (!r || r->kind == Route::none) r = &rr.any;
    TimeMs at = read.received_at ? read.received_at : now;
    switch (r->kind) {
      case Route::door: door_read(doors_[r->index], *r, read, at); break;
      case Route::forklift: forklift_read(forklifts_[r->index], read, at); break;
      case Route::none: ++stats_.unrouted; break;
    }
  }
}

void PortalLogic::door_read(Door& d, const Route& r, const TagRead& read, TimeMs at) {
  auto o = d.smoother.observe(key_of(read), read.antenna, read.peak_rssi_dbm, at, read.seen_count);
  if (!o.tag) {
    ++stats_.ignored;
    return;
  }
  if (!o.counted) {
    ++stats_.duplicates;
    return;
  }
  if (!o.tag->present) return;
  // Reads may arrive with times past the pass's end before the next tick.
  close_if_due(d, at);
  d.passes.present_read(key_of(read), *o.tag, group_of(d, o.tag->first_antenna), r.group, at);
}

TagRole PortalLogic::role_of(const identifiers::Epc& e) const {
  switch (e.scheme) {
    case identifiers::EpcScheme::sgln96: return TagRole::location;
    case identifiers::EpcScheme::sgtin96:
    case identifiers::EpcScheme::sscc96: return TagRole::load;
    case identifiers::EpcScheme::raw: return classify_raw_ ? classify_raw_(e) : TagRole::other;
    default: return TagRole::other;  // returnable assets (GRAI, GIAI) move with everything
  }
}

void PortalLogic::forklift_read(Forklift& f, const TagRead& read, TimeMs at) {
  auto o = f.smoother.observe(key_of(read), read.antenna, read.peak_rssi_dbm, at, read.seen_count);
  if (!o.tag) {
    ++stats_.ignored;
    return;
  }
  if (!o.counted) ++stats_.duplicates;
  if (!o.arrived) return;
  // A tag counts once per arrival: a bin tag passed twice is read twice,
  // a pallet on the forks is not moved again while it stays there.
  identifiers::Epc epc = decode_or_raw(read.epc);
  switch (role_of(epc)) {
    case TagRole::location: f.location = std::make_pair(std::move(epc), at); break;
    case TagRole::load:
      if (f.location && at - f.location->second <= f.config.pallet_window_ms) {
        moves_.push_back(ForkliftMove{f.config.id, f.location->first, std::move(epc), f.location->second, at});
        ++stats_.moves;
      }
      break;
    case TagRole::other: break;
  }
}

void PortalLogic::close_if_due(Door& d, TimeMs now) {
  Pass p;
  if (d.passes.close_due(now, &p)) closed(std::move(p));
}

void PortalLogic::closed(Pass p) {
  ++stats_.passes;
  if (p.tags.empty()) {
    ++stats_.empty_passes;  // a beam broken by a person, nothing tagged
    return;
  }
  // Decoded once per tag and pass, not per read.
  for (auto& t : p.tags) t.epc = decode_or_raw({reinterpret_cast<const std::uint8_t*>(t.key.data()), t.key.size()});
  pending_.push_back(std::move(p));
}

void PortalLogic::on_gpi(const GpiEvent& e) {
  if (!e.high) return;  // the beam breaking is what matters; its release is not
  for (const auto& b : beams_)
    if (b.reader == e.reader_id && b.port == e.port) {
      close_if_due(doors_[b.door], e.at);
      doors_[b.door].passes.beam(e.at);
    }
}

void PortalLogic::tick(TimeMs now) {
  for (auto& d : doors_) {
    close_if_due(d, now);
    d.smoother.expire(now);
  }
  for (auto& f : forklifts_) {
    f.smoother.expire(now);
    if (f.location && now - f.location->second > f.config.pallet_window_ms) f.location.reset();
  }
  settle();
}

void PortalLogic::close_all(TimeMs now) {
  for (auto& d : doors_) {
    Pass p;
    if (d.passes.close_now(now, &p)) closed(std::move(p));
  }
  settle(true);
}

void PortalLogic::settle(bool force) {
  if (pending_.empty()) return;
  // A pass still open at another door that began before a pending one closed
  // overlaps it; when it has counted any of the pending pass's tags they may
  // be cross-reads: wait for it (bounded by max_pass_ms). One that has counted
  // none of them cannot change where they went, since a cross-read happens
  // while the tag is in both fields and the pending pass closed only after
  // its tags had been silent for its idle time. (Waiting for every
  // overlapping pass would let doors busy one after another hold each
  // other's documents back for as long as the traffic lasts.)
  auto shares_tag = [](const DoorPasses& open, const Pass& p) {
    for (const auto& t : p.tags)
      if (open.has_tag(t.key)) return true;
    return false;
  };
  for (const auto& d : doors_) {
    if (force || !d.passes.open()) continue;
    for (const auto& p : pending_)
      if (p.door != d.config.id && d.passes.opened_at() <= p.closed_at && shares_tag(d.passes, p)) return;
  }
  stats_.cross_reads += static_cast<std::uint64_t>(resolve_cross_reads(pending_, cross_));
  for (auto& p : pending_) settled_.push_back(std::move(p));
  pending_.clear();
}

std::vector<Pass> PortalLogic::take_passes() { return std::exchange(settled_, {}); }
std::vector<ForkliftMove> PortalLogic::take_moves() { return std::exchange(moves_, {}); }

std::size_t PortalLogic::open_passes() const {
  return static_cast<std::size_t>(std::count_if(doors_.begin(), doors_.end(), [](const Door& d) { return d.passes.open(); }));
}

}  // namespace jxc::rfid
