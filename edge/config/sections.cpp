#include "edge/config/sections.h"

#include "edge/config/alerts_section.h"

namespace jxc::config::detail {

const std::vector<Section>& sections() {
  // One line per part; its parser lives in edge/config/<part>.cpp.
  static const std::vector<Section> all = {
      alerts_section(),
  };
  return all;
}

}  // namespace jxc::config::detail
