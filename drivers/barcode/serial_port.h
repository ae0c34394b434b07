#pragma once
// Opens a serial scanner's port with its framing. The configured path may be a
// stable symlink (/dev/serial/by-id/...); it is resolved at every open, so a
// scanner that comes back as another ttyUSB number is found again.
//
// Ports the kernel describes in sysfs (USB CDC/ACM, USB serial, Bluetooth
// rfcomm, UARTs) are opened and configured through libserialport. Pseudo-
// terminals have no sysfs entry, which libserialport 0.1.1 refuses, so they
// are opened with termios directly (the same settings): that is how a
// simulator or a socat bridge stands in for a cradle.

#include <memory>
#include <string>

#include "edge/common/status.h"

struct sp_port;

namespace jxc::barcode {

struct SerialSettings {
  int baud = 9600;
  int data_bits = 8;
  char parity = 'N';  // 'N', 'O' or 'E'
  int stop_bits = 1;
};

class SerialPort {
 public:
  /// Errc::io when the path does not exist (yet) or cannot be opened.
  static Result<std::unique_ptr<SerialPort>> open(const std::string& path, const SerialSettings& s);
  ~SerialPort();
  SerialPort(const SerialPort&) = delete;
  SerialPort& operator=(const SerialPort&) = delete;

  /// Non-blocking descriptor for poll/read/write.
  int fd() const { return fd_; }
  /// The device behind the configured path, e.g. /dev/ttyUSB1.
  const std::string& device() const { return device_; }
  /// "libserialport" or "termios".
  const char* via() const { return port_ ? "libserialport" : "termios"; }

 private:
  SerialPort() = default;
  sp_port* port_ = nullptr;
  int fd_ = -1;
  std::string device_;
};

}  // namespace jxc::barcode
