#pragma once
// A decoded LLRP message as JSON for people reading captures
// (`jxc-edge tools llrp-decode`): message name and number, id, every field
// and parameter by name; EPCs and other hex-formatted fields as hex strings.

#include <nlohmann/json.hpp>

#include "drivers/rfid/message.h"

namespace jxc::llrp {

nlohmann::json to_json(const Message& m);

/// Decodes hex text (whitespace and ':' ignored) into bytes; an odd count or
/// a non-hex character is an error naming its position.
Result<std::vector<std::uint8_t>> parse_hex(std::string_view text);

/// Decodes every frame in `bytes` into a JSON array; stops at the first fault.
Result<nlohmann::json> decode_to_json(std::span<const std::uint8_t> bytes, std::size_t max_frame = kDefaultMaxFrame);

}  // namespace jxc::llrp
