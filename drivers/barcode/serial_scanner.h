#pragma once
// A scanner behind a serial port (USB CDC cradle, Bluetooth SPP): one thread
// per scanner opens the port, feeds what it reads to the framer, hands each
// scan to the sink and writes the configured ack or nak back. When the port
// goes away (unplugged cradle, dropped Bluetooth link) the scanner is
// reported offline and the path is tried again until it returns, under
// whatever tty number its by-id link then points to. An exception from the
// sink (or the loop) closes the port, is logged and reported offline with
// its reason, and the port is opened again after a back-off.

#include <chrono>

#include "drivers/barcode/framer.h"
#include "drivers/barcode/scanner_device.h"
#include "drivers/barcode/serial_port.h"
#include "edge/devices/device.h"
#include "drivers/barcode/worker_thread.h"
#include "edge/devices/restart.h"

namespace jxc::barcode {

struct SerialScannerOptions {
  std::string id;
  std::string path;
  SerialSettings serial;
  FramerOptions framing;
  std::string ack, nak;  // written back after accepted / rejected scans
  std::chrono::milliseconds retry{500};  // between attempts to reopen
  /// Delays before the read loop runs again after an exception (e.g. from the sink).
  devices::RestartPolicy restart;
};

class SerialScanner final : public devices::Device {
 public:
  SerialScanner(SerialScannerOptions opt, devices::HealthSink& health, ScanSink sink);
  ~SerialScanner() override;

  const std::string& id() const override { return opt_.id; }
  void start() override;
  void stop() override;

 private:
  void run();
  /// Reads until the port closes or stop(); returns why it ended.
  std::string read_until_closed(SerialPort& port);
  void report(devices::DeviceState s, std::string detail);

  SerialScannerOptions opt_;
  devices::HealthSink& health_;
  ScanSink sink_;
  devices::Restarter restarter_;
  WorkerThread worker_;  // declared last: stopped (joined) before the rest goes
};

}  // namespace jxc::barcode
