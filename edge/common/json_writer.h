#pragma once
// A small streaming JSON writer for hot paths (the outbox payload of every
// posted document), where building a DOM first costs more than the SQLite
// writes around it. Output is compact RFC 8259 JSON; strings are escaped,
// UTF-8 passes through unchanged. Callers are trusted to nest correctly.
//
// The output buffer is filled through a cursor: every piece makes room once
// and is copied in, instead of a bounds-checked std::string::push_back per
// quote, comma and colon.

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace jxc {

class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  /// The key of the next member of an object.
  JsonWriter& key(std::string_view k) {
    comma();
    quoted(k);
    put(':');
    after_key_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) {
    comma();
    quoted(s);
    return *this;
  }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t v) {
    comma();
    char* at = room(20);  // -9223372036854775808
    len_ = static_cast<std::size_t>(std::to_chars(at, at + 20, v).ptr - out_.data());
    return *this;
  }
  JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(bool v) {
    comma();
    put(v ? std::string_view("true") : std::string_view("false"));
    return *this;
  }
  /// Shorthand for key(k).value(v).
  template <typename T>
  JsonWriter& member(std::string_view k, const T& v) {
    return key(k).value(v);
  }

  /// Room for n bytes up front, so that a document's payload is not copied
  /// over and over as it grows.
  JsonWriter& reserve(std::size_t n) {
    if (out_.size() < n) out_.resize(n);
    return *this;
  }

  std::string_view str() const { return {out_.data(), len_}; }
  std::string take() {
    out_.resize(len_);
    len_ = 0;
    return std::move(out_);
  }

 private:
  JsonWriter& open(char c) {
    comma();
    put(c);
    first_ = true;
    return *this;
  }
  JsonWriter& close(char c) {
    put(c);
    first_ = false;
    return *this;
  }
  // A separator is due before every value or key except the first in its
  // container and a value that follows its key.
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_) put(',');
    first_ = false;
  }

  /// Where the next n bytes go; the buffer grows by doubling.
  char* room(std::size_t n) {
    if (out_.size() - len_ < n) out_.resize(std::max(out_.size() * 2, len_ + n));
    return out_.data() + len_;
  }
  void put(char c) {
    *room(1) = c;
    ++len_;
  }
  void put(std::string_view s) {
    // An empty view may have no data at all, and memcpy from null is
    // undefined even for no bytes.
    if (s.empty()) return;
    std::memcpy(room(s.size()), s.data(), s.size());
    len_ += s.size();
  }

  void quoted(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    const char* p = s.data();
    const std::size_t n = s.size();
    // The worst case, every byte a \u00XX, is made room for once.
    char* o = room(2 + 6 * n);
    *o++ = '"';
    // Runs that need no escape (nearly all text) are copied whole, and
    // found eight bytes at a time.
    std::size_t run = 0;
    for (std::size_t i = 0; i < n;) {
      if (n - i >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        if (!any_escaped(word)) {
          i += 8;
          continue;
        }
      }
      auto c = static_cast<unsigned char>(p[i]);
      ++i;
      if (!kEscaped[c]) continue;
      std::memcpy(o, p + run, i - 1 - run);
      o += i - 1 - run;
      run = i;
      *o++ = '\\';
      switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        default:
          *o++ = 'u';
          *o++ = '0';
          *o++ = '0';
          *o++ = kHex[c >> 4];
          *o++ = kHex[c & 0xF];
      }
    }
    if (n > run) std::memcpy(o, p + run, n - run);  // p may be null when n is 0
    o += n - run;
    *o++ = '"';
    len_ = static_cast<std::size_t>(o - out_.data());
  }

  // Whether any of eight bytes is below 0x20, a quote or a backslash: the
  // classic word-at-a-time tests for "a byte less than n" and "a zero byte"
  // (exact for "any", which is all that is asked).
  static constexpr bool any_escaped(std::uint64_t w) {
    constexpr std::uint64_t k01 = 0x0101010101010101ULL, k80 = 0x8080808080808080ULL;
    auto has_zero = [](std::uint64_t v) { return (v - k01) & ~v & k80; };
    return (((w - k01 * 0x20) & ~w & k80) | has_zero(w ^ (k01 * '"')) | has_zero(w ^ (k01 * '\\'))) != 0;
  }

  // Bytes that cannot stand in a JSON string as they are: control
  // characters, the quote and the backslash. UTF-8 passes through.
  static constexpr auto kEscaped = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
    t['"'] = t['\\'] = true;
    return t;
  }();

  std::string out_;  // [0, len_) written; the rest is room
  std::size_t len_ = 0;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace jxc
