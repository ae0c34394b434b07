#pragma once
// What the scanner drivers share: each scan goes to a sink that answers
// whether it was accepted (for the scanner's ack/nak), and the link's state
// goes to the gateway's health registry.

#include <functional>
#include <string>

namespace jxc::barcode {

/// Processes one complete scan; returns true when it was accepted.
using ScanSink = std::function<bool(const std::string& raw)>;

inline constexpr const char* kHealthKind = "scanner";

}  // namespace jxc::barcode
