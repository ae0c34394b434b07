// Modbus TCP: one connection to a transmitter or a serial gateway; the unit
// id of each request selects the slave behind it.
#include "drivers/scale/modbus_session.h"

namespace jxc::scale {

std::unique_ptr<Link> make_tcp_link(const config::ScaleBus& bus) {
  modbus_t* ctx = modbus_new_tcp(bus.host.c_str(), static_cast<int>(bus.port));
  return std::make_unique<ModbusSession>(
      ctx, "tcp " + bus.host + ":" + std::to_string(bus.port), static_cast<int>(bus.timeout_ms));
}

}  // namespace jxc::scale
