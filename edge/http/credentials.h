#pragma once
// Secrets of the local API, made and checked with libsodium (included by
// credentials.cpp alone): passwords hashed with Argon2id, API tokens and
// session ids drawn from the system's random source, tokens stored as their
// BLAKE2b hash. Thread-safe.

#include <string>
#include <string_view>

#include "edge/common/status.h"

namespace jxc::http {

/// The smallest and largest password accepted, in bytes.
inline constexpr std::size_t kMinPassword = 8;
inline constexpr std::size_t kMaxPassword = 1024;

/// Why `password` is not acceptable, or "" when it is.
std::string password_problem(std::string_view password);

/// libsodium's encoded Argon2id string (algorithm, parameters, salt, hash).
/// Errc::internal when there is not enough memory to hash.
Result<std::string> hash_password(std::string_view password);
/// True when `password` matches `encoded` (constant time in the password).
bool verify_password(std::string_view password, const std::string& encoded);
/// Spends the time a verification against a real hash takes, so that an
/// unknown user name answers no faster than a wrong password.
void verify_against_nothing(std::string_view password);

/// `bytes` random bytes as URL-safe base64 without padding.
std::string random_text(std::size_t bytes);
/// A new API token: "jxc_" and 32 random bytes.
std::string new_api_token();
/// The hash a token is stored and looked up by (hex BLAKE2b-256).
std::string token_hash(std::string_view token);
/// Compares in time independent of where they differ.
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace jxc::http
