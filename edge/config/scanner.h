#pragma once
// [scanners]: the barcode scanners this gateway reads and the site's label
// patterns. Parsed by scanner.cpp (listed in sections.cpp).

#include <cstdint>
#include <string>
#include <vector>

#include "edge/scan/labels.h"

namespace jxc::config {

struct ScannerDevice {
  std::string id;
  std::string kind;  // "serial" (USB CDC / Bluetooth SPP cradle) or "hid" (keyboard wedge)
  std::string path;  // /dev/serial/by-id/... or /dev/input/by-id/...-event-kbd
  std::int64_t baud = 9600;
  std::int64_t data_bits = 8;
  std::string parity = "none";  // none, odd, even
  std::int64_t stop_bits = 1;
  std::string suffix;         // what ends a scan; "" = CR or LF
  std::string gs_substitute;  // what the scanner sends for GS; "" = GS itself
  scan::Mode mode = scan::Mode::receive;
  std::string user;  // who the scans are recorded for; "" = the id
  std::string ack;   // serial only: bytes sent back after an accepted scan (beep/LED command)
  std::string nak;   // serial only: bytes sent back after a rejected scan
  bool operator==(const ScannerDevice&) const = default;
};

struct Scanners {
  std::vector<ScannerDevice> devices;
  scan::LabelPatterns labels;
  bool operator==(const Scanners&) const = default;
};

/// One [scanners] key's effective value as TOML would show it, for diff();
/// a devices[] key lists that field of every device: ["dock-1", "dock-2"].
std::string scanner_key_text(const Scanners& s, const std::string& key);

}  // namespace jxc::config
