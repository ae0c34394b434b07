#pragma once
// The downlink applied to this gateway's store: master data snapshots and
// deltas, expected receipts, pick lists, count requests and commands.
//
// Each message is parsed and checked in full first (downlink_messages.h);
// then everything it changes, together with the record of its message id and
// (for master data) the new version, is written in one engine transaction, so
// a message is applied whole or not at all, and a second delivery of the same
// message id changes nothing. Commands that only read (ping, stock) are
// answered every time; replay, resync and the decisions of people at the
// central system are carried out once per message id (resync: the transport
// then asks the central system for a snapshot on req/master, see
// cloud-sync/master_data_request.h; decisions such as ack-alert or
// approve-count: central_decisions.h, their events and audit entry written
// with the message id's record).

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <mutex>

#include "edge/alerts/alert.h"
#include "edge/common/clock.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"
#include "edge/sync/downlink.h"
#include "edge/sync/downlink_messages.h"

namespace jxc::sync {

struct DownlinkOptions {
  /// Larger payloads are rejected unread. A full snapshot of ~20,000 items
  /// and locations fits in the default.
  std::size_t max_payload_bytes = 8 * 1024 * 1024;
};

class Downlink final : public DownlinkHandler {
 public:
  /// Opens its own read connection to the engine's store (for commands).
  static Result<std::unique_ptr<Downlink>> open(inventory::Engine& engine,
                                                const Clock& clock = SystemClock::instance(),
                                                DownlinkOptions options = {});

  DownlinkOutcome handle(const DownlinkMessage& message) override;

  /// The master data version last applied (0: none yet).
  Result<std::int64_t> master_data_version();

 private:
  Downlink(inventory::Engine& engine, std::unique_ptr<inventory::Queries> queries,
           const Clock& clock, DownlinkOptions options);

  DownlinkOutcome handle_parsed(const DownlinkMessage& received, ParsedDownlink& message);
  /// A command's answer; `duplicate`: a replay, resync or decision applied
  /// before, answered with what holds now (or what it was about) and carried
  /// out no more. `decided`: what a decision did in this delivery.
  DownlinkOutcome answer(const ParsedDownlink& message, const Command& command, bool duplicate = false,
                         const nlohmann::json* decided = nullptr);
  /// A refusal; a decision's names what it was about and `code` (the Errc name).
  DownlinkOutcome answer_error(const ParsedDownlink& message, const Command& command,
                               std::string reason, Errc code = Errc::ok);

  inventory::Engine& engine_;
  std::mutex queries_mu_;  // Queries is single-threaded
  std::unique_ptr<inventory::Queries> queries_;
  const Clock& clock_;
  DownlinkOptions options_;
};

/// Deletes the records of downlink messages applied before `older_than` and
/// returns how many went. The records are what makes a second delivery of a
/// message id change nothing, so a message delivered again after its record
/// was pruned is applied again: the retention must exceed how long the
/// central system or the broker may hold a message for re-delivery. The
/// gateway runs this on its hourly prune with outbox.downlink_retention_hours.
Result<std::int64_t> prune_applied_messages(inventory::Engine& engine, TimeMs older_than);

}  // namespace jxc::sync
