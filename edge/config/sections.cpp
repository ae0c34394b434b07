#include "edge/config/sections.h"

namespace jxc::config::detail {

const std::vector<Section>& sections() {
  // One line per part; its parser lives in edge/config/<part>.cpp.
  static const std::vector<Section> all = {};
  return all;
}

}  // namespace jxc::config::detail
