#include "drivers/rfid/frame.h"

#include "drivers/rfid/bytes.h"

namespace jxc::llrp {

Status fault_status(std::size_t offset, std::string reason, Fault* out) {
  std::string text = "byte " + std::to_string(offset) + ": " + reason;
  if (out) *out = Fault{offset, std::move(reason)};
  return error(Errc::invalid_argument, std::move(text));
}

Result<Frame> next_frame(std::span<const std::uint8_t> buf, std::size_t max_frame, Fault* fault) {
  if (buf.size() < kHeaderSize) return error(Errc::need_more, "incomplete header");
  const std::uint16_t first = detail::be16(buf.data());
  Frame f;
  f.version = static_cast<std::uint8_t>((first >> 10) & 0x7);
  f.type = first & 0x3ff;
  const std::uint32_t length = detail::be32(buf.data() + 2);
  f.id = detail::be32(buf.data() + 6);
  if (first >> 13) return fault_status(0, "reserved header bits are not zero", fault);
  if (f.version == 0 || f.version > 2)
    return fault_status(0, "unsupported protocol version " + std::to_string(f.version), fault);
  if (length < kHeaderSize)
    return fault_status(2, "message length " + std::to_string(length) + " is shorter than the header", fault);
  if (length > max_frame)
    return fault_status(2, "message length " + std::to_string(length) + " exceeds the limit of " +
                               std::to_string(max_frame) + " bytes", fault);
  if (buf.size() < length) return error(Errc::need_more, "incomplete message body");
  f.body = buf.subspan(kHeaderSize, length - kHeaderSize);
  return f;
}

}  // namespace jxc::llrp
