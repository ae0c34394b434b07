// The list of sections sits here, above the parts, rather than in edge/config:
// each part's parser library (jxc_<part>_config) depends on jxc_config's
// helpers, so jxc_config cannot know the parsers without a cycle, and a
// registry the parsers add themselves to would hang on static initialisers
// that a static library drops when nothing refers to them. edge/service
// already wires every part together; one explicit list keeps the order of
// known_keys() and diff() visible.
#include "edge/service/config_sections.h"

#include "cloud-sync/mqtt_section.h"
#include "edge/alerts/alerts_section.h"
#include "edge/http/http_section.h"
#include "edge/rfid/portal_section.h"
#include "edge/rfid/rfid_section.h"
#include "edge/scan/scanners_section.h"
#include "edge/weight/scales_section.h"

namespace jxc::service {

const config::Sections& config_sections() {
  static const config::Sections all = {
      weight::scales_section(),      // edge/weight
      rfid::rfid_section(),          // edge/rfid
      rfid::portal_section(),        // edge/rfid
      cloud_sync::mqtt_section(),    // cloud-sync
      scan::scanners_section(),      // edge/scan
      alerts::alerts_section(),      // edge/alerts
      http::http_section(),          // edge/http
  };
  return all;
}

}  // namespace jxc::service
