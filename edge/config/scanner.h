#pragma once
// [scanners]: the barcode scanners this gateway reads and the site's label
// patterns. Parsed by edge/scan/scanners_section.cpp.
//
// ScanMode and LabelPatterns are plain data the file names; edge/scan works
// with them as scan::Mode and scan::LabelPatterns (edge/scan/labels.h).

#include <cstdint>
#include <string>
#include <vector>

namespace jxc::config {

/// The workflow a scanner starts in, and the one a mode label switches to.
enum class ScanMode { receive, pick, move, count };

/// The site's own labels ([scanners.labels]). Each kind is a list of patterns
/// with at most one '*' standing for the part that names the bin or document
/// ("LOC:*" matches "LOC:A-01"); command labels are exact texts, except the
/// quantity label whose '*' is a number.
struct LabelPatterns {
  std::vector<std::string> bin = {"LOC:*"};
  std::vector<std::string> receipt = {"PO-*", "ASN-*"};  // expected receipts
  std::vector<std::string> pick_list = {"PL-*"};
  std::vector<std::string> count = {"CNT-*"};  // count sessions
  std::string mode_receive = "%RECEIVE";
  std::string mode_pick = "%PICK";
  std::string mode_move = "%MOVE";
  std::string mode_count = "%COUNT";
  std::string undo = "%UNDO";
  std::string finish = "%FINISH";
  std::string quantity = "%QTY:*";  // sets the quantity of the next item scan
  bool operator==(const LabelPatterns&) const = default;
};

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
  ScanMode mode = ScanMode::receive;
  std::string user;  // who the scans are recorded for; "" = the id
  std::string ack;   // serial only: bytes sent back after an accepted scan (beep/LED command)
  std::string nak;   // serial only: bytes sent back after a rejected scan
  // What its receipts record of inspection: "none", "accepted", or
  // "quarantine" (received goods go to the warehouse's quarantine bin).
  std::string receipt_inspection = "none";
  bool operator==(const ScannerDevice&) const = default;
};

struct Scanners {
  std::vector<ScannerDevice> devices;
  LabelPatterns labels;
  bool operator==(const Scanners&) const = default;
};

}  // namespace jxc::config
