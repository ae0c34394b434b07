#include "cloud-sync/ack.h"

#include <nlohmann/json.hpp>

namespace jxc::cloud_sync {

Result<Ack> parse_ack(const std::string& payload) {
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("epoch") || !j["epoch"].is_string() ||
      !j.contains("up_to_seq") || !j["up_to_seq"].is_number_integer())
    return error(Errc::invalid_argument,
                 "expected {\"epoch\": string, \"up_to_seq\": integer, \"message_id\": string (optional)}");
  if (j["up_to_seq"].is_number_unsigned() && j["up_to_seq"].get<std::uint64_t>() > INT64_MAX)
    return error(Errc::invalid_argument, "up_to_seq is out of range");
  if (j["up_to_seq"].get<std::int64_t>() < 0) return error(Errc::invalid_argument, "up_to_seq must not be negative");
  Ack a{j["epoch"].get<std::string>(), j["up_to_seq"].get<std::int64_t>(), {}};
  for (const auto& [key, value] : j.items()) {
    if (key == "epoch" || key == "up_to_seq") continue;
    if (key != "message_id") return error(Errc::invalid_argument, "unknown field '" + key + "'");
    if (!value.is_string()) return error(Errc::invalid_argument, "message_id must be a string");
    a.message_id = value.get<std::string>();
  }
  return a;
}

std::string ack_message_id(const std::string& payload) {
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("message_id") || !j["message_id"].is_string()) return {};
  return j["message_id"].get<std::string>();
}

}  // namespace jxc::cloud_sync
