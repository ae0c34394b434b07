#pragma once
// Building LLRP messages: a writer that patches lengths when a message or
// parameter closes, and builders for what the client sends and what the
// reader simulator answers. Every builder returns the whole frame.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "drivers/rfid/defs.h"
#include "drivers/rfid/reports.h"

namespace jxc::llrp {

using Bytes = std::vector<std::uint8_t>;

class Writer {
 public:
  explicit Writer(std::uint16_t message_type, std::uint32_t id, std::uint8_t version = kVersion10);
  Writer& u8(std::uint8_t v);
  Writer& u16(std::uint16_t v);
  Writer& u32(std::uint32_t v);
  Writer& u64(std::uint64_t v);
  Writer& bytes(const std::uint8_t* p, std::size_t n);
  /// Opens a TLV parameter; close it with end().
  Writer& begin(std::uint16_t param_type);
  Writer& end();
  /// A TV parameter's type byte (the caller writes its fixed-size value).
  Writer& tv(std::uint16_t param_type) { return u8(static_cast<std::uint8_t>(0x80 | param_type)); }
  /// Closes the message (patching its length) and hands it over.
  Bytes finish();

 private:
  Bytes b_;
  std::vector<std::size_t> open_;
};

// --- client → reader
struct RoSpecOptions {
  std::uint32_t rospec_id = 1;
  std::vector<std::uint16_t> antennas;  // empty: all (antenna 0)
  bool gpi_start = false;               // start on a GPI edge instead of START_ROSPEC
  std::uint16_t gpi_port = 1;
  /// How a GPI-started inventory ends (an immediate one runs until stopped):
  /// falling edge of gpi_port, a duration, or no new tags for a while.
  enum class Stop { gpi_falling, duration, no_new_tags } stop = Stop::gpi_falling;
  std::uint32_t inventory_ms = 10000;  // duration; for the others the longest it runs
  std::uint16_t no_new_tags_ms = 1000;
};
struct AntennaPower {
  std::uint16_t antenna = 0;
  std::uint16_t power_index = 0;  // index into the reader's power table
};
struct ReaderConfigOptions {
  std::uint32_t keepalive_ms = 0;  // 0: keepalives off
  std::vector<AntennaPower> power;
  bool reset_to_factory = false;   // ResetToFactoryDefault before the rest applies
  std::vector<std::uint16_t> enable_gpi_ports;  // GPIPortCurrentState with Config = enabled
  // EventsAndReports: HoldEventsAndReportsUponReconnect is always set off.
};

Bytes get_supported_version(std::uint32_t id);
Bytes set_protocol_version(std::uint32_t id, std::uint8_t version);
Bytes get_reader_capabilities(std::uint32_t id, std::uint8_t version = kVersion10);
Bytes set_reader_config(std::uint32_t id, const ReaderConfigOptions& o, std::uint8_t version = kVersion10);
Bytes delete_rospec(std::uint32_t id, std::uint32_t rospec_id, std::uint8_t version = kVersion10);
Bytes add_rospec(std::uint32_t id, const RoSpecOptions& o, std::uint8_t version = kVersion10);
Bytes enable_rospec(std::uint32_t id, std::uint32_t rospec_id, std::uint8_t version = kVersion10);
Bytes start_rospec(std::uint32_t id, std::uint32_t rospec_id, std::uint8_t version = kVersion10);
Bytes keepalive_ack(std::uint32_t id, std::uint8_t version = kVersion10);
Bytes enable_events_and_reports(std::uint32_t id, std::uint8_t version = kVersion10);
Bytes close_connection(std::uint32_t id, std::uint8_t version = kVersion10);

// --- reader → client (simulator)
Bytes reader_event(std::uint32_t id, const ReaderEvent& e, std::uint8_t version = kVersion10);
/// Any response whose only content is an LLRPStatus (ADD_ROSPEC_RESPONSE,
/// ERROR_MESSAGE, ...).
Bytes status_message(std::uint16_t type, std::uint32_t id, const LlrpStatus& s, std::uint8_t version = kVersion10);
Bytes capabilities_response(std::uint32_t id, const Capabilities& c, std::uint8_t version = kVersion10);
Bytes supported_version_response(std::uint32_t id, const SupportedVersion& v);
Bytes ro_access_report(std::uint32_t id, const std::vector<TagReport>& tags, std::uint8_t version = kVersion10);
Bytes keepalive(std::uint32_t id, std::uint8_t version = kVersion10);

}  // namespace jxc::llrp
