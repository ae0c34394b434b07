#pragma once
// The read-processing core, free of threads and I/O: tag reads and beam
// events in, settled door passes and forklift moves out. Routes each read to
// its read point by reader and antenna, smooths it, feeds door passes and
// forklift sequences, and holds closed passes back until every pass that
// overlaps them at another door has closed too, so that cross-reads are
// settled before any document is made. ReadPipeline runs it on its own thread;
// the benchmark and the tests drive it directly. Not thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "edge/common/status.h"
#include "edge/config/portal.h"
#include "edge/identifiers/epc.h"
#include "edge/rfid/cross_reads.h"
#include "edge/rfid/pass.h"
#include "edge/rfid/reads.h"
#include "edge/rfid/smoothing.h"

namespace jxc::rfid {

/// A forklift read a location tag, then a load (pallet or case) tag.
struct ForkliftMove {
  std::string forklift;
  identifiers::Epc location;
  identifiers::Epc load;
  TimeMs location_at = 0, load_at = 0;
};

enum class TagRole { location, load, other };
/// What a tag stands for at a forklift. SGLN is a location and SGTIN/SSCC a
/// load by themselves; raw EPCs need master data, which the caller supplies.
using TagClassifier = std::function<TagRole(const identifiers::Epc&)>;

/// The EPC decoded, or kept as raw hex when its GS1 content is invalid.
identifiers::Epc decode_or_raw(std::span<const std::uint8_t> bytes);

class PortalLogic {
 public:
  PortalLogic(const config::PortalConfig& config, TagClassifier classify_raw = {});

  /// Processes one report's reads. A read's time is its received_at (the
  /// gateway clock); `now` stands in when that is 0.
  void on_reads(const std::string& reader_id, std::span<const TagRead> reads, TimeMs now);
  void on_gpi(const GpiEvent& e);
  /// Closes due passes, settles cross-reads, forgets departed tags.
  void tick(TimeMs now);
  /// Closes every open pass as if its idle time had elapsed and settles all
  /// of them (nothing is left to wait for): before a shutdown.
  void close_all(TimeMs now);

  /// Passes settled since the last call, in closing order.
  std::vector<Pass> take_passes();
  std::vector<ForkliftMove> take_moves();

  struct Stats {
    std::uint64_t reads = 0;           // every read offered
    std::uint64_t unrouted = 0;        // no read point has this reader/antenna
    std::uint64_t ignored = 0;         // below the RSSI floor
    std::uint64_t duplicates = 0;      // de-duplicated
    std::uint64_t passes = 0, empty_passes = 0, cross_reads = 0, moves = 0;
  };
  const Stats& stats() const { return stats_; }
  /// Passes open or waiting for overlapping ones (for tests and health).
  std::size_t open_passes() const;
  std::size_t pending_passes() const { return pending_.size(); }

 private:
  struct Door {
    config::PortalConfig::Door config;
    Smoother smoother;
    DoorPasses passes;
  };
  struct Forklift {
    config::PortalConfig::Forklift config;
    Smoother smoother;
    std::optional<std::pair<identifiers::Epc, TimeMs>> location;  // last location tag read
  };
  struct Route {
    enum Kind : std::uint8_t { none, door, forklift } kind = none;
    AntennaGroup group = AntennaGroup::outside;
    std::uint32_t index = 0;
  };
  struct ReaderRoutes {
    std::vector<Route> by_antenna;  // index = antenna number
    Route any;                      // forklift listening on every antenna
  };

  void door_read(Door& d, const Route& r, const TagRead& read, TimeMs at);
  void forklift_read(Forklift& f, const TagRead& read, TimeMs at);
  TagRole role_of(const identifiers::Epc& e) const;
  AntennaGroup group_of(const Door& d, std::uint16_t antenna) const;
  void close_if_due(Door& d, TimeMs now);
  void closed(Pass p);
  void settle(bool force = false);

  std::vector<Door> doors_;
  std::vector<Forklift> forklifts_;
  std::unordered_map<std::string, ReaderRoutes> routes_;
  struct Beam {
    std::string reader;
    std::uint16_t port;
    std::uint32_t door;
  };
  std::vector<Beam> beams_;
  CrossReadOptions cross_;
  TagClassifier classify_raw_;
  std::vector<Pass> pending_;  // closed, waiting for overlapping passes
  std::vector<Pass> settled_;
  std::vector<ForkliftMove> moves_;
  Stats stats_;
};

}  // namespace jxc::rfid
