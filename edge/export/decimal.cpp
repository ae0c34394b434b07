#include "edge/export/decimal.h"

#include <cmath>

namespace jxc::exporting {

std::string to_string(Decimal d) {
  // The magnitude as unsigned, so that the most negative value prints too.
  const bool negative = d.units < 0;
  const std::uint64_t mag = negative ? 0 - static_cast<std::uint64_t>(d.units) : static_cast<std::uint64_t>(d.units);
  std::string digits = std::to_string(mag);
  if (d.scale <= 0) {
    // int64 arithmetic: -INT_MIN does not fit an int.
    if (mag != 0) digits.append(static_cast<std::size_t>(-static_cast<std::int64_t>(d.scale)), '0');
  } else {
    const auto scale = static_cast<std::size_t>(d.scale);
    if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

double to_double(Decimal d) {
  // Powers of ten up to 10^22 are exact doubles.
  static constexpr double kExact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const auto units = static_cast<double>(d.units);
  const std::int64_t s = d.scale;
  const std::int64_t mag = s < 0 ? -s : s;
  const double factor = mag <= 22 ? kExact[mag] : std::pow(10.0, static_cast<double>(mag));
  return s >= 0 ? units / factor : units * factor;
}

}  // namespace jxc::exporting
