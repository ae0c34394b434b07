#pragma once
// The outbox: events for the central system, written in the same transaction
// as the change they describe. Its face is append (here, on the writer),
// peek (Queries::outbox_after) and ack/prune (Engine).

#include "edge/inventory/tx.h"

namespace jxc::inventory {

/// Appends an event and returns its sequence number (gapless per store).
Result<std::int64_t> append_event(Tx& tx, const std::string& type, TimeMs occurred_at,
                                  const std::string& payload_json);

Status ack_events(Tx& tx, const std::string& epoch, std::int64_t up_to_seq);
Result<std::int64_t> prune_events(Tx& tx, TimeMs older_than);

}  // namespace jxc::inventory
