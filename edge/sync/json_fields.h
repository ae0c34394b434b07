#pragma once
// Reading one JSON object of a downlink message field by field. Every problem
// is gathered with its path ("items[3].sku: ...") instead of stopping at the
// first, so that a rejection tells the sender everything that is wrong at once.
// Nothing here throws: types are checked before any value is taken.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace jxc::sync {

/// Bounds every downlink message keeps to: lines per order or count, the
/// length of a name, and a quantity in smallest units.
inline constexpr std::size_t kMaxLines = 10'000;
inline constexpr std::size_t kNameLen = 1024;
inline constexpr std::int64_t kMaxQty = 1'000'000'000'000;

using json = nlohmann::json;

class Fields {
 public:
  /// `problems` outlives this reader; an `obj` that is not an object is itself a problem.
  Fields(const json& obj, std::string path, std::vector<std::string>& problems);

  bool ok() const { return obj_ != nullptr; }

  /// A string of 1..max_len characters without control characters; "" when absent or bad.
  std::string text(const char* key, bool required, std::size_t max_len = 256);
  std::optional<std::string> optional_text(const char* key, std::size_t max_len = 256);
  std::optional<std::int64_t> integer(const char* key, bool required, std::int64_t min,
                                      std::int64_t max);
  std::optional<double> number(const char* key, double min, double max);
  /// A decimal given as a JSON number or a string ("2.5"), as text for an
  /// exact reading (edge/inventory/quantity.h); a number is written as the
  /// shortest text that reads back as it. Nothing when absent or bad.
  std::optional<std::string> decimal_text(const char* key, bool required);
  bool boolean(const char* key, bool fallback);
  /// The array under `key` (nullptr when absent or bad), at most max_items long.
  const json* array(const char* key, bool required, std::size_t min_items, std::size_t max_items);
  const json* object(const char* key, bool required);
  std::vector<std::string> texts(const char* key, bool required, std::size_t min_items,
                                 std::size_t max_items, std::size_t max_len = 256);
  /// One of `allowed`; "" when absent or bad.
  std::string choice(const char* key, bool required, const std::vector<std::string>& allowed);

  /// Reports every key that none of the calls above asked for: a field the
  /// gateway does not know is an error, never silently ignored.
  void no_other_fields();

  std::string path(const std::string& key) const;
  void problem(const std::string& key, const std::string& what);

 private:
  const json* find(const char* key);

  const json* obj_ = nullptr;
  std::string path_;
  std::vector<std::string>& problems_;
  std::set<std::string> known_;
};

/// "items[3]"
std::string at_index(const std::string& path, std::size_t i);

}  // namespace jxc::sync
