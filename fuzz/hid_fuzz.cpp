// libFuzzer target for a keyboard-wedge scanner's key events: the input is a
// run of 8-byte records (type, code, value as the kernel's input_event holds
// them) through the key-map decoder and the framer. Every scan that comes
// out is non-empty, no longer than the framer allows, well-formed UTF-8 and
// free of control characters other than GS.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "drivers/barcode/framer.h"
#include "drivers/barcode/keymap.h"
#include "edge/common/text.h"

using namespace jxc::barcode;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FramerOptions opt;
  opt.max_scan = 64;  // small, so the fuzzer reaches the overflow path
  bool bad = false;
  ScanFramer framer(opt, [&](std::string s) {
    if (s.empty() || s.size() > opt.max_scan * 3 || !jxc::text::is_valid_utf8(s)) bad = true;
    for (unsigned char c : s)
      if ((c < 0x20 && c != 0x1D) || c == 0x7F) bad = true;
  });
  KeymapDecoder keys;
  for (std::size_t at = 0; at + 8 <= size; at += 8) {
    KeyEvent ev;
    std::memcpy(&ev.type, data + at, 2);
    std::memcpy(&ev.code, data + at + 2, 2);
    std::memcpy(&ev.value, data + at + 4, 4);
    std::string bytes;
    keys.feed(ev, bytes);
    framer.feed(bytes);
    if (bad) std::abort();
  }
  return 0;
}
