#include "edge/inventory/outbox.h"

namespace jxc::inventory {

Result<std::int64_t> append_event(Tx& tx, const std::string& type, TimeMs occurred_at,
                                  const std::string& payload_json) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO outbox(event_id,type,occurred_at,recorded_at,payload) "
                           "VALUES(?1,?2,?3,?4,?5)"));
  st->bind_all(tx.new_event_id(), type, occurred_at, tx.now(), payload_json);
  JXC_TRY(st->run());
  std::int64_t seq = tx.db().last_insert_rowid();
  tx.wrote_event(seq);
  return seq;
}

Status ack_events(Tx& tx, const std::string& epoch, std::int64_t up_to_seq) {
  if (epoch != tx.epoch())
    return error(Errc::invalid_argument, "acknowledgement for epoch '" + epoch +
                                             "' but this store's epoch is '" + tx.epoch() + "'");
  JXC_ASSIGN(auto* last, tx.db().cached("SELECT coalesce(max(seq),0) FROM outbox"));
  JXC_ASSIGN(bool row, last->step());
  (void)row;
  std::int64_t max_seq = last->int64(0);
  JXC_ASSIGN(auto* seq_row, tx.db().cached("SELECT seq FROM sqlite_sequence WHERE name='outbox'"));
  JXC_ASSIGN(bool has, seq_row->step());
  if (has) max_seq = std::max(max_seq, seq_row->int64(0));
  if (up_to_seq < 0 || up_to_seq > max_seq)
    return error(Errc::invalid_argument, "acknowledgement up to seq " + std::to_string(up_to_seq) +
                                             " but the newest event is " + std::to_string(max_seq));
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO outbox_state(epoch,acked_up_to,acked_at) VALUES(?1,?2,?3) "
                           "ON CONFLICT(epoch) DO UPDATE SET "
                           "acked_up_to=max(acked_up_to, excluded.acked_up_to), "
                           "acked_at=excluded.acked_at"));
  st->bind_all(epoch, up_to_seq, tx.now());
  return st->run();
}

Result<std::int64_t> prune_events(Tx& tx, TimeMs older_than) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "DELETE FROM outbox WHERE recorded_at < ?1 AND seq <= "
                           "(SELECT coalesce(max(acked_up_to),0) FROM outbox_state WHERE epoch=?2)"));
  st->bind_all(older_than, tx.epoch());
  JXC_TRY(st->run());
  return static_cast<std::int64_t>(tx.db().changes());
}

}  // namespace jxc::inventory
