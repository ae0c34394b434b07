#pragma once
// GS1 mod-10 check digits, shared by GTIN, SSCC and GLN handling.

#include <optional>
#include <string>
#include <string_view>

namespace jxc::identifiers {

/// The check digit that completes `body` (digits only, any length).
int gs1_check_digit(std::string_view body);
/// True when `key` is all digits and its last digit is the GS1 check digit.
bool gs1_check_digit_ok(std::string_view key);
/// A GTIN-8/12/13/14 as 14 digits with leading zeros, or nothing when the text
/// is not a GTIN with a valid check digit.
std::optional<std::string> normalize_gtin(std::string_view text);
/// What is wrong with `text` as an SSCC (18 digits, the last the GS1 check
/// digit): "must be 18 digits" or "check digit 5 should be 7"; nothing when
/// it is one.
std::optional<std::string> sscc_problem(std::string_view text);

}  // namespace jxc::identifiers
