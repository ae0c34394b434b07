#include "drivers/rfid/json.h"

namespace jxc::llrp {

namespace {

std::string hex(const std::vector<std::uint8_t>& b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  s.reserve(b.size() * 2);
  for (auto c : b) {
    s += d[c >> 4];
    s += d[c & 15];
  }
  return s;
}

bool is_signed(FieldKind k) {
  return k == FieldKind::s8 || k == FieldKind::s16 || k == FieldKind::s32 || k == FieldKind::s64;
}

nlohmann::json field_value(const FieldValue& f) {
  switch (f.def->kind) {
    case FieldKind::u96:
    case FieldKind::u8v:
    case FieldKind::u1v:
    case FieldKind::bytes_to_end: return hex(f.bytes);
    case FieldKind::utf8v: return f.text;
    case FieldKind::u16v:
    case FieldKind::u32v:
    case FieldKind::u64v: return f.list;
    case FieldKind::u1: return f.number != 0;
    default: break;
  }
  if (is_signed(f.def->kind)) return f.as_signed();
  return f.number;
}

void add_fields(nlohmann::json& j, const std::vector<FieldValue>& fields) {
  for (const FieldValue& f : fields) {
    j[f.def->name] = field_value(f);
    if (f.def->kind == FieldKind::u1v) j[std::string(f.def->name) + "Bits"] = f.bit_count;
    if (auto n = enum_name(*f.def, static_cast<std::uint32_t>(f.number)); !n.empty() && f.def->enumeration_size)
      j[std::string(f.def->name) + "Name"] = std::string(n);
  }
}

nlohmann::json param_json(const Param& p) {
  nlohmann::json j;
  j["type"] = p.type;
  j["name"] = p.def ? p.def->name : "unknown";
  j["offset"] = p.offset;
  if (!p.def) j["raw"] = hex(p.raw);
  if (!p.fields.empty()) {
    nlohmann::json f = nlohmann::json::object();
    add_fields(f, p.fields);
    j["fields"] = std::move(f);
  }
  if (!p.children.empty()) {
    nlohmann::json c = nlohmann::json::array();
    for (const Param& ch : p.children) c.push_back(param_json(ch));
    j["parameters"] = std::move(c);
  }
  return j;
}

}  // namespace

nlohmann::json to_json(const Message& m) {
  nlohmann::json j;
  j["message"] = m.def ? m.def->name : "unknown";
  j["type"] = m.type;
  j["version"] = m.version;
  j["id"] = m.id;
  if (!m.def) j["raw"] = hex(m.raw);
  if (!m.fields.empty()) {
    nlohmann::json f = nlohmann::json::object();
    add_fields(f, m.fields);
    j["fields"] = std::move(f);
  }
  nlohmann::json ps = nlohmann::json::array();
  for (const Param& p : m.params) ps.push_back(param_json(p));
  j["parameters"] = std::move(ps);
  return j;
}

Result<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  int high = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == ':' || c == '\n' || c == '\t' || c == '\r') continue;
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) return error(Errc::invalid_argument, "character " + std::to_string(i + 1) + " is not a hex digit");
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) return error(Errc::invalid_argument, "odd number of hex digits");
  return out;
}

Result<nlohmann::json> decode_to_json(std::span<const std::uint8_t> bytes, std::size_t max_frame) {
  nlohmann::json all = nlohmann::json::array();
  std::size_t at = 0;
  int n = 0;
  while (at < bytes.size()) {
    const std::string which = "frame " + std::to_string(++n) + " (input byte " + std::to_string(at) + ")";
    auto frame = next_frame(bytes.subspan(at), max_frame);
    if (!frame) {
      if (frame.need_more())
        return error(Errc::invalid_argument, which + " is truncated (" + std::string(frame.missing()) + ")");
      return error(Errc::invalid_argument, which + ": " + frame.status().reason());
    }
    auto m = decode_message(*frame);
    if (!m) return error(Errc::invalid_argument, which + ": " + m.status().reason());
    all.push_back(to_json(*m));
    at += frame->size();
  }
  if (all.empty()) return error(Errc::invalid_argument, "no bytes to decode");
  return all;
}

}  // namespace jxc::llrp
