#pragma once
// Text from outside the gateway (a reader's error description, a scanner's
// bytes, a CSV file, a downlink message) as the gateway may keep and show it.
// Everything the gateway stores, logs, serialises as JSON or sends in an
// alert is well-formed UTF-8: a JSON library in strict mode refuses anything
// else, and a store full of mojibake cannot be searched or fixed.
//
// Ill-formed bytes are replaced, never dropped, so a person still sees that
// something was there: each maximal ill-formed subpart (the Unicode Standard's
// recommended practice, chapter 3.9, the same count of replacements the WHATWG
// decoder and Python's "replace" give) becomes one U+FFFD.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace jxc::text {

/// U+FFFD REPLACEMENT CHARACTER, UTF-8 encoded.
inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

/// Whether `bytes` is well-formed UTF-8 (RFC 3629): no overlong forms, no
/// surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no sequence cut short.
bool is_valid_utf8(std::string_view bytes);

/// `bytes` as well-formed UTF-8: every code point that is well-formed is kept
/// as it is (control characters included), every maximal ill-formed subpart
/// becomes U+FFFD. For data whose every character matters, such as a scanned
/// barcode with its GS separators.
std::string to_valid_utf8(std::string_view bytes);

/// Whether `c` (a code point) is a control character: C0 (U+0000..U+001F),
/// DEL (U+007F) or C1 (U+0080..U+009F).
bool is_control(char32_t c);

/// The first control character of well-formed UTF-8 `utf8` that is not one
/// of the ASCII characters in `allowed`; nothing when there is none.
std::optional<char32_t> find_control(std::string_view utf8, std::string_view allowed = "\t");

/// One line of text for a person to read, out of any bytes: to_valid_utf8();
/// a line break (LF, CR LF or a lone CR) becomes one space; tab stays; every
/// other control character becomes U+FFFD.
///
/// Why: health details, device and item names end up on an operator's
/// terminal, in the journal, in the retained MQTT status and in alert
/// messages. ESC and the C1 CSI (U+009B) start terminal escape sequences that
/// recolour, hide or rewrite what is on the screen; BS and a lone CR
/// overwrite a line; the journal starts a new entry at every newline, so a
/// device could forge a log line; NUL cuts C strings short. Line breaks
/// become spaces rather than U+FFFD because a reader's multi-line description
/// is still worth reading on one line. Tab is harmless and every writer
/// escapes it.
std::string to_clean_text(std::string_view bytes);

/// Columns `utf8` takes on a terminal or in a spreadsheet: an East Asian
/// wide or fullwidth character (Unicode UAX #11, the common blocks) two, a
/// combining mark (U+0300..U+036F) none, anything else one; an ill-formed
/// part one, as the U+FFFD shown for it. Item names are often Chinese, and
/// a table that counts bytes or code points misaligns them.
std::size_t display_width(std::string_view utf8);

/// Text for an HTML element or a quoted attribute value: & < > " ' as
/// character references (alert e-mails, the alert page).
std::string html_escaped(std::string_view s);

}  // namespace jxc::text
