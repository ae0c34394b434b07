#pragma once
// What an RFID reader driver hands to the core: tag reads and GPI (light
// beam) events, already decoded from the reader's protocol. The driver in
// drivers/rfid/ produces these; the read processing in this folder consumes
// them. Nothing here knows LLRP.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "edge/common/clock.h"

namespace jxc::rfid {

struct TagRead {
  std::string reader_id;         // from config
  std::uint16_t antenna = 0;     // 1-based, as the reader numbers it
  std::vector<std::uint8_t> epc; // EPC bank contents (96 bits for SGTIN-96 etc.; any length)
  std::optional<std::int8_t> peak_rssi_dbm;
  /// First/last time the reader saw the tag in this report, converted to
  /// gateway wall-clock ms (uptime-based reader stamps are mapped by the driver).
  std::optional<TimeMs> first_seen, last_seen;
  std::uint16_t seen_count = 1;
  std::optional<std::uint16_t> channel_index;
  std::optional<std::uint32_t> rospec_id;
  TimeMs received_at = 0;        // gateway wall clock when the report arrived
};

struct GpiEvent {
  std::string reader_id;
  std::uint16_t port = 0;  // 1-based GPI port
  bool high = false;       // new state of the input
  TimeMs at = 0;           // gateway wall clock
};

/// Where a reader driver delivers. Called on the driver's thread; an
/// implementation must not block it for long (a reader flushing a backlog
/// delivers thousands of reads at once).
class ReadSink {
 public:
  virtual ~ReadSink() = default;
  virtual void on_tag_reads(const std::string& reader_id, std::span<const TagRead> reads) = 0;
  virtual void on_gpi(const GpiEvent& event) = 0;
};

}  // namespace jxc::rfid
