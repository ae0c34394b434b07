#include "drivers/rfid/reports.h"

#include <cmath>

#include "drivers/rfid/bytes.h"
#include "edge/common/text.h"

namespace jxc::llrp {

namespace {

using detail::be16;
using detail::be32;
using detail::be64;

// Fills one TagReport from the parameters of a TagReportData in [pos, end).
Status tag_report(std::span<const std::uint8_t> f, std::size_t pos, std::size_t end, TagReport* r,
                  Fault* fault) {
  bool have_epc = false;
  while (pos < end) {
    const std::uint8_t b = f[pos];
    if (b & 0x80) {
      const std::uint16_t type = b & 0x7f;
      const ParamDef* def = find_param(type);
      if (!def || def->tv_size == 0)
        return fault_status(pos, "unknown TV parameter type " + std::to_string(type) +
                                     " (its length cannot be known)", fault);
      if (end - pos < def->tv_size)
        return fault_status(pos, std::string("TV parameter ") + def->name + " runs past TagReportData", fault);
      const std::uint8_t* v = f.data() + pos + 1;
      switch (type) {
        case par::EPC_96: r->epc.assign(v, v + 12); r->epc_bits = 96; have_epc = true; break;
        case par::AntennaID: r->antenna = be16(v); break;
        case par::PeakRSSI: r->peak_rssi_dbm = static_cast<std::int8_t>(v[0]); break;
        case par::ChannelIndex: r->channel_index = be16(v); break;
        case par::TagSeenCount: r->seen_count = be16(v); break;
        case par::ROSpecID: r->rospec_id = be32(v); break;
        case par::FirstSeenTimestampUTC: r->first_seen = Timestamp{be64(v), true}; break;
        case par::FirstSeenTimestampUptime: r->first_seen = Timestamp{be64(v), false}; break;
        case par::LastSeenTimestampUTC: r->last_seen = Timestamp{be64(v), true}; break;
        case par::LastSeenTimestampUptime: r->last_seen = Timestamp{be64(v), false}; break;
        default: break;
      }
      pos += def->tv_size;
      continue;
    }
    if (end - pos < 4) return fault_status(pos, "truncated parameter header in TagReportData", fault);
    const std::uint16_t type = be16(&f[pos]) & 0x3ff;
    const std::uint16_t len = be16(&f[pos + 2]);
    if (len < 4 || len > end - pos)
      return fault_status(pos + 2, "parameter type " + std::to_string(type) + " length " + std::to_string(len) +
                                       " does not fit in TagReportData", fault);
    if (type == par::EPCData) {
      if (len < 6) return fault_status(pos, "EPCData shorter than its bit count", fault);
      const std::uint16_t bits = be16(&f[pos + 4]);
      const std::size_t n = (bits + 7u) / 8u;
      if (n > len - 6u) return fault_status(pos + 4, "EPCData bit count " + std::to_string(bits) +
                                                         " exceeds the parameter", fault);
      r->epc.assign(f.data() + pos + 6, f.data() + pos + 6 + n);
      r->epc_bits = bits;
      have_epc = true;
    }
    pos += len;  // Custom, air-protocol data, unknown: skipped by length
  }
  if (!have_epc) return fault_status(end, "TagReportData without EPCData or EPC-96", fault);
  return Status::ok();
}

std::uint64_t number(const Param* p, std::string_view field, std::uint64_t fallback = 0) {
  if (!p) return fallback;
  const FieldValue* v = p->field(field);
  return v ? v->number : fallback;
}

Status expect_type(const Frame& frame, std::uint16_t type, Fault* fault) {
  if (frame.type != type) {
    const MessageDef* d = find_message(type);
    return fault_status(0, std::string("expected ") + (d ? d->name : "?") + ", got message type " +
                               std::to_string(frame.type), fault);
  }
  return Status::ok();
}

}  // namespace

void carry_forward(TagReport* r, TagReport* last) {
  auto carry = [](auto& field, auto& previous) {
    if (field) previous = field;
    else field = previous;
  };
  carry(r->antenna, last->antenna);
  carry(r->peak_rssi_dbm, last->peak_rssi_dbm);
  carry(r->first_seen, last->first_seen);
  carry(r->last_seen, last->last_seen);
  carry(r->seen_count, last->seen_count);
  carry(r->channel_index, last->channel_index);
  carry(r->rospec_id, last->rospec_id);
}

Status decode_tag_reports(const Frame& frame, std::vector<TagReport>* out, Fault* fault) {
  JXC_TRY(expect_type(frame, msg::RO_ACCESS_REPORT, fault));
  std::span<const std::uint8_t> f(frame.body.data() - kHeaderSize, frame.size());
  std::size_t pos = kHeaderSize;
  const std::size_t end = f.size();
  while (pos < end) {
    if (f[pos] & 0x80) return fault_status(pos, "TV parameter at the top of RO_ACCESS_REPORT", fault);
    if (end - pos < 4) return fault_status(pos, "truncated parameter header", fault);
    const std::uint16_t type = be16(&f[pos]) & 0x3ff;
    const std::uint16_t len = be16(&f[pos + 2]);
    if (len < 4 || len > end - pos)
      return fault_status(pos + 2, "parameter type " + std::to_string(type) + " length " + std::to_string(len) +
                                       " runs past the message (" + std::to_string(end - pos) + " bytes left)",
                          fault);
    if (type == par::TagReportData) {
      TagReport r;
      JXC_TRY(tag_report(f, pos + 4, pos + len, &r, fault));
      out->push_back(std::move(r));
    }
    pos += len;
  }
  return Status::ok();
}

Result<ReaderEvent> decode_reader_event(const Frame& frame, Fault* fault) {
  JXC_TRY(expect_type(frame, msg::READER_EVENT_NOTIFICATION, fault));
  JXC_ASSIGN(Message m, decode_message(frame, fault));
  const Param* data = m.param(par::ReaderEventNotificationData);
  if (!data) return fault_status(kHeaderSize, "READER_EVENT_NOTIFICATION without ReaderEventNotificationData", fault);
  ReaderEvent e;
  if (const Param* t = data->child(par::UTCTimestamp)) e.at = Timestamp{number(t, "Microseconds"), true};
  if (const Param* t = data->child(par::Uptime)) e.at = Timestamp{number(t, "Microseconds"), false};
  if (const Param* c = data->child(par::ConnectionAttemptEvent))
    e.connection_attempt = static_cast<std::uint16_t>(number(c, "Status"));
  if (const Param* g = data->child(par::GPIEvent))
    e.gpi = GpiChange{static_cast<std::uint16_t>(number(g, "GPIPortNumber")), number(g, "GPIEvent") != 0};
  e.connection_close = data->child(par::ConnectionCloseEvent) != nullptr;
  return e;
}

std::string LlrpStatus::to_string() const {
  static const FieldDef* code_def = [] {
    const ParamDef* d = find_param(par::LLRPStatus);
    return d ? &d->fields[0] : nullptr;
  }();
  std::string name = code_def ? std::string(enum_name(*code_def, code)) : std::string();
  std::string s = (name.empty() ? "status" : name) + " (" + std::to_string(code) + ")";
  if (!description.empty()) s += ": " + description;
  if (parameter_type) s += "; parameter " + std::to_string(*parameter_type) + " error " + std::to_string(parameter_error.value_or(0));
  if (field_num) s += "; field " + std::to_string(*field_num) + " error " + std::to_string(field_error.value_or(0));
  return s;
}

Result<LlrpStatus> decode_status(const Frame& frame, Fault* fault) {
  JXC_ASSIGN(Message m, decode_message(frame, fault));
  const Param* p = m.param(par::LLRPStatus);
  if (!p) return fault_status(kHeaderSize, "message has no LLRPStatus", fault);
  LlrpStatus s;
  s.code = static_cast<std::uint16_t>(number(p, "StatusCode"));
  if (const FieldValue* d = p->field("ErrorDescription")) s.description = text::to_clean_text(d->text);
  const Param* fe = p->child(par::FieldError);
  if (const Param* pe = p->child(par::ParameterError)) {
    s.parameter_type = static_cast<std::uint16_t>(number(pe, "ParameterType"));
    s.parameter_error = static_cast<std::uint16_t>(number(pe, "ErrorCode"));
    if (!fe) fe = pe->child(par::FieldError);
  }
  if (fe) {
    s.field_num = static_cast<std::uint16_t>(number(fe, "FieldNum"));
    s.field_error = static_cast<std::uint16_t>(number(fe, "ErrorCode"));
  }
  return s;
}

std::optional<std::uint16_t> Capabilities::power_index(double dbm) const {
  if (transmit_power.empty()) return std::nullopt;
  const long want = std::lround(dbm * 100);
  const Power* best = nullptr;
  const Power* lowest = &transmit_power.front();
  for (const Power& p : transmit_power) {
    if (p.dbm_x100 < lowest->dbm_x100) lowest = &p;
    if (p.dbm_x100 <= want && (!best || p.dbm_x100 > best->dbm_x100)) best = &p;
  }
  return (best ? best : lowest)->index;
}

std::optional<double> Capabilities::power_dbm(std::uint16_t index) const {
  for (const Power& p : transmit_power)
    if (p.index == index) return p.dbm_x100 / 100.0;
  return std::nullopt;
}

Result<Capabilities> decode_capabilities(const Frame& frame, Fault* fault) {
  JXC_TRY(expect_type(frame, msg::GET_READER_CAPABILITIES_RESPONSE, fault));
  JXC_ASSIGN(Message m, decode_message(frame, fault));
  Capabilities c;
  if (const Param* g = m.param(par::GeneralDeviceCapabilities)) {
    c.max_antennas = static_cast<std::uint16_t>(number(g, "MaxNumberOfAntennaSupported"));
    c.has_utc_clock = number(g, "HasUTCClockCapability") != 0;
    c.gpi_count = static_cast<std::uint16_t>(number(g->child(par::GPIOCapabilities), "NumGPIs"));
  }
  if (const Param* r = m.param(par::RegulatoryCapabilities))
    if (const Param* u = r->child(par::UHFBandCapabilities))
      for (const Param& e : u->children)
        if (e.type == par::TransmitPowerLevelTableEntry)
          c.transmit_power.push_back({static_cast<std::uint16_t>(number(&e, "Index")),
                                      static_cast<std::int16_t>(number(&e, "TransmitPowerValue"))});
  return c;
}

Result<SupportedVersion> decode_supported_version(const Frame& frame, Fault* fault) {
  JXC_TRY(expect_type(frame, msg::GET_SUPPORTED_VERSION_RESPONSE, fault));
  JXC_ASSIGN(Message m, decode_message(frame, fault));
  SupportedVersion v;
  for (const FieldValue& f : m.fields) {
    if (std::string_view(f.def->name) == "CurrentVersion") v.current = static_cast<std::uint8_t>(f.number);
    if (std::string_view(f.def->name) == "SupportedVersion") v.supported = static_cast<std::uint8_t>(f.number);
  }
  return v;
}

}  // namespace jxc::llrp
