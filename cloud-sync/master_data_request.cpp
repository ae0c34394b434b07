#include "cloud-sync/master_data_request.h"

#include <nlohmann/json.hpp>

#include "cloud-sync/envelope.h"

namespace jxc::cloud_sync {

std::string master_data_request_id(const std::string& epoch, TimeMs now, std::uint64_t counter) {
  return epoch.substr(0, 8) + "-" + std::to_string(now) + "-" + std::to_string(counter);
}

std::string master_data_request_json(const MasterDataRequest& r) {
  nlohmann::json j = {{"request_id", r.request_id},
                      {"gateway_id", r.gateway_id},
                      {"site_id", r.site_id},
                      {"master_data_version", r.master_data_version},
                      {"reason", r.reason},
                      {"at", iso8601_utc(r.at)}};
  // The reason quotes a message id from outside: bytes that are not UTF-8
  // are replaced rather than failing the request.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace jxc::cloud_sync
