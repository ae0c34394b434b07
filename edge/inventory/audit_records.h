#pragma once
// The audit trail: who did what, when and from where, through the HTTP API
// or the command line on the box. Append-only (the store's triggers refuse
// changes and deletions). Writes run on the engine's writer (Tx), in the
// transaction of the change they record; reads take a read-only Queries.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"

namespace jxc::inventory {

struct AuditEntry {
  std::int64_t id = 0;
  TimeMs at = 0;        // UTC ms; set to the request's time when written
  std::string actor;    // "user:alice", "token:7:alice", "unix:root"
  std::string action;   // one of audit_actions(): "login", "count.approve", ...
  std::string target;   // what it was done to ("user:bob"), "" for none
  std::string detail;   // a short text or JSON object, "" for none
  std::string address;  // the client's address, "" on the box
};

/// Every action the trail records, the vocabulary GET /api/v1/audit
/// documents: a reader filters by these words, so they are a closed list.
std::span<const std::string_view> audit_actions();

/// Appends `e` (its id and time are the store's). An action not in
/// audit_actions() is a fault of the program (Errc::internal) and fails the
/// transaction it is part of.
Status append_audit(Tx& tx, const AuditEntry& e);

struct AuditFilter {
  std::string actor;   // exact; empty: anyone
  std::string action;  // exact; empty: any
  std::int64_t before_id = 0;  // newest first below this id; 0: from the newest
  std::size_t limit = 100;
};

/// Entries newest first.
Result<std::vector<AuditEntry>> audit_entries(Queries& q, const AuditFilter& f);

}  // namespace jxc::inventory
