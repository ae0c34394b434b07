#pragma once
// Grams at the precision the transmitter has. An integer register resolves a
// fixed step (scale / 10^decimals: 0.1 g for a model with one decimal); a
// float32 register carries about seven significant digits, so a reading of
// 1.71 kg arrives as 1710.0000381469727 g. Rounded values are the doubles
// nearest their decimals, so they print as the transmitter's own display
// would ("1710", "0.3").

namespace jxc::weight {

/// `grams` rounded to a multiple of `resolution_g`, or to seven significant
/// digits when `resolution_g` is 0 (a float register).
double at_scale_precision(double grams, double resolution_g);

}  // namespace jxc::weight
