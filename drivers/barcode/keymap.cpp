#include "drivers/barcode/keymap.h"

#include <linux/input-event-codes.h>

namespace jxc::barcode {
namespace {

struct Keys {
  char plain, shifted;
};

// US layout, indexed by KEY_* code (0 = no character).
constexpr Keys key_chars(std::uint16_t code) {
  switch (code) {
    case KEY_1: return {'1', '!'};
    case KEY_2: return {'2', '@'};
    case KEY_3: return {'3', '#'};
    case KEY_4: return {'4', '$'};
    case KEY_5: return {'5', '%'};
    case KEY_6: return {'6', '^'};
    case KEY_7: return {'7', '&'};
    case KEY_8: return {'8', '*'};
    case KEY_9: return {'9', '('};
    case KEY_0: return {'0', ')'};
    case KEY_MINUS: return {'-', '_'};
    case KEY_EQUAL: return {'=', '+'};
    case KEY_Q: return {'q', 'Q'};
    case KEY_W: return {'w', 'W'};
    case KEY_E: return {'e', 'E'};
    case KEY_R: return {'r', 'R'};
    case KEY_T: return {'t', 'T'};
    case KEY_Y: return {'y', 'Y'};
    case KEY_U: return {'u', 'U'};
    case KEY_I: return {'i', 'I'};
    case KEY_O: return {'o', 'O'};
    case KEY_P: return {'p', 'P'};
    case KEY_LEFTBRACE: return {'[', '{'};
    case KEY_RIGHTBRACE: return {']', '}'};
    case KEY_A: return {'a', 'A'};
    case KEY_S: return {'s', 'S'};
    case KEY_D: return {'d', 'D'};
    case KEY_F: return {'f', 'F'};
    case KEY_G: return {'g', 'G'};
    case KEY_H: return {'h', 'H'};
    case KEY_J: return {'j', 'J'};
    case KEY_K: return {'k', 'K'};
    case KEY_L: return {'l', 'L'};
    case KEY_SEMICOLON: return {';', ':'};
    case KEY_APOSTROPHE: return {'\'', '"'};
    case KEY_GRAVE: return {'`', '~'};
    case KEY_BACKSLASH: return {'\\', '|'};
    case KEY_Z: return {'z', 'Z'};
    case KEY_X: return {'x', 'X'};
    case KEY_C: return {'c', 'C'};
    case KEY_V: return {'v', 'V'};
    case KEY_B: return {'b', 'B'};
    case KEY_N: return {'n', 'N'};
    case KEY_M: return {'m', 'M'};
    case KEY_COMMA: return {',', '<'};
    case KEY_DOT: return {'.', '>'};
    case KEY_SLASH: return {'/', '?'};
    case KEY_SPACE: return {' ', ' '};
    case KEY_KPASTERISK: return {'*', '*'};
    case KEY_KPMINUS: return {'-', '-'};
    case KEY_KPPLUS: return {'+', '+'};
    case KEY_KPDOT: return {'.', '.'};
    case KEY_KPSLASH: return {'/', '/'};
    case KEY_KP0: return {'0', '0'};
    case KEY_KP1: return {'1', '1'};
    case KEY_KP2: return {'2', '2'};
    case KEY_KP3: return {'3', '3'};
    case KEY_KP4: return {'4', '4'};
    case KEY_KP5: return {'5', '5'};
    case KEY_KP6: return {'6', '6'};
    case KEY_KP7: return {'7', '7'};
    case KEY_KP8: return {'8', '8'};
    case KEY_KP9: return {'9', '9'};
    default: return {0, 0};
  }
}

int keypad_digit(std::uint16_t code) {
  switch (code) {
    case KEY_KP0: return 0;
    case KEY_KP1: return 1;
    case KEY_KP2: return 2;
    case KEY_KP3: return 3;
    case KEY_KP4: return 4;
    case KEY_KP5: return 5;
    case KEY_KP6: return 6;
    case KEY_KP7: return 7;
    case KEY_KP8: return 8;
    case KEY_KP9: return 9;
    default: return -1;
  }
}

}  // namespace

void KeymapDecoder::reset() {
  shift_l_ = shift_r_ = ctrl_l_ = ctrl_r_ = alt_l_ = alt_r_ = caps_ = false;
  alt_code_ = -1;
}

void KeymapDecoder::feed(const KeyEvent& ev, std::string& out) {
  if (ev.type != EV_KEY) return;
  // A key is released (0), pressed (1) or repeated (2); any other value is
  // not from a keyboard and types nothing.
  if (ev.value < 0 || ev.value > 2) return;
  const bool down = ev.value != 0;  // autorepeat (2) counts as a press
  switch (ev.code) {
    case KEY_LEFTSHIFT: shift_l_ = down; return;
    case KEY_RIGHTSHIFT: shift_r_ = down; return;
    case KEY_LEFTCTRL: ctrl_l_ = down; return;
    case KEY_RIGHTCTRL: ctrl_r_ = down; return;
    case KEY_LEFTALT:
    case KEY_RIGHTALT:
      (ev.code == KEY_LEFTALT ? alt_l_ : alt_r_) = down;
      if (down) {
        if (alt_code_ < 0) alt_code_ = -2;  // armed, no digit yet
      } else if (!alt_l_ && !alt_r_) {
        if (alt_code_ >= 0) out += static_cast<char>(alt_code_ & 0xFF);
        alt_code_ = -1;
      }
      return;
    case KEY_CAPSLOCK:
      if (ev.value == 1) caps_ = !caps_;
      return;
    default: break;
  }
  if (ev.value == 0) return;  // releases of character keys type nothing

  if (alt_l_ || alt_r_) {
    const int d = keypad_digit(ev.code);
    if (d >= 0) {
      alt_code_ = (alt_code_ < 0 ? 0 : alt_code_ * 10) + d;
      if (alt_code_ > 255) alt_code_ = 255;  // no byte above; keeps the number bounded
    } else {
      ++unmapped_;
    }
    return;
  }
  if (ev.code == KEY_ENTER || ev.code == KEY_KPENTER) {
    out += '\r';
    return;
  }
  if (ctrl_l_ || ctrl_r_) {
    // Ctrl+] is GS (0x1D) in ASCII's control row; scanners use it for FNC1.
    if (ev.code == KEY_RIGHTBRACE) out += '\x1D';
    else ++unmapped_;
    return;
  }
  const Keys k = key_chars(ev.code);
  if (k.plain == 0) {
    ++unmapped_;
    return;
  }
  bool shifted = shift_l_ || shift_r_;
  if (caps_ && k.plain >= 'a' && k.plain <= 'z') shifted = !shifted;
  out += shifted ? k.shifted : k.plain;
}

}  // namespace jxc::barcode
