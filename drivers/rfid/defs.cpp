#include "drivers/rfid/defs.h"

#include <algorithm>

namespace jxc::llrp {

namespace {
template <typename Def>
const Def* find(std::span<const Def> defs, std::uint16_t type) {
  auto it = std::lower_bound(defs.begin(), defs.end(), type,
                             [](const Def& d, std::uint16_t t) { return d.type < t; });
  return it != defs.end() && it->type == type ? &*it : nullptr;
}
}  // namespace

const MessageDef* find_message(std::uint16_t type) { return find(message_defs(), type); }
const ParamDef* find_param(std::uint16_t type) { return find(param_defs(), type); }

std::string_view enum_name(const FieldDef& f, std::uint32_t value) {
  for (std::size_t i = 0; i < f.enumeration_size; ++i)
    if (f.enumeration[i].value == value) return f.enumeration[i].name;
  return {};
}

}  // namespace jxc::llrp
