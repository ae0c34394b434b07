#include "cloud-sync/ack.h"

#include <nlohmann/json.hpp>

namespace jxc::cloud_sync {

Result<Ack> parse_ack(const std::string& payload) {
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("epoch") || !j["epoch"].is_string() ||
      !j.contains("up_to_seq") || !j["up_to_seq"].is_number_integer())
    return error(Errc::invalid_argument, "expected {\"epoch\": string, \"up_to_seq\": integer}");
  if (j["up_to_seq"].is_number_unsigned() && j["up_to_seq"].get<std::uint64_t>() > INT64_MAX)
    return error(Errc::invalid_argument, "up_to_seq is out of range");
  return Ack{j["epoch"].get<std::string>(), j["up_to_seq"].get<std::int64_t>()};
}

}  // namespace jxc::cloud_sync
