#pragma once
// Sorting and paging a report's rows for the JSON answer
// (handlers_report_analysis.cpp, handlers_report_counts.cpp,
// handlers_report_devices.cpp).

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace jxc::http {

/// Sorts by `key` ('-' first: descending); rows without a value (nullopt)
/// go last either way, ties in the order they came. "" or "sku" keeps (with
/// '-', reverses) the order they came in. False for a key not in `keys`.
template <typename Row>
inline bool sort_by(std::string_view sort, std::vector<Row>* rows,
                    const std::vector<std::pair<std::string_view, std::function<std::optional<double>(const Row&)>>>& keys) {
  const bool desc = !sort.empty() && sort.front() == '-';
  if (desc) sort.remove_prefix(1);
  if (sort.empty() || sort == "sku") {  // the order they come in
    if (desc) std::reverse(rows->begin(), rows->end());
    return true;
  }
  const auto k = std::find_if(keys.begin(), keys.end(), [&](const auto& p) { return p.first == sort; });
  if (k == keys.end()) return false;
  std::stable_sort(rows->begin(), rows->end(), [&](const Row& a, const Row& b) {
    const auto x = k->second(a), y = k->second(b);
    if (x.has_value() != y.has_value()) return x.has_value();
    if (!x || *x == *y) return false;
    return desc ? *y < *x : *x < *y;
  });
  return true;
}

/// The rows of one page: [offset, offset + limit).
template <typename Row, typename ToJson>
nlohmann::json page_of(const std::vector<Row>& rows, std::int64_t offset, std::int64_t limit, ToJson&& to_json) {
  nlohmann::json page = nlohmann::json::array();
  const auto skip = static_cast<std::size_t>(std::min<std::int64_t>(offset, static_cast<std::int64_t>(rows.size())));
  const auto end = std::min(rows.size(), skip + static_cast<std::size_t>(limit));
  for (std::size_t i = skip; i < end; ++i) page.push_back(to_json(rows[i]));
  return page;
}

}  // namespace jxc::http
