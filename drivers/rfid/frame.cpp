#include "drivers/rfid/frame.h"

#include "drivers/rfid/bytes.h"

namespace jxc::llrp {

Status fault_status(std::size_t offset, std::string reason, Fault* out) {
  std::string text = "byte " + std::to_string(offset) + ": " + reason;
  if (out) *out = Fault{offset, std::move(reason)};
  return error(Errc::invalid_argument, std::move(text));
}

FrameRead FrameRead::whole(Frame f) {
  FrameRead r;
  r.kind_ = Kind::frame;
  r.frame_ = f;
  return r;
}

FrameRead FrameRead::incomplete(const char* missing) {
  FrameRead r;
  r.kind_ = Kind::need_more;
  r.missing_ = missing;
  return r;
}

FrameRead FrameRead::bad(Fault f) {
  FrameRead r;
  r.kind_ = Kind::fault;
  r.fault_ = std::move(f);
  return r;
}

Status FrameRead::status() const {
  switch (kind_) {
    case Kind::frame: return Status::ok();
    case Kind::need_more: return error(Errc::invalid_argument, std::string("truncated: ") + missing_);
    case Kind::fault: break;
  }
  return error(Errc::invalid_argument, "byte " + std::to_string(fault_.offset) + ": " + fault_.reason);
}

FrameRead next_frame(std::span<const std::uint8_t> buf, std::size_t max_frame) {
  if (buf.size() < kHeaderSize) return FrameRead::incomplete("incomplete header");
  const std::uint16_t first = detail::be16(buf.data());
  Frame f;
  f.version = static_cast<std::uint8_t>((first >> 10) & 0x7);
  f.type = first & 0x3ff;
  const std::uint32_t length = detail::be32(buf.data() + 2);
  f.id = detail::be32(buf.data() + 6);
  if (first >> 13) return FrameRead::bad({0, "reserved header bits are not zero"});
  if (f.version == 0 || f.version > 2)
    return FrameRead::bad({0, "unsupported protocol version " + std::to_string(f.version)});
  if (length < kHeaderSize)
    return FrameRead::bad({2, "message length " + std::to_string(length) + " is shorter than the header"});
  if (length > max_frame)
    return FrameRead::bad({2, "message length " + std::to_string(length) + " exceeds the limit of " +
                                  std::to_string(max_frame) + " bytes"});
  if (buf.size() < length) return FrameRead::incomplete("incomplete message body");
  f.body = buf.subspan(kHeaderSize, length - kHeaderSize);
  return FrameRead::whole(f);
}

}  // namespace jxc::llrp
