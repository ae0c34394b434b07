#pragma once
// The [rfid] section: LLRP readers the gateway connects to. Door and forklift
// read points that use these readers are configured elsewhere ([portal]).

#include <cstdint>
#include <string>
#include <vector>

namespace jxc::config {

struct RfidReader {
  std::string id;                     // unique device id ("door-1-reader")
  std::string host;
  std::int64_t port = 5084;
  std::vector<std::int64_t> antennas; // empty: every antenna of the reader
  std::vector<double> tx_power_dbm;   // one per antenna, or one for all; empty: reader's setting
  std::int64_t keepalive_ms = 5000;   // 0: no keepalives (dead links found only by TCP)
  std::string start_trigger = "immediate";  // "immediate" or "gpi"
  std::int64_t gpi_port = 1;
  std::string stop_trigger = "gpi";   // a GPI-started inventory ends: "gpi" (falling edge), "duration", "no_new_tags"
  std::int64_t inventory_ms = 10000;  // "duration": its length; "gpi", "no_new_tags": the longest it runs
  std::int64_t no_new_tags_ms = 1000; // "no_new_tags": it ends after this long without a new tag
  bool reset_on_connect = false;      // factory defaults before the gateway configures the reader
  std::int64_t reconnect_min_ms = 1000;
  std::int64_t reconnect_max_ms = 30000;
  std::int64_t max_frame_bytes = 1 << 20;
  bool operator==(const RfidReader&) const = default;
};

struct Rfid {
  std::vector<RfidReader> readers;
  bool operator==(const Rfid&) const = default;
};

}  // namespace jxc::config
