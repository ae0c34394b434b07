// Lookups over the [scales] data and the register layouts shipped with the
// gateway; the section's parser is edge/weight/scales_section.cpp.
#include "edge/config/scale.h"

#include <algorithm>
#include <utility>

namespace jxc::config {

const ScaleModel* Scales::find_model(const std::string& id) const {
  for (const auto& m : models)
    if (m.id == id) return &m;
  for (const auto& m : shipped_scale_models())
    if (m.id == id) return &m;
  return nullptr;
}

const ScaleBus* Scales::find_bus(const std::string& id) const {
  for (const auto& b : buses)
    if (b.id == id) return &b;
  return nullptr;
}

std::vector<ModelProblem> check_scale_model(const ScaleModel& m) {
  std::vector<ModelProblem> out;
  auto bad = [&](std::string key, std::string message) { out.push_back({std::move(key), std::move(message)}); };
  const std::int64_t wn = m.weight_registers();
  const std::int64_t weight_end = m.weight_offset + wn;
  const bool has_bit = m.stable_bit >= 0 || m.overload_bit >= 0 || m.underload_bit >= 0 || m.tare_done_bit >= 0;
  if (has_bit && m.status_offset < 0)
    bad("status_offset", "status bits are given but no status_offset says where the status register is");
  // One bit, one meaning: a bit that says "stable" cannot also say "overload".
  const std::pair<const char*, std::int64_t> bits[] = {{"stable_bit", m.stable_bit},
                                                       {"overload_bit", m.overload_bit},
                                                       {"underload_bit", m.underload_bit},
                                                       {"tare_done_bit", m.tare_done_bit}};
  for (std::size_t i = 0; i < std::size(bits); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (bits[i].second >= 0 && bits[i].second == bits[k].second)
        bad(bits[i].first, "bit " + std::to_string(bits[i].second) + " is already " + bits[k].first +
                               "; one status bit cannot have two meanings");
  if (m.separate_blocks()) {
    if (m.channel_stride != 0)
      bad("channel_stride", "give channel_stride (weight and status in one block per channel) or weight_stride "
                            "and status_stride (a block of weights and a block of status words), not both");
    if (m.weight_stride >= 0 && m.weight_stride != 0 && m.weight_stride < wn)
      bad("weight_stride", "weight_stride " + std::to_string(m.weight_stride) + " is shorter than one weight (" +
                               std::to_string(wn) + " registers)");
    if (m.status_offset >= 0 && m.status_offset < weight_end && m.status_offset >= m.weight_offset)
      bad("status_offset", "the status register overlaps the weight registers");
    return out;
  }
  if (m.status_offset >= m.weight_offset && m.status_offset < weight_end)
    bad("status_offset", "the status register overlaps the weight registers");
  const std::int64_t first = m.status_offset >= 0 ? std::min(m.weight_offset, m.status_offset) : m.weight_offset;
  const std::int64_t end = m.status_offset >= 0 ? std::max(weight_end, m.status_offset + 1) : weight_end;
  // A channel is read with one request, and Modbus reads at most 125
  // registers at a time: a wider channel could never be read.
  if (end - first > kMaxRegistersPerModbusRead)
    bad("status_offset", "the weight (offset " + std::to_string(m.weight_offset) + ") and the status register (offset " +
                             std::to_string(m.status_offset) + ") span " + std::to_string(end - first) +
                             " registers; one Modbus read holds at most " +
                             std::to_string(kMaxRegistersPerModbusRead) +
                             " (give the weights and the status words their own blocks with weight_stride and "
                             "status_stride)");
  if (m.channel_stride != 0 && m.channel_stride < end)
    bad("channel_stride", "channel_stride " + std::to_string(m.channel_stride) +
                              " is shorter than one channel's registers (" + std::to_string(end) +
                              " from the channel base); for weights and status words in blocks of their own "
                              "give weight_stride and status_stride instead");
  return out;
}

const std::vector<ScaleModel>& shipped_scale_models() {
  static const std::vector<ScaleModel> all = [] {
    // Tuna ID551PN weighing controller, "MODBUS-RTU2 / MODBUS-TCP2" layout:
    // per scale six holding registers from 40001 (protocol address 0):
    // float display weight in kg (2 registers), float gross weight, a status
    // word whose bit 9 is "under zero", bit 10 "over capacity" and bit 12
    // "motion", and a command word.
    ScaleModel id551;
    id551.id = "tuna-id551";
    id551.registers = "holding";
    id551.weight_offset = 0;
    id551.type = "float32";
    id551.scale = 1000;  // kg -> g
    id551.status_offset = 4;
    id551.stable_bit = 12;
    id551.stable_when_set = false;
    id551.underload_bit = 9;
    id551.overload_bit = 10;
    id551.channel_stride = 6;
    return std::vector<ScaleModel>{id551};
  }();
  return all;
}

}  // namespace jxc::config
