#pragma once
// The gateway's request for a full master data snapshot, on
// {root}/{site}/{gateway}/req/master (docs/contract/schemas/req-master.json).
// The central system answers on down/master/snapshot. Pure.

#include <cstdint>
#include <string>

#include "edge/common/clock.h"

namespace jxc::cloud_sync {

struct MasterDataRequest {
  std::string request_id, gateway_id, site_id;
  std::int64_t master_data_version = 0;  // the version the gateway holds (0: none)
  std::string reason;                    // why it asks ("no master data yet", "resync command X")
  TimeMs at = 0;
};

/// Unique across restarts: the store's epoch, the wall clock and a counter.
std::string master_data_request_id(const std::string& epoch, TimeMs now, std::uint64_t counter);

/// {"request_id","gateway_id","site_id","master_data_version","reason","at"}
std::string master_data_request_json(const MasterDataRequest& request);

}  // namespace jxc::cloud_sync
