#pragma once
// What the client needs out of reader messages, as plain values: tag reports
// (fast path, straight from the bytes, for backlogs of many thousand reads),
// reader events (connection attempt, GPI, close), LLRPStatus, capabilities
// and supported versions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "drivers/rfid/frame.h"
#include "drivers/rfid/message.h"

namespace jxc::llrp {

struct Timestamp {
  std::uint64_t micros = 0;
  bool utc = true;  // false: microseconds of reader uptime
};

struct TagReport {
  std::vector<std::uint8_t> epc;
  std::uint16_t epc_bits = 0;
  std::optional<std::uint16_t> antenna;
  std::optional<std::int8_t> peak_rssi_dbm;
  std::optional<Timestamp> first_seen, last_seen;
  std::optional<std::uint16_t> seen_count;
  std::optional<std::uint16_t> channel_index;
  std::optional<std::uint32_t> rospec_id;
};

/// Gives the optional fields `r` leaves out the last value of the same type
/// received (`last`, kept per connection), and keeps the ones it carries in
/// `last`. The standard (TagReportData): "If an optional parameter is
/// enabled, and is absent in the report, the Client SHALL assume that the
/// value is identical to the last parameter of the same type received."
void carry_forward(TagReport* r, TagReport* last);

/// Appends the TagReportData of an RO_ACCESS_REPORT to `out`. Other
/// parameters (RFSurvey, Custom, unknown TLV, air-protocol data) are skipped.
Status decode_tag_reports(const Frame& frame, std::vector<TagReport>* out, Fault* fault = nullptr);

struct GpiChange {
  std::uint16_t port = 0;
  bool high = false;
};

struct ReaderEvent {
  std::optional<Timestamp> at;
  std::optional<std::uint16_t> connection_attempt;  // 0 success, 1-4 refused (see the spec's enumeration)
  std::optional<GpiChange> gpi;
  bool connection_close = false;
};
Result<ReaderEvent> decode_reader_event(const Frame& frame, Fault* fault = nullptr);

struct LlrpStatus {
  std::uint16_t code = 0;  // 0 M_Success
  std::string description;  // one clean line (text::to_clean_text): it ends up in health details
  std::optional<std::uint16_t> parameter_type, parameter_error, field_num, field_error;
  bool ok() const { return code == 0; }
  /// "M_ParameterError (100): bad antenna; parameter 222 error 101"
  std::string to_string() const;
};
/// The LLRPStatus parameter of a response or ERROR_MESSAGE.
Result<LlrpStatus> decode_status(const Frame& frame, Fault* fault = nullptr);

struct Capabilities {
  std::uint16_t max_antennas = 0;
  bool has_utc_clock = false;
  std::uint16_t gpi_count = 0;
  struct Power {
    std::uint16_t index = 0;
    std::int16_t dbm_x100 = 0;
  };
  std::vector<Power> transmit_power;  // the reader's power table
  /// The table index whose power is closest to `dbm` without exceeding it
  /// (the lowest entry when all exceed it); nullopt when the table is empty.
  std::optional<std::uint16_t> power_index(double dbm) const;
  /// The power of a table index in dBm; nullopt when the table lacks it.
  std::optional<double> power_dbm(std::uint16_t index) const;
};
Result<Capabilities> decode_capabilities(const Frame& frame, Fault* fault = nullptr);

struct SupportedVersion {
  std::uint8_t current = 0, supported = 0;
};
Result<SupportedVersion> decode_supported_version(const Frame& frame, Fault* fault = nullptr);

}  // namespace jxc::llrp
