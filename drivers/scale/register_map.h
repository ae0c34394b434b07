#pragma once
// A transmitter's register layout and the pure decoding of one channel's
// registers into a weight and status bits (and the encoding the simulator
// uses). No I/O here: registers in, value or error out.
//
// Registers are 16-bit values as Modbus delivers them (the wire is big-endian,
// so register = first byte << 8 | second byte). A device that sends the low
// byte first has byte_order "little"; one that sends the low word of a 32-bit
// value first has word_order "little".

#include <cstdint>
#include <span>
#include <string>

#include "edge/common/status.h"
#include "edge/config/scale.h"

namespace jxc::scale {

enum class RegisterKind { holding, input };
enum class ValueType { int16, uint16, int32, uint32, float32 };

struct RegisterMap {
  RegisterKind kind = RegisterKind::holding;
  int weight_offset = 0;
  ValueType type = ValueType::int32;
  bool byte_swap = false;  // byte_order "little"
  bool word_swap = false;  // word_order "little"
  double scale = 1;        // grams = raw * scale / 10^decimals
  int decimals = 0;
  int status_offset = -1;  // -1: no status register
  int stable_bit = -1;
  bool stable_when_set = true;
  int overload_bit = -1, underload_bit = -1, tare_done_bit = -1;
  int channel_stride = 0;
  // Weights and status words in blocks of their own, each with its stride.
  bool separate = false;
  int weight_stride = 0, status_stride = 0;

  /// Registers the weight takes (1 or 2).
  int weight_registers() const;
  /// The registers decode() takes: one channel's, relative to its base,
  /// [first, first + span); for separate blocks the weight's registers
  /// followed by the status register.
  int first_offset() const;
  int span() const;
  /// Absolute addresses of channel `channel`'s weight and status (-1: none)
  /// for a slot whose channel 0 is at `base`.
  int weight_address(int base, int channel) const;
  int status_address(int base, int channel) const;
};

/// Converts a config model; fails on a layout that cannot be read (e.g. the
/// status register overlapping the weight), by config::check_scale_model,
/// the check the configuration's parser runs too.
Result<RegisterMap> map_from_config(const config::ScaleModel& m);

struct Reading {
  double grams = 0;
  bool has_stable = false;  // the model reports stability
  bool stable = false;
  bool overload = false;
  bool underload = false;
  bool tare_done = false;
};

/// The step an integer register resolves in grams (scale / 10^decimals);
/// 0 for a float register, whose precision is its significant digits.
double resolution_g(const RegisterMap& map);

/// Decodes one channel, grams at the layout's precision (grams_precision.h). `regs[i]` is the register at channel offset
/// `map.first_offset() + i`; fewer than map.span() registers is an error, as is
/// a float that is not a finite number.
Result<Reading> decode(const RegisterMap& map, std::span<const std::uint16_t> regs);

/// The inverse of decode() for the simulator and tests: writes `r` into
/// `regs` (laid out as decode() reads them). Weights beyond the type's range
/// are clamped.
void encode(const RegisterMap& map, const Reading& r, std::span<std::uint16_t> regs);

}  // namespace jxc::scale
