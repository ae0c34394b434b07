#pragma once
// Turns the key events of a keyboard-wedge (HID) scanner back into the bytes
// of the barcode, the way a US keyboard layout would type them: letters and
// symbols with shift, Enter (main or keypad) as CR, Ctrl+] as GS (what
// scanners send for FNC1 in keyboard mode), and Alt+keypad digits as the
// character of that decimal code (Alt+029 is GS on scanners set to
// "ALT mode"). Keys with no character (F-keys, arrows) are counted and
// skipped. The output goes through a ScanFramer like serial bytes do.
//
// Pure code over Linux input_event fields (type, code, value); the HID driver
// only reads events and hands them here. Not thread-safe.

#include <cstdint>
#include <string>

namespace jxc::barcode {

/// The parts of a Linux `struct input_event` that matter here.
struct KeyEvent {
  std::uint16_t type = 0;  // EV_KEY = 1; EV_SYN and EV_MSC are ignored
  std::uint16_t code = 0;  // KEY_*
  std::int32_t value = 0;  // 1 press, 0 release, 2 autorepeat
};

class KeymapDecoder {
 public:
  /// Appends the characters this event produces (CR for Enter) to `out`.
  void feed(const KeyEvent& ev, std::string& out);
  /// Forgets held modifiers (the device was reopened).
  void reset();
  /// Key presses that produce no character.
  std::uint64_t unmapped() const { return unmapped_; }

 private:
  bool shift_l_ = false, shift_r_ = false, ctrl_l_ = false, ctrl_r_ = false;
  bool alt_l_ = false, alt_r_ = false, caps_ = false;
  int alt_code_ = -1;  // digits typed on the keypad while Alt is held
  std::uint64_t unmapped_ = 0;
};

}  // namespace jxc::barcode
