#pragma once
// The central system's acknowledgement on {root}/{site}/{gateway}/ack:
// {"epoch": string, "up_to_seq": integer}, meaning every event of that store
// up to that seq has arrived. Pure.

#include <cstdint>
#include <string>

#include "edge/common/status.h"

namespace jxc::cloud_sync {

struct Ack {
  std::string epoch;
  std::int64_t up_to_seq = 0;
};

/// The acknowledgement in `payload`; Errc::invalid_argument with the
/// expected shape when it is not one.
Result<Ack> parse_ack(const std::string& payload);

}  // namespace jxc::cloud_sync
