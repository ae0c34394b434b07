#include "drivers/rfid/factory.h"

#include "drivers/rfid/reader_link.h"
#include "edge/config/config.h"

namespace jxc::llrp {

Result<std::vector<std::unique_ptr<devices::Device>>> make_llrp_readers(devices::DeviceContext& ctx,
                                                                        rfid::ReadSink& sink) {
  std::vector<std::unique_ptr<devices::Device>> out;
  for (const auto& r : ctx.config.rfid.readers) {
    ReaderOptions o;
    o.id = r.id;
    o.host = r.host;
    o.port = static_cast<std::uint16_t>(r.port);
    for (auto a : r.antennas) o.antennas.push_back(static_cast<std::uint16_t>(a));
    o.tx_power_dbm = r.tx_power_dbm;
    if (o.tx_power_dbm.size() > 1 && o.tx_power_dbm.size() != o.antennas.size())
      return error(Errc::config, "rfid reader " + r.id + ": tx_power_dbm needs one value or one per antenna");
    o.keepalive_ms = static_cast<std::uint32_t>(r.keepalive_ms);
    o.gpi_start = r.start_trigger == "gpi";
    o.gpi_port = static_cast<std::uint16_t>(r.gpi_port);
    o.stop = r.stop_trigger == "duration"      ? InventoryStop::duration
             : r.stop_trigger == "no_new_tags" ? InventoryStop::no_new_tags
                                               : InventoryStop::gpi;
    o.inventory_ms = static_cast<std::uint32_t>(r.inventory_ms);
    o.no_new_tags_ms = static_cast<std::uint16_t>(r.no_new_tags_ms);
    o.reset_on_connect = r.reset_on_connect;
    // The light beams of the doors this reader's inputs serve.
    for (const auto& d : ctx.config.portal.doors)
      if (d.gpi_port > 0 && (d.gpi_reader.empty() ? d.reader : d.gpi_reader) == r.id)
        o.gpi_ports.push_back(static_cast<std::uint16_t>(d.gpi_port));
    o.reconnect_min = std::chrono::milliseconds(r.reconnect_min_ms);
    o.reconnect_max = std::chrono::milliseconds(r.reconnect_max_ms);
    o.max_frame_bytes = static_cast<std::size_t>(r.max_frame_bytes);
    out.push_back(std::make_unique<ReaderLink>(std::move(o), ctx.health, sink, ctx.clock));
  }
  return out;
}

}  // namespace jxc::llrp
