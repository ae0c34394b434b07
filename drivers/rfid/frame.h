#pragma once
// LLRP framing: the 10-byte message header (3 reserved bits, 3-bit version,
// 10-bit type, 32-bit length including the header, 32-bit message id) and
// the bytes that follow. Pure code over bytes: a stream reader calls
// next_frame() on what it has buffered and gets a frame, "need more", or a
// fault with the offset and reason. Nothing here reads past the span.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "edge/common/status.h"

namespace jxc::llrp {

inline constexpr std::size_t kHeaderSize = 10;
inline constexpr std::size_t kDefaultMaxFrame = 1u << 20;

/// Where decoding failed, for a person reading a capture.
struct Fault {
  std::size_t offset = 0;  // from the start of the frame
  std::string reason;
};

/// Builds the Status for a fault: invalid_argument, "byte <offset>: <reason>".
Status fault_status(std::size_t offset, std::string reason, Fault* out);

struct Frame {
  std::uint8_t version = 0;
  std::uint16_t type = 0;
  std::uint32_t id = 0;
  std::span<const std::uint8_t> body;  // after the header; points into the caller's buffer
  std::size_t size() const { return kHeaderSize + body.size(); }
};

/// The frame at the start of `buf`: Errc::need_more when the header or the
/// body is incomplete, Errc::invalid_argument (with `fault`) when the header
/// is impossible or the declared length exceeds `max_frame`.
Result<Frame> next_frame(std::span<const std::uint8_t> buf, std::size_t max_frame = kDefaultMaxFrame,
                         Fault* fault = nullptr);

}  // namespace jxc::llrp
