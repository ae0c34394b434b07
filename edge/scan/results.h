#pragma once
// What became of every scan: accepted or rejected, why, and the raw bytes as
// they arrived (so a rejected label can be looked at later). The scanner's
// driver turns the verdict into a beep or ack; the last results of each
// scanner stay in memory for the web app's scanner view.
//
// Thread-safety: ScanResultLog may be used from any thread.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "edge/common/clock.h"
#include "edge/scan/labels.h"

namespace jxc::scan {

struct ScanResult {
  std::string scanner;
  std::uint64_t seq = 0;  // per scanner, from 1
  TimeMs at = 0;
  std::string raw;        // exactly what the scanner sent (AIM prefix, GS bytes)
  bool accepted = false;
  Mode mode = Mode::receive;  // the scanner's mode after this scan
  std::string kind;       // "item", "bin", "document", "command", "unknown", "posting"
  std::string message;    // accepted: what happened; rejected: why
  std::string document;   // the document posted or recorded by this scan, if any
  /// Accepted, and its posting waits for the store (booked when it is back;
  /// a result of kind "posting" tells what became of it).
  bool waiting = false;
};

class ScanResultLog {
 public:
  explicit ScanResultLog(std::size_t keep_per_scanner = 100) : keep_(keep_per_scanner) {}

  void add(ScanResult r);
  /// The latest `max` results of one scanner, newest first.
  std::vector<ScanResult> recent(const std::string& scanner, std::size_t max) const;
  /// Every scanner that has results, ordered by id.
  std::vector<std::string> scanners() const;

 private:
  std::size_t keep_;
  mutable std::mutex mu_;
  std::map<std::string, std::deque<ScanResult>> by_scanner_;
};

}  // namespace jxc::scan
