#include "edge/inventory/downlink_records.h"

#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

Result<std::int64_t> read_master_data_version(store::Db& db) {
  return db.query_int_cached(
      "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key='master_data_version'),0)");
}

}  // namespace

Result<std::int64_t> master_data_version(Tx& tx) { return read_master_data_version(tx.db()); }
Result<std::int64_t> master_data_version(Queries& q) { return read_master_data_version(q.db()); }

Status set_master_data_version(Tx& tx, std::int64_t version) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO meta(key,value) VALUES('master_data_version',?1) "
                           "ON CONFLICT(key) DO UPDATE SET value=excluded.value"));
  st->bind_all(std::to_string(version));
  return st->run();
}

Result<bool> downlink_applied(Tx& tx, const std::string& message_id) {
  JXC_ASSIGN(auto* st, tx.db().cached("SELECT 1 FROM downlink_messages WHERE message_id=?1"));
  st->bind_all(message_id);
  return st->step();
}

Status record_downlink_applied(Tx& tx, const std::string& message_id, const std::string& kind) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO downlink_messages(message_id,kind,applied_at) VALUES(?1,?2,?3)"));
  st->bind_all(message_id, kind, tx.now());
  return st->run();
}

Result<std::int64_t> prune_downlink_applied(Tx& tx, TimeMs older_than) {
  JXC_ASSIGN(auto* st, tx.db().cached("DELETE FROM downlink_messages WHERE applied_at < ?1"));
  st->bind_all(older_than);
  JXC_TRY(st->run());
  return static_cast<std::int64_t>(tx.db().changes());
}

}  // namespace jxc::inventory
