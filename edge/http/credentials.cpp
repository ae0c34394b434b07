#include "edge/http/credentials.h"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace jxc::http {
namespace {

void init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  });
}

// Argon2id at OWASP's recommended minimum (19 MiB, 2 passes): a login costs
// tens of milliseconds and keeps the daemon within its memory footprint
// (libsodium's interactive setting takes 64 MiB per login in progress), and
// guessing offline costs the same per guess. A stored hash carries its own
// parameters, so hashes made with other settings still verify.
constexpr unsigned long long kOps = 2;
constexpr std::size_t kMem = 19u * 1024 * 1024;

}  // namespace

std::string password_problem(std::string_view password) {
  if (password.size() < kMinPassword)
    return "a password needs at least " + std::to_string(kMinPassword) + " bytes";
  if (password.size() > kMaxPassword)
    return "a password may have at most " + std::to_string(kMaxPassword) + " bytes";
  return {};
}

Result<std::string> hash_password(std::string_view password) {
  init();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOps, kMem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return error(Errc::internal, "not enough memory to hash a password");
  return std::string(out);
}

bool verify_password(std::string_view password, const std::string& encoded) {
  init();
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

void verify_against_nothing(std::string_view password) {
  static const std::string dummy = [] {
    auto h = hash_password("not a password anyone has");
    return h.is_ok() ? *h : std::string();
  }();
  (void)verify_password(password, dummy);
}

std::string random_text(std::size_t bytes) {
  init();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string new_api_token() { return "jxc_" + random_text(32); }

std::string token_hash(std::string_view token) {
  init();
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  char hex[sizeof h * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

bool equal_secrets(std::string_view a, std::string_view b) {
  init();
  return a.size() == b.size() &&
         sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace jxc::http
