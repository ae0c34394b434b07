#include "edge/config/sections.h"

#include "edge/config/scale_section.h"
#include "edge/config/rfid_section.h"
#include "edge/config/portal_section.h"
#include "edge/config/mqtt_section.h"
#include "edge/config/alerts_section.h"

namespace jxc::config::detail {

Section scanners_section();  // scanner.cpp

const std::vector<Section>& sections() {
  // One line per part; its parser lives in edge/config/<part>.cpp.
  static const std::vector<Section> all = {
      scale_section(),
      rfid_section(),
      portal_section(),
      mqtt_section(),
      scanners_section(),
      alerts_section(),
  };
  return all;
}

}  // namespace jxc::config::detail
