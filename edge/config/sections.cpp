#include "edge/config/sections.h"

namespace jxc::config::detail {

Section scanners_section();  // scanner.cpp

const std::vector<Section>& sections() {
  // One line per part; its parser lives in edge/config/<part>.cpp.
  static const std::vector<Section> all = {
      scanners_section(),
  };
  return all;
}

}  // namespace jxc::config::detail
