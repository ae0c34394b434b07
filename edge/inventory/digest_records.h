#pragma once
// The day each alert channel last sent its daily digest on: the site's local
// date ("2026-12-05") per channel name, so that the digest goes once a day
// across restarts. Writes take the writer's unit of work; reads a read-only
// connection.

#include <optional>
#include <string>

#include "edge/common/status.h"

namespace jxc::inventory {

class Tx;
class Queries;

/// The local day the channel's last digest went on; nullopt: never.
Result<std::optional<std::string>> last_digest_day(Queries& q, const std::string& channel);
/// Records that the channel's digest of `day` went (at tx.now()).
Status record_digest_day(Tx& tx, const std::string& channel, const std::string& day);

}  // namespace jxc::inventory
