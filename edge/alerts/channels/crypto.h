#pragma once
// The few primitives the channels need for signing (OpenSSL underneath).

#include <string>
#include <string_view>

namespace jxc::alerts::channels {

/// Raw 32-byte HMAC-SHA256 of data under key.
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hex(std::string_view bytes);
std::string base64(std::string_view bytes);
/// Percent-encodes everything but unreserved characters (RFC 3986).
std::string url_encode(std::string_view s);

}  // namespace jxc::alerts::channels
