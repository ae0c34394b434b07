#include "cloud-sync/status.h"

#include <nlohmann/json.hpp>

#include "cloud-sync/envelope.h"
#include "edge/devices/health.h"

namespace jxc::cloud_sync {
namespace {

// Texts from outside (topics, reasons, device details) may hold bytes that
// are not UTF-8: replaced rather than failing the message.
std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

std::string status_json(const StatusFacts& f, bool online) {
  nlohmann::json j = {{"online", online},        {"gateway_id", f.gateway_id}, {"site_id", f.site_id},
                      {"version", f.version},    {"config_hash", f.config_hash}, {"epoch", f.epoch}};
  if (online) {
    j["at"] = iso8601_utc(f.at);
    j["outbox_backlog"] = f.last_seq - f.acked_up_to;
    j["last_seq"] = f.last_seq;
    j["acked_up_to"] = f.acked_up_to;
    if (f.master_data_version >= 0) j["master_data_version"] = f.master_data_version;
    if (f.devices) {
      j["devices"] = f.devices->summary();
      nlohmann::json list = nlohmann::json::array();
      for (const auto& d : f.devices->snapshot())
        list.push_back({{"id", d.id}, {"kind", d.kind}, {"state", std::string(devices::to_string(d.state))},
                        {"detail", d.detail}});
      j["device_health"] = std::move(list);
    }
  }
  return dump(j);
}

std::string rejected_json(const std::string& topic, const std::string& reason, const std::string& gateway_id,
                          TimeMs at, const std::string& message_id) {
  nlohmann::json j = {{"topic", topic}, {"reason", reason}, {"gateway_id", gateway_id}, {"at", iso8601_utc(at)}};
  if (!message_id.empty()) j["message_id"] = message_id;
  return dump(j);
}

}  // namespace jxc::cloud_sync
