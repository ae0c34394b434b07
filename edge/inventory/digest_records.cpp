#include "edge/inventory/digest_records.h"

#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {

Result<std::optional<std::string>> last_digest_day(Queries& q, const std::string& channel) {
  JXC_ASSIGN(auto st, q.db().prepare("SELECT day FROM alert_digest_days WHERE channel = ?1"));
  st->bind_all(channel);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return std::optional<std::string>{};
  return std::optional<std::string>{st->text(0)};
}

Status record_digest_day(Tx& tx, const std::string& channel, const std::string& day) {
  JXC_ASSIGN(auto* st, tx.db().cached("INSERT INTO alert_digest_days(channel, day, sent_at) VALUES(?1, ?2, ?3) "
                                      "ON CONFLICT(channel) DO UPDATE SET day = excluded.day, "
                                      "sent_at = excluded.sent_at"));
  st->bind_all(channel, day, tx.now());
  return st->run();
}

}  // namespace jxc::inventory
