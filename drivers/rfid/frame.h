#pragma once
// LLRP framing: the 10-byte message header (3 reserved bits, 3-bit version,
// 10-bit type, 32-bit length including the header, 32-bit message id) and
// the bytes that follow. Pure code over bytes: a stream reader calls
// next_frame() on what it has buffered and gets a frame, "need more bytes",
// or a fault with the offset and reason. Nothing here reads past the span.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

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

/// What is at the start of a buffer: a whole frame, the start of one whose
/// rest has not arrived yet (read more and look again), or bytes that cannot
/// start a frame (the fault says where and why). An incomplete frame is the
/// normal state of a stream between reads, not an error.
class FrameRead {
 public:
  enum class Kind { frame, need_more, fault };

  static FrameRead whole(Frame f);
  /// `missing`: what has not arrived ("incomplete header", ...), a literal.
  static FrameRead incomplete(const char* missing);
  static FrameRead bad(Fault f);

  Kind kind() const { return kind_; }
  bool has_frame() const { return kind_ == Kind::frame; }
  bool need_more() const { return kind_ == Kind::need_more; }
  bool is_fault() const { return kind_ == Kind::fault; }
  explicit operator bool() const { return has_frame(); }

  /// The frame; only when has_frame().
  const Frame& operator*() const { return frame_; }
  const Frame* operator->() const { return &frame_; }
  /// Where and why the bytes cannot be a frame; only when is_fault().
  const Fault& fault() const { return fault_; }
  /// What has not arrived yet; only when need_more().
  std::string_view missing() const { return missing_; }

  /// For a caller that holds all the input there is (a file, a whole
  /// response): ok with a frame; otherwise invalid_argument, "byte <offset>:
  /// <reason>" for a fault and "truncated: <missing>" for an incomplete frame.
  Status status() const;

 private:
  FrameRead() = default;
  Kind kind_ = Kind::need_more;
  Frame frame_;
  Fault fault_;
  const char* missing_ = "";
};

/// The frame at the start of `buf`; a fault when the header is impossible or
/// the declared length exceeds `max_frame`.
FrameRead next_frame(std::span<const std::uint8_t> buf, std::size_t max_frame = kDefaultMaxFrame);

}  // namespace jxc::llrp
