#include "edge/weight/grams_precision.h"

#include <algorithm>
#include <cmath>

namespace jxc::weight {
namespace {

// Rounds to `d` decimals through an exact power of ten, so that the result is
// the double nearest the decimal value.
double round_to_decimals(double v, int d) {
  const double p = std::pow(10.0, d);
  return std::round(v * p) / p;
}

}  // namespace

double at_scale_precision(double grams, double resolution_g) {
  if (!std::isfinite(grams) || grams == 0) return grams;
  if (resolution_g > 0) {
    // The decimals the step itself has (0.25 g: two), at most six.
    int d = 0;
    while (d < 6 && std::fabs(resolution_g * std::pow(10.0, d) - std::round(resolution_g * std::pow(10.0, d))) > 1e-9)
      ++d;
    return round_to_decimals(std::round(grams / resolution_g) * resolution_g, d);
  }
  const int integer_digits = static_cast<int>(std::floor(std::log10(std::fabs(grams)))) + 1;
  return round_to_decimals(grams, std::clamp(7 - integer_digits, 0, 6));
}

}  // namespace jxc::weight
