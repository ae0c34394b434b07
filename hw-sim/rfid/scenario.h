#pragma once
// What a simulated LLRP reader does over time, read from a JSON scenario
// file. Times are milliseconds from the moment the first client enables its
// ROSpec. See hw-sim/rfid/README.md for the format.

#include <cstdint>
#include <string>
#include <vector>

#include "edge/common/status.h"
#include "hw-sim/rfid/traffic.h"

namespace jxc::hwsim::rfid {

struct SimRead {
  std::vector<std::uint8_t> epc;
  std::uint16_t antenna = 1;
  std::int8_t rssi = -55;
};

struct Step {
  enum class Kind { reads, gpi, disconnect, stall, error };
  Kind kind = Kind::reads;
  std::int64_t at_ms = 0;
  std::vector<SimRead> reads;      // reads (one report per `batch` reads)
  std::uint16_t gpi_port = 1;      // gpi
  bool gpi_high = true;            // gpi
  std::int64_t duration_ms = 0;    // stall: nothing sent or answered for this long
  std::vector<SimRead> backlog;    // disconnect: reads buffered while no client is there
  std::uint16_t error_code = 0;    // error: an ERROR_MESSAGE with this LLRPStatus code
  std::string error_description = "simulated reader error";  // error: its ErrorDescription bytes, as sent
};

struct ReaderScenario {
  std::string id = "reader-1";
  std::uint16_t port = 0;
  std::uint16_t antennas = 4;
  std::uint16_t gpis = 4;
  bool utc_clock = true;              // false: uptime timestamps
  std::uint8_t max_version = 1;       // 2: answers GET_SUPPORTED_VERSION as an LLRP 1.1 reader
  std::vector<double> power_table_dbm = {10, 15, 20, 25, 30};
  std::size_t report_batch = 100;     // tags per RO_ACCESS_REPORT
  bool omit_unchanged = false;        // optional report fields left out while unchanged (the standard allows it)
  bool accumulate = false;            // a step's reads of a tag on one antenna: one report with TagSeenCount
  bool gpi_ports_enabled = true;      // false: GPI ports disabled until SET_READER_CONFIG enables them
  bool hold_events = false;           // HoldEventsAndReportsUponReconnect set (by another tool)
  std::vector<Step> steps;            // sorted by at_ms
  Traffic traffic;                    // sustained passes at a fixed rate (rate 0: none)
};

struct Scenario {
  std::vector<ReaderScenario> readers;
};

/// Parses the scenario; every problem names the reader and step.
Result<Scenario> parse_scenario(const std::string& json_text);
Result<Scenario> load_scenario(const std::string& path);

}  // namespace jxc::hwsim::rfid
