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

}  // namespace jxc::identifiers
