#pragma once
// The central system's acknowledgement on {root}/{site}/{gateway}/ack:
// {"epoch": string, "up_to_seq": integer, "message_id"?: string}, meaning
// every event of that store up to that seq has arrived. Like every message
// the central system sends, it is closed: an unknown field is refused (a
// misspelt field must not pass as an acknowledgement). Pure.

#include <cstdint>
#include <string>

#include "edge/common/status.h"

namespace jxc::cloud_sync {

struct Ack {
  std::string epoch;
  std::int64_t up_to_seq = 0;
  std::string message_id;  // optional; names the ack in a rejection
};

/// The ack's message_id when `payload` is an object carrying one as a
/// string (also when it is otherwise malformed); empty otherwise.
std::string ack_message_id(const std::string& payload);

/// The acknowledgement in `payload`; Errc::invalid_argument with the
/// expected shape when it is not one.
Result<Ack> parse_ack(const std::string& payload);

}  // namespace jxc::cloud_sync
