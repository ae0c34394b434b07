// Lookups over the [scales] data and the register layouts shipped with the
// gateway; the section's parser is edge/weight/scales_section.cpp.
#include "edge/config/scale.h"

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
