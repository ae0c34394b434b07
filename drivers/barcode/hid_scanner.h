#pragma once
// A keyboard-wedge (USB HID) scanner read through its Linux event device
// (/dev/input/by-id/...-event-kbd). The device is grabbed exclusively
// (EVIOCGRAB) so scans do not also type into a console or another program;
// key events go through the key-map decoder and the framer, so Enter ends a
// scan and Ctrl+] (or the configured substitute) is GS. A keyboard wedge
// has no way back to the scanner, so there is no ack. Unplugging is noticed
// (ENODEV) and the path is tried again until the scanner returns; a scan
// cut off by it is dropped and named in the offline report. The path may
// also be a FIFO of recorded `input_event` records (nothing to grab). An
// exception from the sink (or the loop) releases the device, is logged and
// reported offline with its reason, and it is opened again after a back-off.

#include <chrono>

#include "drivers/barcode/framer.h"
#include "drivers/barcode/scanner_device.h"
#include "edge/devices/device.h"
#include "drivers/barcode/worker_thread.h"
#include "edge/devices/restart.h"

namespace jxc::barcode {

struct HidScannerOptions {
  std::string id;
  std::string path;
  FramerOptions framing;  // suffix "" = Enter
  std::chrono::milliseconds retry{500};
  /// Delays before the read loop runs again after an exception (e.g. from the sink).
  devices::RestartPolicy restart;
};

class HidScanner final : public devices::Device {
 public:
  HidScanner(HidScannerOptions opt, devices::HealthSink& health, ScanSink sink);
  ~HidScanner() override;

  const std::string& id() const override { return opt_.id; }
  void start() override;
  void stop() override;

 private:
  void run();
  std::string read_until_gone(int fd);
  void report(devices::DeviceState s, std::string detail);

  HidScannerOptions opt_;
  devices::HealthSink& health_;
  ScanSink sink_;
  devices::Restarter restarter_;
  WorkerThread worker_;  // declared last: stopped (joined) before the rest goes
};

}  // namespace jxc::barcode
