#include "drivers/scale/register_map.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "edge/weight/grams_precision.h"

namespace jxc::scale {
namespace {

std::uint16_t swap_bytes(std::uint16_t v) { return static_cast<std::uint16_t>((v << 8) | (v >> 8)); }

double pow10(int d) {
  double p = 1;
  for (int i = 0; i < d; ++i) p *= 10;
  return p;
}

bool bit_set(std::uint16_t word, int bit) { return bit >= 0 && ((word >> bit) & 1u) != 0; }

}  // namespace

double resolution_g(const RegisterMap& map) {
  return map.type == ValueType::float32 ? 0 : map.scale / pow10(map.decimals);
}

int RegisterMap::weight_registers() const {
  return (type == ValueType::int16 || type == ValueType::uint16) ? 1 : 2;
}

int RegisterMap::first_offset() const {
  if (separate) return weight_offset;
  return status_offset >= 0 ? std::min(weight_offset, status_offset) : weight_offset;
}

int RegisterMap::span() const {
  if (separate) return weight_registers() + (status_offset >= 0 ? 1 : 0);
  int end = weight_offset + weight_registers();
  if (status_offset >= 0) end = std::max(end, status_offset + 1);
  return end - first_offset();
}

int RegisterMap::weight_address(int base, int channel) const {
  return base + weight_offset + channel * (separate ? weight_stride : channel_stride);
}

int RegisterMap::status_address(int base, int channel) const {
  if (status_offset < 0) return -1;
  return base + status_offset + channel * (separate ? status_stride : channel_stride);
}

namespace {
// Where decode() finds the weight's k-th register and the status register.
std::size_t weight_index(const RegisterMap& map, int k) {
  return static_cast<std::size_t>(map.separate ? k : map.weight_offset + k - map.first_offset());
}
std::size_t status_index(const RegisterMap& map) {
  return static_cast<std::size_t>(map.separate ? map.weight_registers() : map.status_offset - map.first_offset());
}
}  // namespace

Result<RegisterMap> map_from_config(const config::ScaleModel& m) {
  RegisterMap out;
  out.kind = m.registers == "input" ? RegisterKind::input : RegisterKind::holding;
  out.weight_offset = static_cast<int>(m.weight_offset);
  if (m.type == "int16") out.type = ValueType::int16;
  else if (m.type == "uint16") out.type = ValueType::uint16;
  else if (m.type == "int32") out.type = ValueType::int32;
  else if (m.type == "uint32") out.type = ValueType::uint32;
  else if (m.type == "float32") out.type = ValueType::float32;
  else return error(Errc::invalid_argument, "model " + m.id + ": unknown type \"" + m.type + "\"");
  if (auto problems = config::check_scale_model(m); !problems.empty())
    return error(Errc::invalid_argument, "model " + m.id + ": " + problems.front().key + ": " + problems.front().message);
  out.byte_swap = m.byte_order == "little";
  out.word_swap = m.word_order == "little";
  out.scale = m.scale;
  out.decimals = static_cast<int>(m.decimals);
  out.status_offset = static_cast<int>(m.status_offset);
  out.stable_bit = static_cast<int>(m.stable_bit);
  out.stable_when_set = m.stable_when_set;
  out.overload_bit = static_cast<int>(m.overload_bit);
  out.underload_bit = static_cast<int>(m.underload_bit);
  out.tare_done_bit = static_cast<int>(m.tare_done_bit);
  out.channel_stride = static_cast<int>(m.channel_stride);
  out.separate = m.separate_blocks();
  out.weight_stride = static_cast<int>(std::max<std::int64_t>(m.weight_stride, 0));
  out.status_stride = static_cast<int>(std::max<std::int64_t>(m.status_stride, 0));
  return out;
}

Result<Reading> decode(const RegisterMap& map, std::span<const std::uint16_t> regs) {
  if (regs.size() < static_cast<std::size_t>(map.span()))
    return error(Errc::invalid_argument, "expected " + std::to_string(map.span()) +
                                             " registers, got " + std::to_string(regs.size()));
  auto reg = [&](std::size_t index) {
    std::uint16_t v = regs[index];
    return map.byte_swap ? swap_bytes(v) : v;
  };
  double raw = 0;
  switch (map.type) {
    case ValueType::int16: raw = static_cast<std::int16_t>(reg(weight_index(map, 0))); break;
    case ValueType::uint16: raw = reg(weight_index(map, 0)); break;
    default: {
      std::uint32_t hi = reg(weight_index(map, 0)), lo = reg(weight_index(map, 1));
      if (map.word_swap) std::swap(hi, lo);
      std::uint32_t u = (hi << 16) | lo;
      if (map.type == ValueType::int32) raw = static_cast<std::int32_t>(u);
      else if (map.type == ValueType::uint32) raw = u;
      else {
        float f = std::bit_cast<float>(u);
        if (!std::isfinite(f)) return error(Errc::invalid_argument, "the weight is not a finite number");
        raw = f;
      }
    }
  }
  Reading r;
  r.grams = weight::at_scale_precision(raw * map.scale / pow10(map.decimals), resolution_g(map));
  if (map.status_offset >= 0) {
    std::uint16_t status = reg(status_index(map));
    if (map.stable_bit >= 0) {
      r.has_stable = true;
      r.stable = bit_set(status, map.stable_bit) == map.stable_when_set;
    }
    r.overload = bit_set(status, map.overload_bit);
    r.underload = bit_set(status, map.underload_bit);
    r.tare_done = bit_set(status, map.tare_done_bit);
  }
  return r;
}

void encode(const RegisterMap& map, const Reading& r, std::span<std::uint16_t> regs) {
  if (regs.size() < static_cast<std::size_t>(map.span())) return;
  auto put = [&](std::size_t index, std::uint16_t v) { regs[index] = map.byte_swap ? swap_bytes(v) : v; };
  double raw = r.grams * pow10(map.decimals) / map.scale;
  auto clamp_round = [&](double lo, double hi) { return std::clamp(std::round(raw), lo, hi); };
  switch (map.type) {
    case ValueType::int16:
      put(weight_index(map, 0), static_cast<std::uint16_t>(static_cast<std::int16_t>(clamp_round(-32768, 32767))));
      break;
    case ValueType::uint16:
      put(weight_index(map, 0), static_cast<std::uint16_t>(clamp_round(0, 65535)));
      break;
    default: {
      std::uint32_t u;
      if (map.type == ValueType::int32)
        u = static_cast<std::uint32_t>(static_cast<std::int32_t>(clamp_round(-2147483648.0, 2147483647.0)));
      else if (map.type == ValueType::uint32)
        u = static_cast<std::uint32_t>(clamp_round(0, 4294967295.0));
      else
        u = std::bit_cast<std::uint32_t>(static_cast<float>(raw));
      std::uint16_t hi = static_cast<std::uint16_t>(u >> 16), lo = static_cast<std::uint16_t>(u & 0xFFFF);
      if (map.word_swap) std::swap(hi, lo);
      put(weight_index(map, 0), hi);
      put(weight_index(map, 1), lo);
    }
  }
  if (map.status_offset >= 0) {
    std::uint16_t status = 0;
    auto set = [&](int bit, bool on) {
      if (bit >= 0 && on) status = static_cast<std::uint16_t>(status | (1u << bit));
    };
    set(map.stable_bit, r.stable == map.stable_when_set);
    set(map.overload_bit, r.overload);
    set(map.underload_bit, r.underload);
    set(map.tare_done_bit, r.tare_done);
    put(status_index(map), status);
  }
}

}  // namespace jxc::scale
