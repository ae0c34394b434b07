#pragma once
// A whole LLRP message decoded generically from the definition tables: every
// field with its name and value, every parameter (TV or TLV) with its
// children. Used where completeness matters more than speed: the capture
// tool, capabilities, events and status. Reports take the fast path in
// reports.h.
//
// Vendor CUSTOM parameters and TLV parameters of unknown type are kept as
// raw bytes and skipped by their length; a TV parameter of unknown type is a
// fault because its length cannot be known.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "drivers/rfid/defs.h"
#include "drivers/rfid/frame.h"

namespace jxc::llrp {

struct FieldValue {
  const FieldDef* def = nullptr;
  std::uint64_t number = 0;            // scalar kinds (signed kinds sign-extended into it)
  std::vector<std::uint64_t> list;     // u16v / u32v / u64v
  std::vector<std::uint8_t> bytes;     // u96, u8v, u1v, bytes_to_end
  std::uint16_t bit_count = 0;         // u1v
  std::string text;                    // utf8v, well-formed (ill-formed bytes are U+FFFD)
  std::int64_t as_signed() const { return static_cast<std::int64_t>(number); }
};

struct Param {
  std::uint16_t type = 0;
  const ParamDef* def = nullptr;  // nullptr: unknown type, kept raw
  std::size_t offset = 0;         // from the start of the frame
  std::vector<FieldValue> fields;
  std::vector<Param> children;
  std::vector<std::uint8_t> raw;  // unknown parameters only
  const Param* child(std::uint16_t t) const;
  const FieldValue* field(std::string_view name) const;
};

struct Message {
  std::uint8_t version = 0;
  std::uint16_t type = 0;
  std::uint32_t id = 0;
  const MessageDef* def = nullptr;  // nullptr: unknown message type (body kept raw)
  std::vector<FieldValue> fields;
  std::vector<Param> params;
  std::vector<std::uint8_t> raw;
  const Param* param(std::uint16_t t) const;
};

/// Decodes every field and parameter of a frame returned by next_frame()
/// (the header must precede the body in memory); a fault names the byte.
Result<Message> decode_message(const Frame& frame, Fault* fault = nullptr);

}  // namespace jxc::llrp
