#include "drivers/rfid/message.h"

#include <algorithm>
#include <string>

#include "drivers/rfid/bytes.h"
#include "edge/common/text.h"

namespace jxc::llrp {

namespace {

// Parameters nest; a hostile frame must not be able to recurse without bound.
constexpr int kMaxDepth = 24;

class Decoder {
 public:
  Decoder(std::span<const std::uint8_t> frame, Fault* fault) : frame_(frame), fault_(fault) {}

  /// Decodes `count` fields starting at `pos` up to `end`; `pos` advances.
  Status fields(const FieldDef* defs, std::size_t count, std::size_t& pos, std::size_t end,
                std::vector<FieldValue>* out) {
    unsigned bit = 0;  // bits used in the byte at `pos` by packed u1/u2/reserved fields
    for (std::size_t i = 0; i < count; ++i) {
      const FieldDef& d = defs[i];
      FieldValue v;
      v.def = &d;
      const unsigned bits = d.kind == FieldKind::u1 ? 1 : d.kind == FieldKind::u2 ? 2
                            : d.kind == FieldKind::reserved ? d.reserved_bits : 0;
      if (bits) {
        // Packed bits run most significant first and may cross into the next byte.
        std::uint64_t value = 0;
        for (unsigned b = 0; b < bits; ++b) {
          if (pos >= end) return short_field(d, pos);
          value = (value << 1) | ((frame_[pos] >> (7 - bit)) & 1u);
          if (++bit == 8) { bit = 0; ++pos; }
        }
        v.number = value;
        if (d.kind != FieldKind::reserved) out->push_back(std::move(v));
        continue;
      }
      if (bit != 0) return fault_status(pos, std::string("field ") + d.name + " is not byte-aligned", fault_);
      JXC_TRY(whole(d, pos, end, &v));
      out->push_back(std::move(v));
    }
    if (bit != 0) ++pos;  // trailing bits never seen in the tables; round up defensively
    return Status::ok();
  }

  /// Every mandatory sub-parameter slot (repeat "1" or "1-N" in the
  /// definition files) of a message or parameter at `at` is filled: a
  /// TagReportData without its EPC, or a response without its LLRPStatus,
  /// is malformed, not an empty value.
  Status require(const char* owner, const SubParamDef* slots, std::size_t count,
                 const std::vector<Param>& present, std::size_t at) {
    for (std::size_t i = 0; i < count; ++i) {
      const SubParamDef& s = slots[i];
      if (!s.required) continue;
      bool filled = false;
      for (const Param& p : present)
        filled = filled || std::binary_search(s.types, s.types + s.type_count, p.type);
      if (filled) continue;
      std::string what = s.name;
      if (s.type_count > 1) {
        what += " (";
        for (std::size_t t = 0; t < s.type_count; ++t) {
          const ParamDef* d = find_param(s.types[t]);
          what += (t == 0 ? "" : t + 1 == s.type_count ? " or " : ", ") +
                  (d ? std::string(d->name) : std::to_string(s.types[t]));
        }
        what += ")";
      }
      return fault_status(at, std::string(owner) + " without " + what +
                                  ", which the LLRP definition requires", fault_);
    }
    return Status::ok();
  }

  /// Decodes parameters in [pos, end) into `out`.
  Status params(std::size_t pos, std::size_t end, int depth, std::vector<Param>* out) {
    if (depth > kMaxDepth) return fault_status(pos, "parameters nested too deeply", fault_);
    while (pos < end) {
      Param p;
      p.offset = pos;
      if (frame_[pos] & 0x80) {  // TV: 1 marker bit + 7-bit type, fixed size
        p.type = frame_[pos] & 0x7f;
        p.def = find_param(p.type);
        if (!p.def || p.def->tv_size == 0)
          return fault_status(pos, "unknown TV parameter type " + std::to_string(p.type) +
                                       " (its length cannot be known)", fault_);
        if (end - pos < p.def->tv_size)
          return fault_status(pos, std::string("TV parameter ") + p.def->name + " needs " +
                                       std::to_string(p.def->tv_size) + " bytes, " +
                                       std::to_string(end - pos) + " left", fault_);
        std::size_t fpos = pos + 1;
        JXC_TRY(fields(p.def->fields, p.def->field_count, fpos, pos + p.def->tv_size, &p.fields));
        pos += p.def->tv_size;
        out->push_back(std::move(p));
        continue;
      }
      if (end - pos < 4) return fault_status(pos, "truncated parameter header", fault_);
      const std::uint16_t first = detail::be16(&frame_[pos]);
      const std::uint16_t len = detail::be16(&frame_[pos + 2]);
      p.type = first & 0x3ff;
      if (first >> 10) return fault_status(pos, "reserved parameter header bits are not zero", fault_);
      if (p.type < 128)
        return fault_status(pos, "TLV parameter with type " + std::to_string(p.type) +
                                     " (types below 128 are TV)", fault_);
      if (len < 4) return fault_status(pos + 2, "parameter length " + std::to_string(len) + " is below 4", fault_);
      if (len > end - pos)
        return fault_status(pos + 2, "parameter type " + std::to_string(p.type) + " length " +
                                         std::to_string(len) + " runs past its container (" +
                                         std::to_string(end - pos) + " bytes left)", fault_);
      const std::size_t pend = pos + len;
      p.def = find_param(p.type);
      if (!p.def) {
        p.raw.assign(frame_.begin() + static_cast<std::ptrdiff_t>(pos + 4),
                     frame_.begin() + static_cast<std::ptrdiff_t>(pend));
      } else if (p.def->tv_size != 0) {
        return fault_status(pos, std::string("TV parameter ") + p.def->name + " encoded as TLV", fault_);
      } else {
        std::size_t fpos = pos + 4;
        JXC_TRY(fields(p.def->fields, p.def->field_count, fpos, pend, &p.fields));
        if (p.type != par::Custom) {
          JXC_TRY(params(fpos, pend, depth + 1, &p.children));
          JXC_TRY(require(p.def->name, p.def->subparams, p.def->subparam_count, p.children, pos));
        }
      }
      pos = pend;
      out->push_back(std::move(p));
    }
    return Status::ok();
  }

 private:
  Status short_field(const FieldDef& d, std::size_t pos) {
    return fault_status(pos, std::string("field ") + (*d.name ? d.name : "(reserved)") + " runs past its container", fault_);
  }

  Status need(const FieldDef& d, std::size_t pos, std::size_t end, std::size_t n) {
    if (end - pos < n) return short_field(d, pos);
    return Status::ok();
  }

  Status whole(const FieldDef& d, std::size_t& pos, std::size_t end, FieldValue* v) {
    const std::uint8_t* p = frame_.data() + pos;
    switch (d.kind) {
      case FieldKind::u8: JXC_TRY(need(d, pos, end, 1)); v->number = *p; pos += 1; break;
      case FieldKind::s8:
        JXC_TRY(need(d, pos, end, 1));
        v->number = static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int8_t>(*p)));
        pos += 1;
        break;
      case FieldKind::u16: JXC_TRY(need(d, pos, end, 2)); v->number = detail::be16(p); pos += 2; break;
      case FieldKind::s16:
        JXC_TRY(need(d, pos, end, 2));
        v->number = static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int16_t>(detail::be16(p))));
        pos += 2;
        break;
      case FieldKind::u32: JXC_TRY(need(d, pos, end, 4)); v->number = detail::be32(p); pos += 4; break;
      case FieldKind::s32:
        JXC_TRY(need(d, pos, end, 4));
        v->number = static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(detail::be32(p))));
        pos += 4;
        break;
      case FieldKind::u64:
      case FieldKind::s64: JXC_TRY(need(d, pos, end, 8)); v->number = detail::be64(p); pos += 8; break;
      case FieldKind::u96:
        JXC_TRY(need(d, pos, end, 12));
        v->bytes.assign(p, p + 12);
        pos += 12;
        break;
      case FieldKind::u1v: {
        JXC_TRY(need(d, pos, end, 2));
        v->bit_count = detail::be16(p);
        const std::size_t n = (v->bit_count + 7u) / 8u;
        JXC_TRY(need(d, pos + 2, end, n));
        v->bytes.assign(p + 2, p + 2 + n);
        pos += 2 + n;
        break;
      }
      case FieldKind::u8v:
      case FieldKind::utf8v: {
        JXC_TRY(need(d, pos, end, 2));
        const std::size_t n = detail::be16(p);
        JXC_TRY(need(d, pos + 2, end, n));
        // A reader's text is kept as well-formed UTF-8 whatever it sent:
        // everything downstream (health, JSON, the journal) needs it so.
        if (d.kind == FieldKind::utf8v)
          v->text = text::to_valid_utf8(std::string_view(reinterpret_cast<const char*>(p + 2), n));
        else v->bytes.assign(p + 2, p + 2 + n);
        pos += 2 + n;
        break;
      }
      case FieldKind::u16v:
      case FieldKind::u32v:
      case FieldKind::u64v: {
        JXC_TRY(need(d, pos, end, 2));
        const std::size_t n = detail::be16(p);
        const std::size_t w = d.kind == FieldKind::u16v ? 2 : d.kind == FieldKind::u32v ? 4 : 8;
        JXC_TRY(need(d, pos + 2, end, n * w));
        for (std::size_t i = 0; i < n; ++i) {
          const std::uint8_t* e = p + 2 + i * w;
          v->list.push_back(w == 2 ? detail::be16(e) : w == 4 ? detail::be32(e) : detail::be64(e));
        }
        pos += 2 + n * w;
        break;
      }
      case FieldKind::bytes_to_end:
        v->bytes.assign(p, frame_.data() + end);
        pos = end;
        break;
      default: break;  // packed kinds are handled by the caller
    }
    return Status::ok();
  }

  std::span<const std::uint8_t> frame_;
  Fault* fault_;
};

}  // namespace

const Param* Param::child(std::uint16_t t) const {
  for (const auto& c : children)
    if (c.type == t) return &c;
  return nullptr;
}

const FieldValue* Param::field(std::string_view name) const {
  for (const auto& f : fields)
    if (name == f.def->name) return &f;
  return nullptr;
}

const Param* Message::param(std::uint16_t t) const {
  for (const auto& p : params)
    if (p.type == t) return &p;
  return nullptr;
}

Result<Message> decode_message(const Frame& frame, Fault* fault) {
  // Offsets count from the frame's first byte; the body follows the header.
  const std::uint8_t* base = frame.body.data() - kHeaderSize;
  std::span<const std::uint8_t> bytes(base, frame.size());
  Message m;
  m.version = frame.version;
  m.type = frame.type;
  m.id = frame.id;
  m.def = find_message(frame.type);
  Decoder d(bytes, fault);
  std::size_t pos = kHeaderSize;
  if (!m.def) {
    m.raw.assign(frame.body.begin(), frame.body.end());
    return m;
  }
  JXC_TRY(d.fields(m.def->fields, m.def->field_count, pos, bytes.size(), &m.fields));
  if (m.type != msg::CUSTOM_MESSAGE) {
    JXC_TRY(d.params(pos, bytes.size(), 0, &m.params));
    JXC_TRY(d.require(m.def->name, m.def->subparams, m.def->subparam_count, m.params, kHeaderSize));
  }
  return m;
}

}  // namespace jxc::llrp
