#include "drivers/barcode/framer.h"

#include "edge/common/text.h"

namespace jxc::barcode {

namespace {
constexpr char kGs = '\x1D';
}

ScanFramer::ScanFramer(FramerOptions options, ScanFn on_scan)
    : opt_(std::move(options)), on_scan_(std::move(on_scan)) {}

void ScanFramer::reset() {
  buf_.clear();
  overflowing_ = false;
}

void ScanFramer::emit() {
  std::string scan;
  scan.swap(buf_);
  const bool dropped = overflowing_;
  overflowing_ = false;
  if (dropped) {
    ++overflows_;
    return;
  }
  if (!opt_.gs_substitute.empty()) {
    std::string out;
    out.reserve(scan.size());
    for (std::size_t i = 0; i < scan.size();) {
      if (scan.compare(i, opt_.gs_substitute.size(), opt_.gs_substitute) == 0) {
        out += kGs;
        i += opt_.gs_substitute.size();
      } else {
        out += scan[i++];
      }
    }
    scan.swap(out);
  }
  // A scan becomes text the gateway keeps and shows (a rejected scan is
  // reported with its content): bytes that are not UTF-8 (a scanner in a
  // Latin-1 or GBK mode, Alt codes above 127) are replaced, GS stays.
  if (!scan.empty()) on_scan_(text::to_valid_utf8(scan));
}

void ScanFramer::feed(std::string_view bytes) {
  for (char c : bytes) {
    if (opt_.suffix.empty()) {
      if (c == '\r' || c == '\n') {
        emit();  // the LF of a CRLF pair finds an empty buffer and emits nothing
        continue;
      }
    }
    const auto u = static_cast<unsigned char>(c);
    // A configured suffix may itself be made of control characters (e.g. ETX),
    // so it is matched before noise is dropped.
    const bool control = (u < 0x20 && c != kGs) || u == 0x7F;
    if (control && opt_.suffix.find(c) == std::string::npos) continue;
    if (overflowing_) {
      // Still inside an over-long scan: only watch for its end.
      buf_ += c;
      if (!opt_.suffix.empty() && buf_.size() >= opt_.suffix.size() &&
          buf_.compare(buf_.size() - opt_.suffix.size(), opt_.suffix.size(), opt_.suffix) == 0) {
        emit();
      } else if (buf_.size() > opt_.suffix.size()) {
        buf_.erase(0, buf_.size() - opt_.suffix.size());
      }
      continue;
    }
    buf_ += c;
    if (!opt_.suffix.empty() && buf_.size() >= opt_.suffix.size() &&
        buf_.compare(buf_.size() - opt_.suffix.size(), opt_.suffix.size(), opt_.suffix) == 0) {
      buf_.resize(buf_.size() - opt_.suffix.size());
      emit();
      continue;
    }
    if (buf_.size() > opt_.max_scan + opt_.suffix.size()) {
      overflowing_ = true;
      buf_.erase(0, buf_.size() - opt_.suffix.size());
    }
  }
}

}  // namespace jxc::barcode
