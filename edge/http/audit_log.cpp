#include "edge/http/audit_log.h"

#include <spdlog/spdlog.h>

namespace jxc::http {

Status record_audit(ApiContext& ctx, inventory::AuditEntry e) {
  Status s = to_status(ctx.engine.run<bool>([e](inventory::Tx& tx) -> Result<bool> {
    JXC_TRY(inventory::append_audit(tx, e));
    return true;
  }));
  if (!s) spdlog::error("audit: {} {} not recorded: {}", e.actor, e.action, s.to_string());
  return s;
}

}  // namespace jxc::http

