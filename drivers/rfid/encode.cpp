#include "drivers/rfid/encode.h"

namespace jxc::llrp {

Writer::Writer(std::uint16_t message_type, std::uint32_t id, std::uint8_t version) {
  u16(static_cast<std::uint16_t>((version & 0x7) << 10 | (message_type & 0x3ff)));
  u32(0);  // length, patched by finish()
  u32(id);
}
Writer& Writer::u8(std::uint8_t v) { b_.push_back(v); return *this; }
Writer& Writer::u16(std::uint16_t v) { b_.push_back(static_cast<std::uint8_t>(v >> 8)); return u8(static_cast<std::uint8_t>(v)); }
Writer& Writer::u32(std::uint32_t v) { u16(static_cast<std::uint16_t>(v >> 16)); return u16(static_cast<std::uint16_t>(v)); }
Writer& Writer::u64(std::uint64_t v) { u32(static_cast<std::uint32_t>(v >> 32)); return u32(static_cast<std::uint32_t>(v)); }
Writer& Writer::bytes(const std::uint8_t* p, std::size_t n) { b_.insert(b_.end(), p, p + n); return *this; }
Writer& Writer::begin(std::uint16_t param_type) {
  open_.push_back(b_.size());
  u16(param_type & 0x3ff);
  return u16(0);
}
Writer& Writer::end() {
  const std::size_t at = open_.back();
  open_.pop_back();
  const std::size_t len = b_.size() - at;
  b_[at + 2] = static_cast<std::uint8_t>(len >> 8);
  b_[at + 3] = static_cast<std::uint8_t>(len);
  return *this;
}
Bytes Writer::finish() {
  while (!open_.empty()) end();
  const std::size_t len = b_.size();
  for (int i = 0; i < 4; ++i) b_[2 + i] = static_cast<std::uint8_t>(len >> (24 - 8 * i));
  return std::move(b_);
}

namespace {
Bytes only_header(std::uint16_t type, std::uint32_t id, std::uint8_t version) {
  return Writer(type, id, version).finish();
}
Bytes with_u32(std::uint16_t type, std::uint32_t id, std::uint32_t v, std::uint8_t version) {
  return Writer(type, id, version).u32(v).finish();
}
void write_status(Writer& w, const LlrpStatus& s) {
  w.begin(par::LLRPStatus).u16(s.code).u16(static_cast<std::uint16_t>(s.description.size()));
  w.bytes(reinterpret_cast<const std::uint8_t*>(s.description.data()), s.description.size());
  if (s.parameter_type) {
    w.begin(par::ParameterError).u16(*s.parameter_type).u16(s.parameter_error.value_or(0)).end();
  } else if (s.field_num) {
    w.begin(par::FieldError).u16(*s.field_num).u16(s.field_error.value_or(0)).end();
  }
  w.end();
}
void write_timestamp(Writer& w, const Timestamp& t) {
  w.begin(t.utc ? par::UTCTimestamp : par::Uptime).u64(t.micros).end();
}
}  // namespace

Bytes get_supported_version(std::uint32_t id) { return only_header(msg::GET_SUPPORTED_VERSION, id, kVersion11); }
Bytes set_protocol_version(std::uint32_t id, std::uint8_t version) {
  return Writer(msg::SET_PROTOCOL_VERSION, id, kVersion11).u8(version).finish();
}
Bytes get_reader_capabilities(std::uint32_t id, std::uint8_t version) {
  return Writer(msg::GET_READER_CAPABILITIES, id, version).u8(0 /* All */).finish();
}

Bytes set_reader_config(std::uint32_t id, const ReaderConfigOptions& o, std::uint8_t version) {
  Writer w(msg::SET_READER_CONFIG, id, version);
  w.u8(o.reset_to_factory ? 0x80 : 0);  // ResetToFactoryDefault, reserved
  // Events the client acts on: GPI edges (1); reader exceptions (4) for the log.
  w.begin(par::ReaderEventNotificationSpec);
  for (std::uint16_t ev : {std::uint16_t{1}, std::uint16_t{4}})
    w.begin(par::EventNotificationState).u16(ev).u8(0x80).end();
  w.end();
  for (const AntennaPower& p : o.power) {
    w.begin(par::AntennaConfiguration).u16(p.antenna);
    w.begin(par::RFTransmitter).u16(1).u16(1).u16(p.power_index).end();
    w.end();
  }
  // Report every tag as soon as it is seen (N = 1) with every field the
  // read pipeline uses.
  w.begin(par::ROReportSpec).u8(2 /* Upon_N_Tags_Or_End_Of_ROSpec */).u16(1);
  // EnableROSpecID, SpecIndex=0, InventoryParameterSpecID=0, AntennaID,
  // ChannelIndex, PeakRSSI, FirstSeen, LastSeen, TagSeenCount, AccessSpecID=0.
  w.begin(par::TagReportContentSelector).u16(0b1001'1111'1000'0000).end();
  w.end();
  if (o.keepalive_ms) w.begin(par::KeepaliveSpec).u8(1 /* Periodic */).u32(o.keepalive_ms).end();
  // GPI triggers and events work only on enabled ports (a common factory state is all disabled).
  for (std::uint16_t port : o.enable_gpi_ports)
    w.begin(par::GPIPortCurrentState).u16(port).u8(0x80 /* Config: enabled */).u8(0 /* State: ignored */).end();
  // A reader left holding its events and reports on reconnect would send nothing.
  w.begin(par::EventsAndReports).u8(0 /* HoldEventsAndReportsUponReconnect off */).end();
  return w.finish();
}

Bytes delete_rospec(std::uint32_t id, std::uint32_t r, std::uint8_t v) { return with_u32(msg::DELETE_ROSPEC, id, r, v); }
Bytes enable_rospec(std::uint32_t id, std::uint32_t r, std::uint8_t v) { return with_u32(msg::ENABLE_ROSPEC, id, r, v); }
Bytes start_rospec(std::uint32_t id, std::uint32_t r, std::uint8_t v) { return with_u32(msg::START_ROSPEC, id, r, v); }
Bytes keepalive_ack(std::uint32_t id, std::uint8_t v) { return only_header(msg::KEEPALIVE_ACK, id, v); }
Bytes enable_events_and_reports(std::uint32_t id, std::uint8_t v) {
  return only_header(msg::ENABLE_EVENTS_AND_REPORTS, id, v);
}
Bytes close_connection(std::uint32_t id, std::uint8_t v) { return only_header(msg::CLOSE_CONNECTION, id, v); }
Bytes keepalive(std::uint32_t id, std::uint8_t v) { return only_header(msg::KEEPALIVE, id, v); }

Bytes add_rospec(std::uint32_t id, const RoSpecOptions& o, std::uint8_t version) {
  Writer w(msg::ADD_ROSPEC, id, version);
  w.begin(par::ROSpec).u32(o.rospec_id).u8(0 /* priority */).u8(0 /* Disabled */);
  w.begin(par::ROBoundarySpec);
  w.begin(par::ROSpecStartTrigger).u8(o.gpi_start ? 3 /* GPI */ : 0 /* Null: START_ROSPEC */);
  if (o.gpi_start) w.begin(par::GPITriggerValue).u16(o.gpi_port).u8(0x80 /* rising */).u32(0).end();
  w.end();
  // Started by START_ROSPEC: runs until stopped. Started by a beam: one
  // bounded inventory per beam, so that the next beam starts the next one.
  using Stop = RoSpecOptions::Stop;
  w.begin(par::ROSpecStopTrigger);
  if (o.gpi_start && o.stop == Stop::gpi_falling) {
    w.u8(2 /* GPI_With_Timeout */).u32(0);
    w.begin(par::GPITriggerValue).u16(o.gpi_port).u8(0 /* falling */).u32(o.inventory_ms).end();
  } else if (o.gpi_start && o.stop == Stop::duration) {
    w.u8(1 /* Duration */).u32(o.inventory_ms);
  } else {
    w.u8(0 /* Null */).u32(0);
  }
  w.end();
  w.end();
  w.begin(par::AISpec);
  const std::vector<std::uint16_t> ants = o.antennas.empty() ? std::vector<std::uint16_t>{0} : o.antennas;
  w.u16(static_cast<std::uint16_t>(ants.size()));
  for (auto a : ants) w.u16(a);
  w.begin(par::AISpecStopTrigger);
  if (o.gpi_start && o.stop == Stop::no_new_tags) {
    w.u8(3 /* Tag_Observation */).u32(0);
    w.begin(par::TagObservationTrigger).u8(1 /* Upon_Seeing_No_More_New_Tags_For_Tms_Or_Timeout */).u8(0);
    w.u16(0 /* NumberOfTags */).u16(0 /* NumberOfAttempts */).u16(o.no_new_tags_ms).u32(o.inventory_ms).end();
  } else {
    w.u8(0 /* Null: ends with the ROSpec */).u32(0);
  }
  w.end();
  w.begin(par::InventoryParameterSpec).u16(1).u8(1 /* EPCGlobalClass1Gen2 */).end();
  w.end();
  return w.finish();
}

Bytes reader_event(std::uint32_t id, const ReaderEvent& e, std::uint8_t version) {
  Writer w(msg::READER_EVENT_NOTIFICATION, id, version);
  w.begin(par::ReaderEventNotificationData);
  write_timestamp(w, e.at.value_or(Timestamp{}));
  if (e.gpi) w.begin(par::GPIEvent).u16(e.gpi->port).u8(e.gpi->high ? 0x80 : 0).end();
  if (e.connection_attempt) w.begin(par::ConnectionAttemptEvent).u16(*e.connection_attempt).end();
  if (e.connection_close) w.begin(par::ConnectionCloseEvent).end();
  return w.finish();
}

Bytes status_message(std::uint16_t type, std::uint32_t id, const LlrpStatus& s, std::uint8_t version) {
  Writer w(type, id, version);
  write_status(w, s);
  return w.finish();
}

Bytes capabilities_response(std::uint32_t id, const Capabilities& c, std::uint8_t version) {
  Writer w(msg::GET_READER_CAPABILITIES_RESPONSE, id, version);
  write_status(w, LlrpStatus{});
  w.begin(par::GeneralDeviceCapabilities).u16(c.max_antennas).u16(c.has_utc_clock ? 0x4000 : 0);
  w.u32(0).u32(0).u16(3).bytes(reinterpret_cast<const std::uint8_t*>("sim"), 3);
  w.begin(139 /* ReceiveSensitivityTableEntry */).u16(1).u16(0).end();
  w.begin(par::GPIOCapabilities).u16(c.gpi_count).u16(0).end();
  for (std::uint16_t a = 1; a <= c.max_antennas; ++a)
    w.begin(140 /* PerAntennaAirProtocol */).u16(a).u16(1).u8(1).end();
  w.end();
  w.begin(par::RegulatoryCapabilities).u16(840).u16(1 /* US FCC Part 15 */);
  w.begin(par::UHFBandCapabilities);
  for (const auto& p : c.transmit_power)
    w.begin(par::TransmitPowerLevelTableEntry).u16(p.index).u16(static_cast<std::uint16_t>(p.dbm_x100)).end();
  w.begin(146 /* FrequencyInformation */).u8(0x80 /* Hopping */);
  w.begin(147 /* FrequencyHopTable */).u8(1).u8(0).u16(1).u32(902750).end();
  w.end();
  // The RF mode table every UHF reader must list: one Gen2 mode (DR 64/3,
  // Miller 4, PR-ASK, multi-interrogator mask, 250 kHz BLF, Tari 12.5-25 us).
  w.begin(328 /* C1G2UHFRFModeTable */);
  w.begin(329 /* C1G2UHFRFModeTableEntry */).u32(1).u8(0x80).u8(2).u8(0).u8(2);
  w.u32(250000).u32(2000).u32(12500).u32(25000).u32(6250).end();
  w.end();
  w.end();
  w.end();
  return w.finish();
}

Bytes supported_version_response(std::uint32_t id, const SupportedVersion& v) {
  Writer w(msg::GET_SUPPORTED_VERSION_RESPONSE, id, kVersion11);
  w.u8(v.current).u8(v.supported);
  write_status(w, LlrpStatus{});
  return w.finish();
}

Bytes ro_access_report(std::uint32_t id, const std::vector<TagReport>& tags, std::uint8_t version) {
  Writer w(msg::RO_ACCESS_REPORT, id, version);
  for (const TagReport& t : tags) {
    w.begin(par::TagReportData);
    if (t.epc.size() == 12 && t.epc_bits == 96) {
      w.tv(par::EPC_96).bytes(t.epc.data(), 12);
    } else {
      w.begin(par::EPCData).u16(t.epc_bits).bytes(t.epc.data(), t.epc.size()).end();
    }
    if (t.rospec_id) w.tv(par::ROSpecID).u32(*t.rospec_id);
    if (t.antenna) w.tv(par::AntennaID).u16(*t.antenna);
    if (t.peak_rssi_dbm) w.tv(par::PeakRSSI).u8(static_cast<std::uint8_t>(*t.peak_rssi_dbm));
    if (t.channel_index) w.tv(par::ChannelIndex).u16(*t.channel_index);
    if (t.first_seen)
      w.tv(t.first_seen->utc ? par::FirstSeenTimestampUTC : par::FirstSeenTimestampUptime).u64(t.first_seen->micros);
    if (t.last_seen)
      w.tv(t.last_seen->utc ? par::LastSeenTimestampUTC : par::LastSeenTimestampUptime).u64(t.last_seen->micros);
    if (t.seen_count) w.tv(par::TagSeenCount).u16(*t.seen_count);
    w.end();
  }
  return w.finish();
}

}  // namespace jxc::llrp
