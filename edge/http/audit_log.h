#pragma once
// Appends to the audit trail from a handler: one engine request on the
// store's writer, waited for, so that the answer goes out only once the
// entry is on disk.

#include "edge/http/api_context.h"
#include "edge/inventory/audit_records.h"

namespace jxc::http {

/// Writes `e`; the failure, if any, is logged and returned.
Status record_audit(ApiContext& ctx, inventory::AuditEntry e);

}  // namespace jxc::http
