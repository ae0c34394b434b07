#include "drivers/rfid/reader_settings.h"

#include <algorithm>
#include <cstdio>

#include <spdlog/spdlog.h>

namespace jxc::llrp {
namespace {

std::string dbm_text(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

Status power_settings(const ReaderOptions& opt, const Capabilities& caps, ReaderSettings& out) {
  const auto& dbm = opt.tx_power_dbm;
  if (dbm.empty()) return Status::ok();
  std::vector<std::uint16_t> ants = opt.antennas;
  if (ants.empty())
    for (std::uint16_t a = 1; a <= caps.max_antennas; ++a) ants.push_back(a);
  for (std::size_t i = 0; i < ants.size(); ++i) {
    const double want = dbm.size() == 1 ? dbm[0] : dbm.at(i);
    auto idx = caps.power_index(want);
    if (!idx) return error(Errc::invalid_argument, "reader reports no transmit power table");
    const double got = caps.power_dbm(*idx).value_or(want);
    spdlog::info("rfid {}: antenna {} at {} dBm: power index {} ({} dBm)", opt.id, ants[i], dbm_text(want), *idx,
                 dbm_text(got));
    if (got > want)
      out.warnings.push_back("antenna " + std::to_string(ants[i]) + ": tx_power_dbm " + dbm_text(want) +
                             " dBm is below the reader's lowest step (" + dbm_text(got) + " dBm); it transmits at " +
                             dbm_text(got) + " dBm");
    out.config.power.push_back({ants[i], *idx});
  }
  return Status::ok();
}

void gpi_settings(const ReaderOptions& opt, const Capabilities& caps, ReaderSettings& out) {
  std::vector<std::uint16_t> ports = opt.gpi_ports;
  if (opt.gpi_start) ports.insert(ports.begin(), opt.gpi_port);
  auto& enabled = out.config.enable_gpi_ports;
  for (std::uint16_t p : ports) {
    if (std::find(enabled.begin(), enabled.end(), p) != enabled.end()) continue;
    if (p == 0 || p > caps.gpi_count) {
      const bool start = opt.gpi_start && p == opt.gpi_port;
      out.warnings.push_back("GPI port " + std::to_string(p) +
                             (start ? " (the start trigger)" : " (a door's light beam)") +
                             " cannot work: the reader has " + std::to_string(caps.gpi_count) + " GPI ports");
      continue;
    }
    enabled.push_back(p);
  }
}

}  // namespace

Result<ReaderSettings> settings_for(const ReaderOptions& opt, const Capabilities& caps) {
  ReaderSettings s;
  s.config.reset_to_factory = opt.reset_on_connect;
  s.config.keepalive_ms = opt.keepalive_ms;
  JXC_TRY(power_settings(opt, caps, s));
  gpi_settings(opt, caps, s);

  RoSpecOptions& ro = s.rospec;
  ro.rospec_id = 1;
  ro.antennas = opt.antennas;
  ro.gpi_start = opt.gpi_start;
  ro.gpi_port = opt.gpi_port;
  switch (opt.stop) {
    case InventoryStop::gpi: ro.stop = RoSpecOptions::Stop::gpi_falling; break;
    case InventoryStop::duration: ro.stop = RoSpecOptions::Stop::duration; break;
    case InventoryStop::no_new_tags: ro.stop = RoSpecOptions::Stop::no_new_tags; break;
  }
  ro.inventory_ms = opt.inventory_ms;
  ro.no_new_tags_ms = opt.no_new_tags_ms;
  return s;
}

}  // namespace jxc::llrp
