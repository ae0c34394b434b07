#pragma once
// The [portal] section: which reader antennas form which read point (dock
// doors with an outside and an inside antenna group, forklift readers), and
// how raw tag reads are smoothed before they count. Readers themselves (host,
// port, power) are configured in [rfid] and named here by id only.

#include <cstdint>
#include <string>
#include <vector>

namespace jxc::config {

struct PortalConfig {
  // Smoothing, the same for every read point.
  std::int64_t rssi_floor_dbm = -75;   // weaker reads are ignored
  std::int64_t min_reads = 2;          // reads within window_ms before a tag counts as present
  std::int64_t window_ms = 2000;
  std::int64_t dedup_ms = 50;          // a repeat on the same antenna sooner than this is one read
  std::int64_t departure_ms = 3000;    // silence after which a present tag has left
  // Cross-reads between doors: a tag goes to one door only when it was
  // clearly stronger there (this many dB more) or read this many times as often.
  std::int64_t cross_read_margin_db = 6;
  double cross_read_ratio = 2.0;

  struct Door {
    std::string id;
    std::string location;  // bin or zone code receipts go to / issues come from
    std::string reader;    // reader id in [rfid]
    std::vector<std::int64_t> outside_antennas, inside_antennas;
    std::string mode = "both";  // "inbound", "outbound", "both" (direction from antenna order)
    std::string gpi_reader;     // "" = the door's reader
    std::int64_t gpi_port = 0;  // 0 = no light beam: a pass opens on the first valid read
    std::int64_t pass_idle_close_ms = 3000;
    std::int64_t max_pass_ms = 120000;
    bool auto_post = true;      // a pass without exceptions is posted, not left as a draft
    // What a receipt through this door records of its goods' inspection:
    // "none" (not inspected at the door), "accepted", or "quarantine" (the
    // goods go to the warehouse's quarantine bin until released or rejected).
    std::string receipt_inspection = "none";
    bool operator==(const Door&) const = default;
  };
  std::vector<Door> doors;

  struct Forklift {
    std::string id;
    std::string reader;
    std::vector<std::int64_t> antennas;  // empty: every antenna of the reader
    std::int64_t pallet_window_ms = 5000;  // location tag, then a pallet/case tag within this
    std::string from_location;  // preferred source when several bins hold the load (e.g. the receiving bin)
    bool operator==(const Forklift&) const = default;
  };
  std::vector<Forklift> forklifts;

  bool operator==(const PortalConfig&) const = default;
};

}  // namespace jxc::config
