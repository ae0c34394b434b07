#pragma once
// What the store keeps about the downlink: the ids of applied messages (so
// that a second delivery of a message changes nothing) and the master data
// version last applied (meta key master_data_version; 0: none yet).
// Writes run on the engine's writer (Tx&), reads on a read connection
// (Queries&).

#include <cstdint>
#include <string>

#include "edge/common/clock.h"
#include "edge/common/status.h"

namespace jxc::inventory {

class Queries;
class Tx;

Result<std::int64_t> master_data_version(Tx& tx);
Result<std::int64_t> master_data_version(Queries& q);
Status set_master_data_version(Tx& tx, std::int64_t version);

/// Whether a downlink message with this id was applied (and not yet pruned).
Result<bool> downlink_applied(Tx& tx, const std::string& message_id);
/// Records that the message `message_id` of `kind` ("asn", "cmd", ...) was
/// applied, at the transaction's time.
Status record_downlink_applied(Tx& tx, const std::string& message_id, const std::string& kind);
/// Deletes the records of messages applied before `older_than`; returns how many.
Result<std::int64_t> prune_downlink_applied(Tx& tx, TimeMs older_than);

}  // namespace jxc::inventory
