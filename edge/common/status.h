#pragma once
// The error vocabulary of edge/ and drivers/: a typed code plus a reason that a
// person can act on. Vendor errors (SQLite, Asio, Paho) are converted into this
// at the boundary so that callers never see a foreign error type.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace jxc {

enum class Errc {
  ok = 0,
  invalid_argument,    // malformed input: a field missing, out of range, unparsable
  unknown_item,        // no item with that SKU/GTIN
  unknown_location,    // no location with that code
  unknown_document,    // no document with that id/number
  unknown_order,       // no expected receipt / pick list with that number
  insufficient_stock,  // the move would take a location below zero under the block policy
  tolerance_exceeded,  // more received/issued than the order allows
  invalid_state,       // the document is not in a state that allows the operation
  conflict,            // a unique key is taken (duplicate SKU, number ...)
  schema_too_new,      // the store was written by a newer binary
  storage,             // the database failed (I/O, full disk)
  corrupt,             // the store file is damaged (malformed pages, not a database)
  config,              // configuration is invalid
  io,                  // a device or file could not be read/written
  unavailable,         // shutting down or not started
  retired,             // the item or location is retired (inactive master data)
  four_eyes,           // a decision needs another person than the one who did or changed the work
  internal,            // a fault of the program (an exception where none belongs)
};

std::string_view errc_name(Errc c);

/// Named values a reason speaks of ({"sku", "A-1"}, {"have", "3"}), in order.
using Facts = std::vector<std::pair<std::string, std::string>>;

class Status {
 public:
  Status() = default;
  Status(Errc code, std::string reason) : code_(code), reason_(std::move(reason)) {}
  static Status ok() { return {}; }

  bool is_ok() const { return code_ == Errc::ok; }
  explicit operator bool() const { return is_ok(); }
  Errc code() const { return code_; }
  const std::string& reason() const { return reason_; }
  /// This status with the fact `key` = `value` added, so that what it
  /// reports can be told in another language than the reason's English.
  Status with(std::string key, std::string value) &&;
  /// This status about line `n` of a request: "line 2: " before the reason,
  /// and the fact "line".
  Status on_line(std::size_t n) const;
  /// The fact named `key`; empty when there is none.
  std::string_view fact(std::string_view key) const;
  /// Every fact, in the order added; empty when there are none.
  const Facts& facts() const;
  /// "insufficient_stock: item A at BIN-1 has 3, needs 5"
  std::string to_string() const;

 private:
  Errc code_ = Errc::ok;
  std::string reason_;
  std::shared_ptr<const Facts> facts_;  // shared by copies; most statuses have none
};

inline Status error(Errc code, std::string reason) { return {code, std::move(reason)}; }

/// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status s) : v_(std::move(s)) {}

  bool is_ok() const { return v_.index() == 0; }
  explicit operator bool() const { return is_ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  /// The failure; Status::ok() when there is a value.
  Status status() const { return is_ok() ? Status{} : std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace jxc

namespace jxc {
inline const Status& to_status(const Status& s) { return s; }
template <typename T>
Status to_status(const Result<T>& r) { return r.status(); }
}  // namespace jxc

/// Returns early from a function returning Status or Result<U> when expr failed.
#define JXC_TRY(expr)                                                   \
  do {                                                                  \
    if (::jxc::Status jxc_try_s_ = ::jxc::to_status(expr); !jxc_try_s_.is_ok()) \
      return jxc_try_s_;                                                \
  } while (0)

#define JXC_CAT_(a, b) a##b
#define JXC_CAT(a, b) JXC_CAT_(a, b)
/// `JXC_ASSIGN(auto x, f())` binds the value of f() or returns its failure.
#define JXC_ASSIGN(decl, expr) JXC_ASSIGN_(JXC_CAT(jxc_r_, __LINE__), decl, expr)
#define JXC_ASSIGN_(tmp, decl, expr) \
  auto tmp = (expr);                 \
  if (!tmp.is_ok()) return tmp.status(); \
  decl = std::move(tmp).value()
