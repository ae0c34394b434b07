#pragma once
// The site's own labels: bins, documents (expected receipts, pick lists,
// count sheets) and command labels that steer a scanner's workflow. Each kind
// is a list of patterns with at most one '*' standing for the part that names
// the bin or document ("LOC:*" matches "LOC:A-01" and captures "A-01");
// command labels are exact texts, except the quantity label whose '*' is a
// number. Pure code; the patterns come from [scanners.labels].

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edge/config/scanner.h"

namespace jxc::scan {

// The modes and patterns are the configuration's own plain data.
using Mode = config::ScanMode;
using LabelPatterns = config::LabelPatterns;

std::string_view to_string(Mode m);
bool parse_mode(std::string_view s, Mode* out);

/// Why a pattern cannot be used, or nothing: empty, more than one '*', or
/// nothing but '*' (it would swallow every scan).
std::optional<std::string> check_pattern(std::string_view pattern);

/// True when `text` matches; `capture` gets what '*' stood for (the whole
/// text for a pattern without '*').
bool match_pattern(std::string_view pattern, std::string_view text, std::string* capture);

struct Label {
  enum class Kind { none, mode, undo, finish, quantity, bin, receipt, pick_list, count };
  Kind kind = Kind::none;
  Mode mode = Mode::receive;  // Kind::mode
  std::int64_t qty = 0;       // Kind::quantity
  std::string captured;       // bins and documents: the part '*' matched
};

/// What a scan is by the site's patterns; Kind::none for anything else (items).
/// A quantity label whose number is not 1..999999 is Kind::quantity with qty 0.
Label classify(const LabelPatterns& p, std::string_view text);

/// The scan without an AIM symbology identifier ("]C0LOC:A-01" -> "LOC:A-01"),
/// since printed bin labels are read as plain Code 128 with the prefix on.
std::string_view strip_aim(std::string_view scan);

}  // namespace jxc::scan
