#pragma once
// One Modbus link (a TCP connection or a serial line) that the bus poller
// drives one request at a time. Two implementations, tcp_link.cpp and
// rtu_link.cpp, over libmodbus; no libmodbus type appears here. The poller's
// unit test drives it through a scripted Link (bus_poller_test.cpp).
//
// Not thread-safe: owned and used by one poller thread.

#include <cstdint>
#include <memory>
#include <string>

#include "drivers/scale/register_map.h"
#include "edge/common/status.h"
#include "edge/config/scale.h"

namespace jxc::scale {

class Link {
 public:
  virtual ~Link() = default;
  /// "tcp 127.0.0.1:502", "rtu /dev/ttyUSB0 19200 8E1", for health details.
  virtual const std::string& describe() const = 0;
  /// Connects or opens the serial device. Errc::unavailable when it cannot
  /// (refused, no such device: an unplugged adapter).
  virtual Status open() = 0;
  virtual void close() = 0;
  virtual bool is_open() const = 0;
  /// Reads `count` registers from `slave` into `out`. Errors:
  ///  Errc::io           the slave did not answer well (timeout, CRC):
  ///                     the link itself is fine;
  ///  Errc::invalid_argument  the slave answered with a Modbus exception
  ///                     (its code in the reason): it is there and refuses
  ///                     the request, which asking again will not change;
  ///  Errc::unavailable  the link is lost (connection reset, device gone):
  ///                     the caller closes and reopens it.
  virtual Status read(int slave, RegisterKind kind, int address, int count, std::uint16_t* out) = 0;
};

std::unique_ptr<Link> make_tcp_link(const config::ScaleBus& bus);
std::unique_ptr<Link> make_rtu_link(const config::ScaleBus& bus);
/// By the bus's transport.
std::unique_ptr<Link> make_link(const config::ScaleBus& bus);

}  // namespace jxc::scale
