#include "edge/identifiers/check_digit.h"

namespace jxc::identifiers {

int gs1_check_digit(std::string_view body) {
  // Weights 3,1,3,1... from the rightmost digit of the body.
  int sum = 0;
  int weight = 3;
  for (auto it = body.rbegin(); it != body.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = weight == 3 ? 1 : 3;
  }
  return (10 - sum % 10) % 10;
}

bool gs1_check_digit_ok(std::string_view key) {
  if (key.size() < 2) return false;
  for (char c : key)
    if (c < '0' || c > '9') return false;
  return gs1_check_digit(key.substr(0, key.size() - 1)) == key.back() - '0';
}

std::optional<std::string> normalize_gtin(std::string_view text) {
  if (text.size() != 8 && text.size() != 12 && text.size() != 13 && text.size() != 14)
    return std::nullopt;
  if (!gs1_check_digit_ok(text)) return std::nullopt;
  return std::string(14 - text.size(), '0') + std::string(text);
}

std::optional<std::string> sscc_problem(std::string_view text) {
  if (text.size() != 18 || text.find_first_not_of("0123456789") != std::string_view::npos)
    return "must be 18 digits";
  const int want = gs1_check_digit(text.substr(0, 17));
  if (text.back() - '0' != want)
    return "check digit " + std::string(1, text.back()) + " should be " + std::to_string(want);
  return std::nullopt;
}

}  // namespace jxc::identifiers
