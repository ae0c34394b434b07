#pragma once
// Cuts the byte stream of a scanner into scans. Serial scanners and the
// key-map decoder of keyboard-wedge scanners both feed it, so the rules for
// where a scan ends are the same for every kind: CR, LF or CRLF (or a
// configured suffix), a configured GS substitute turned back into GS, control
// characters other than GS dropped (line noise), a scan longer than any
// barcode holds discarded whole rather than cut into pieces that might parse,
// and every scan handed on as well-formed UTF-8 (ill-formed bytes are U+FFFD).
//
// Pure code, one instance per scanner; not thread-safe.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace jxc::barcode {

struct FramerOptions {
  /// What ends a scan; empty means CR or LF (a CRLF pair ends one scan).
  std::string suffix;
  /// Characters the scanner sends in place of GS (FNC1), e.g. "^]" or "~"; empty: none.
  std::string gs_substitute;
  /// Longest scan kept; longer ones are reported as overflow and dropped.
  std::size_t max_scan = 4096;
};

class ScanFramer {
 public:
  /// `on_scan` gets every complete, non-empty scan.
  using ScanFn = std::function<void(std::string scan)>;
  ScanFramer(FramerOptions options, ScanFn on_scan);

  /// Adds bytes as they were read; a scan may span any number of calls.
  void feed(std::string_view bytes);
  /// Drops a partial scan (the port went away mid-scan).
  void reset();

  std::size_t pending() const { return buf_.size(); }
  /// Scans dropped for being longer than max_scan.
  std::size_t overflows() const { return overflows_; }

 private:
  void emit();

  FramerOptions opt_;
  ScanFn on_scan_;
  std::string buf_;
  bool overflowing_ = false;
  std::size_t overflows_ = 0;
};

}  // namespace jxc::barcode
