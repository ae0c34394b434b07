#include "edge/inventory/audit_records.h"

#include <algorithm>
#include <array>

#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

constexpr std::array<std::string_view, 32> kActions = {
    "login",              "login.failed",        "login.locked",     "logout",
    "user.add",           "token.add",           "document.create",  "document.confirm",
    "document.post",      "document.cancel",     "document.reverse", "document.lines",
    "document.release",   "order.upsert",        "order.cancel",     "count.open",
    "count.line",         "count.recount",       "count.submit",     "count.approve",
    "count.reopen",       "discrepancy.accept",  "discrepancy.dismiss", "alert.acknowledge",
    "suggestion.accept",  "suggestion.dismiss",
    "user.role",          "user.deactivate",     "user.activate",    "user.password",
    "token.revoke",       "stock.opening",
};

}  // namespace

std::span<const std::string_view> audit_actions() { return kActions; }

Status append_audit(Tx& tx, const AuditEntry& e) {
  if (e.actor.empty() || e.action.empty()) return error(Errc::invalid_argument, "an audit entry needs an actor and an action");
  if (std::find(kActions.begin(), kActions.end(), e.action) == kActions.end())
    return error(Errc::internal, "audit action '" + e.action + "' is not in the audit trail's list");
  JXC_ASSIGN(auto* st, tx.db().cached("INSERT INTO audit(at, actor, action, target, detail, address) "
                                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"));
  st->bind_all(tx.now(), e.actor, e.action, e.target, e.detail, e.address);
  return st->run();
}

Result<std::vector<AuditEntry>> audit_entries(Queries& q, const AuditFilter& f) {
  JXC_ASSIGN(auto st, q.db().prepare("SELECT id, at, actor, action, target, detail, address FROM audit "
                                     "WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR action = ?2) "
                                     "AND (?3 = 0 OR id < ?3) ORDER BY id DESC LIMIT ?4"));
  st->bind_all(f.actor, f.action, f.before_id, static_cast<std::int64_t>(f.limit));
  std::vector<AuditEntry> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back({st->int64(0), st->int64(1), st->text(2), st->text(3), st->text(4), st->text(5), st->text(6)});
  }
  return out;
}

}  // namespace jxc::inventory
