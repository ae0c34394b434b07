// Modbus RTU on an RS-485 line through a serial adapter. The device is opened
// afresh on every open(), so an adapter that was unplugged and comes back
// (same path, e.g. a /dev/serial/by-id link) is picked up again.
#include "drivers/scale/modbus_session.h"

namespace jxc::scale {

std::unique_ptr<Link> make_rtu_link(const config::ScaleBus& bus) {
  char parity = bus.parity == "even" ? 'E' : bus.parity == "odd" ? 'O' : 'N';
  modbus_t* ctx = modbus_new_rtu(bus.device.c_str(), static_cast<int>(bus.baud), parity,
                                 static_cast<int>(bus.data_bits), static_cast<int>(bus.stop_bits));
  std::string desc = "rtu " + bus.device + " " + std::to_string(bus.baud) + " " +
                     std::to_string(bus.data_bits) + parity + std::to_string(bus.stop_bits);
  return std::make_unique<ModbusSession>(ctx, std::move(desc), static_cast<int>(bus.timeout_ms));
}

}  // namespace jxc::scale
