#pragma once
// One page of a report's rows as JSON, for the report handlers
// (handlers_report_analysis.cpp, handlers_report_devices.cpp).

#include <algorithm>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace jxc::http {

/// The rows [offset, offset + limit), each as `to_json` makes it.
template <typename Row, typename ToJson>
nlohmann::json page_of(const std::vector<Row>& rows, std::int64_t offset, std::int64_t limit, ToJson&& to_json) {
  nlohmann::json page = nlohmann::json::array();
  const auto skip = static_cast<std::size_t>(std::min<std::int64_t>(offset, static_cast<std::int64_t>(rows.size())));
  const auto end = std::min(rows.size(), skip + static_cast<std::size_t>(limit));
  for (std::size_t i = skip; i < end; ++i) page.push_back(to_json(rows[i]));
  return page;
}

}  // namespace jxc::http
