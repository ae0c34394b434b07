#pragma once
// LLRP message and parameter definitions. The tables are generated at build
// time from the standard's machine-readable definition files (see
// gen_llrp_defs.py); the named constants below are the numbers this code
// sends or interprets, and defs_test checks each against the tables.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace jxc::llrp {

enum class FieldKind : std::uint8_t {
  u1, u2, u8, s8, u16, s16, u32, s32, u64, s64, u96,
  u1v, u8v, u16v, u32v, u64v, utf8v, bytes_to_end, reserved,
};

struct EnumEntry {
  std::uint32_t value;
  const char* name;
};

struct FieldDef {
  const char* name;  // empty for reserved bits
  FieldKind kind;
  std::uint8_t reserved_bits;
  bool hex;       // shown as hex (EPCs, reader ids)
  bool datetime;  // microseconds since the epoch
  const EnumEntry* enumeration;
  std::size_t enumeration_size;
};

/// A sub-parameter slot of a message or parameter: one named parameter, or a
/// choice ("EPCParameter": EPCData or EPC_96) with every type that fills it.
struct SubParamDef {
  const char* name;
  bool required;  // repeat "1" or "1-N": a message without it is malformed
  bool repeats;   // repeat "0-N" or "1-N"
  const std::uint16_t* types;  // sorted
  std::size_t type_count;
};

struct MessageDef {
  std::uint16_t type;
  const char* name;
  const FieldDef* fields;
  std::size_t field_count;
  const SubParamDef* subparams;
  std::size_t subparam_count;
};

struct ParamDef {
  std::uint16_t type;
  const char* name;
  const FieldDef* fields;
  std::size_t field_count;
  /// Whole encoded size of a TV parameter (type byte included); 0 for TLV.
  std::size_t tv_size;
  const SubParamDef* subparams;
  std::size_t subparam_count;
};

std::span<const MessageDef> message_defs();  // sorted by type
std::span<const ParamDef> param_defs();      // sorted by type
const MessageDef* find_message(std::uint16_t type);  // nullptr when unknown
const ParamDef* find_param(std::uint16_t type);      // nullptr when unknown
/// The enumeration entry's name for `value`, or empty.
std::string_view enum_name(const FieldDef& f, std::uint32_t value);

/// Protocol versions in the 3-bit header field.
inline constexpr std::uint8_t kVersion10 = 1;  // LLRP 1.0.1
inline constexpr std::uint8_t kVersion11 = 2;  // LLRP 1.1

namespace msg {
inline constexpr std::uint16_t GET_READER_CAPABILITIES = 1;
inline constexpr std::uint16_t SET_READER_CONFIG = 3;
inline constexpr std::uint16_t CLOSE_CONNECTION_RESPONSE = 4;
inline constexpr std::uint16_t GET_READER_CAPABILITIES_RESPONSE = 11;
inline constexpr std::uint16_t SET_READER_CONFIG_RESPONSE = 13;
inline constexpr std::uint16_t CLOSE_CONNECTION = 14;
inline constexpr std::uint16_t ADD_ROSPEC = 20;
inline constexpr std::uint16_t DELETE_ROSPEC = 21;
inline constexpr std::uint16_t START_ROSPEC = 22;
inline constexpr std::uint16_t ENABLE_ROSPEC = 24;
inline constexpr std::uint16_t ADD_ROSPEC_RESPONSE = 30;
inline constexpr std::uint16_t DELETE_ROSPEC_RESPONSE = 31;
inline constexpr std::uint16_t START_ROSPEC_RESPONSE = 32;
inline constexpr std::uint16_t ENABLE_ROSPEC_RESPONSE = 34;
inline constexpr std::uint16_t GET_SUPPORTED_VERSION = 46;
inline constexpr std::uint16_t SET_PROTOCOL_VERSION = 47;
inline constexpr std::uint16_t GET_SUPPORTED_VERSION_RESPONSE = 56;
inline constexpr std::uint16_t SET_PROTOCOL_VERSION_RESPONSE = 57;
inline constexpr std::uint16_t RO_ACCESS_REPORT = 61;
inline constexpr std::uint16_t KEEPALIVE = 62;
inline constexpr std::uint16_t READER_EVENT_NOTIFICATION = 63;
inline constexpr std::uint16_t ENABLE_EVENTS_AND_REPORTS = 64;
inline constexpr std::uint16_t KEEPALIVE_ACK = 72;
inline constexpr std::uint16_t ERROR_MESSAGE = 100;
inline constexpr std::uint16_t CUSTOM_MESSAGE = 1023;
}  // namespace msg

namespace par {
inline constexpr std::uint16_t AntennaID = 1;
inline constexpr std::uint16_t FirstSeenTimestampUTC = 2;
inline constexpr std::uint16_t FirstSeenTimestampUptime = 3;
inline constexpr std::uint16_t LastSeenTimestampUTC = 4;
inline constexpr std::uint16_t LastSeenTimestampUptime = 5;
inline constexpr std::uint16_t PeakRSSI = 6;
inline constexpr std::uint16_t ChannelIndex = 7;
inline constexpr std::uint16_t TagSeenCount = 8;
inline constexpr std::uint16_t ROSpecID = 9;
inline constexpr std::uint16_t EPC_96 = 13;
inline constexpr std::uint16_t UTCTimestamp = 128;
inline constexpr std::uint16_t Uptime = 129;
inline constexpr std::uint16_t GeneralDeviceCapabilities = 137;
inline constexpr std::uint16_t GPIOCapabilities = 141;
inline constexpr std::uint16_t RegulatoryCapabilities = 143;
inline constexpr std::uint16_t UHFBandCapabilities = 144;
inline constexpr std::uint16_t TransmitPowerLevelTableEntry = 145;
inline constexpr std::uint16_t ROSpec = 177;
inline constexpr std::uint16_t ROBoundarySpec = 178;
inline constexpr std::uint16_t ROSpecStartTrigger = 179;
inline constexpr std::uint16_t GPITriggerValue = 181;
inline constexpr std::uint16_t ROSpecStopTrigger = 182;
inline constexpr std::uint16_t AISpec = 183;
inline constexpr std::uint16_t AISpecStopTrigger = 184;
inline constexpr std::uint16_t TagObservationTrigger = 185;
inline constexpr std::uint16_t InventoryParameterSpec = 186;
inline constexpr std::uint16_t KeepaliveSpec = 220;
inline constexpr std::uint16_t AntennaConfiguration = 222;
inline constexpr std::uint16_t RFTransmitter = 224;
inline constexpr std::uint16_t GPIPortCurrentState = 225;
inline constexpr std::uint16_t EventsAndReports = 226;
inline constexpr std::uint16_t ROReportSpec = 237;
inline constexpr std::uint16_t TagReportContentSelector = 238;
inline constexpr std::uint16_t TagReportData = 240;
inline constexpr std::uint16_t EPCData = 241;
inline constexpr std::uint16_t ReaderEventNotificationSpec = 244;
inline constexpr std::uint16_t EventNotificationState = 245;
inline constexpr std::uint16_t ReaderEventNotificationData = 246;
inline constexpr std::uint16_t GPIEvent = 248;
inline constexpr std::uint16_t ConnectionAttemptEvent = 256;
inline constexpr std::uint16_t ConnectionCloseEvent = 257;
inline constexpr std::uint16_t LLRPStatus = 287;
inline constexpr std::uint16_t FieldError = 288;
inline constexpr std::uint16_t ParameterError = 289;
inline constexpr std::uint16_t Custom = 1023;
}  // namespace par

}  // namespace jxc::llrp
