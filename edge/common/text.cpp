#include "edge/common/text.h"

#include <cstddef>
#include <cstdint>

namespace jxc::text {

namespace {

// One step of decoding: the code point at the front of `s` and how many
// bytes it takes, or (ill-formed) how many bytes make the maximal ill-formed
// subpart to replace by one U+FFFD.
struct Step {
  char32_t cp = 0;
  std::size_t len = 1;
  bool ok = false;
};

// The well-formed byte sequences of the Unicode Standard, table 3-7: the
// lead byte fixes the length and the range of the second byte (narrower than
// 80..BF after E0, ED, F0 and F4, which is what rules out overlong forms,
// surrogates and code points above U+10FFFF); later bytes are 80..BF.
Step decode(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  char32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
    if (b0 == 0xE0) lo = 0xA0;  // below: overlong
    if (b0 == 0xED) hi = 0x9F;  // above: surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
    if (b0 == 0xF0) lo = 0x90;  // below: overlong
    if (b0 == 0xF4) hi = 0x8F;  // above: past U+10FFFF
  } else {
    return {};  // a continuation byte alone, C0/C1 (always overlong) or F5..FF
  }
  for (std::size_t k = 1; k < len; ++k) {
    // A sequence cut short by the end of the text or by a byte that cannot
    // continue it: the bytes so far are one ill-formed subpart.
    if (i + k >= s.size()) return {0, k, false};
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return {0, k, false};
    cp = (cp << 6) | (b & 0x3Fu);
  }
  return {cp, len, true};
}

bool plain_ascii(unsigned char c) { return c >= 0x20 && c < 0x7F; }

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const Step st = decode(bytes, i);
    if (!st.ok) return false;
    i += st.len;
  }
  return true;
}

std::string to_valid_utf8(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 8);
  for (std::size_t i = 0; i < bytes.size();) {
    const Step st = decode(bytes, i);
    if (st.ok) out.append(bytes.substr(i, st.len));
    else out.append(kReplacement);
    i += st.len;
  }
  return out;
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

std::optional<char32_t> find_control(std::string_view utf8, std::string_view allowed) {
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (plain_ascii(b) || (b >= 0x80 && b != 0xC2)) {  // C1 controls are C2 80..C2 9F
      ++i;
      continue;
    }
    const Step st = decode(utf8, i);
    if (st.ok && is_control(st.cp) && !(st.cp < 0x80 && allowed.find(static_cast<char>(st.cp)) != std::string_view::npos))
      return st.cp;
    i += st.len;
  }
  return std::nullopt;
}

std::string to_clean_text(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (plain_ascii(b) || b == '\t') {
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    if (b == '\n' || b == '\r') {
      out += ' ';
      i += b == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n' ? 2 : 1;
      continue;
    }
    const Step st = decode(bytes, i);
    if (st.ok && !is_control(st.cp)) out.append(bytes.substr(i, st.len));
    else out.append(kReplacement);
    i += st.len;
  }
  return out;
}

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const Step st = decode(utf8, i);
    if (!st.ok) ++width;
    else if (!(st.cp >= 0x0300 && st.cp <= 0x036F)) width += is_wide(st.cp) ? 2 : 1;
    i += st.len;
  }
  return width;
}

std::string html_escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace jxc::text
