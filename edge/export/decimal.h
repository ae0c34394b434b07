#pragma once
// An exact decimal number as a report carries it: integer units and a scale,
// the way the ledger keeps quantities and money. Written as text digit by
// digit from the integer, never through a double, so that 0.1 stays 0.1.

#include <cstdint>
#include <string>

namespace jxc::exporting {

/// units x 10^-scale: {12345, 2} is 123.45, {-5, 1} is -0.5, {1, 4} is
/// 0.0001. A quantity carries its item's decimals (0..3), an amount of money
/// the ledger's 4. The scale is normally 0..18 (an int64 has 19 digits); a
/// negative scale multiplies ({5, -2} is 500).
struct Decimal {
  std::int64_t units = 0;
  int scale = 0;
};

/// "123.45", "-0.5", "0.0001", "1.50" ({150, 2}: trailing zeros kept to the
/// scale), "0.00" ({0, 2}), "500" ({5, -2}). Exact for every value; the text
/// grows with the scale.
std::string to_string(Decimal d);

/// The double nearest to the value when |units| < 2^53 and the scale is
/// -22..22 (both factors are then exact and one IEEE division or product
/// rounds once); beyond that within a rounding or two of it.
double to_double(Decimal d);

}  // namespace jxc::exporting
