#pragma once
// What the gateway publishes about itself: the retained status on
// {root}/{site}/{gateway}/status (also its Will, saying offline) and the
// notice of a message it refused, on .../rejected. Pure apart from reading
// the device health registry it is handed.

#include <cstdint>
#include <string>

#include "edge/common/clock.h"

namespace jxc::devices {
class HealthRegistry;
}

namespace jxc::cloud_sync {

struct StatusFacts {
  std::string gateway_id, site_id, version, config_hash, epoch;
  // Only in the online status:
  TimeMs at = 0;
  std::int64_t last_seq = 0, acked_up_to = 0;
  const devices::HealthRegistry* devices = nullptr;  // null: no device health in it
  std::int64_t master_data_version = -1;  // -1: unknown (not in the status)
};

/// {"online","gateway_id","site_id","version","config_hash","epoch"} and,
/// online, {"at","outbox_backlog","last_seq","acked_up_to","master_data_version",
/// "devices","device_health"}.
std::string status_json(const StatusFacts& facts, bool online);

/// {"topic","reason","gateway_id","at","message_id"?}: a downlink message or
/// acknowledgement on `topic` was refused for `reason`; message_id names it
/// when it could be read.
std::string rejected_json(const std::string& topic, const std::string& reason, const std::string& gateway_id,
                          TimeMs at, const std::string& message_id = {});

}  // namespace jxc::cloud_sync
