#include "edge/inventory/outbox.h"

#include <algorithm>

#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/tx.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

// A reader's cached statement left on a row keeps its read transaction (an
// old snapshot) open: rewound when the call ends.
class Rewind {
 public:
  explicit Rewind(store::Stmt* st) : st_(st) {}
  ~Rewind() { st_->reset(); }
  Rewind(const Rewind&) = delete;
  Rewind& operator=(const Rewind&) = delete;

 private:
  store::Stmt* st_;
};

}  // namespace

Result<std::int64_t> Outbox::append(Tx& tx, const std::string& type, TimeMs occurred_at,
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

Status Outbox::acknowledge_up_to(Tx& tx, const std::string& epoch, std::int64_t seq) {
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
  if (seq < 0 || seq > max_seq)
    return error(Errc::invalid_argument, "acknowledgement up to seq " + std::to_string(seq) +
                                             " but the newest event is " + std::to_string(max_seq));
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO outbox_state(epoch,acked_up_to,acked_at) VALUES(?1,?2,?3) "
                           "ON CONFLICT(epoch) DO UPDATE SET "
                           "acked_up_to=max(acked_up_to, excluded.acked_up_to), "
                           "acked_at=excluded.acked_at"));
  st->bind_all(epoch, seq, tx.now());
  return st->run();
}

Result<std::int64_t> Outbox::prune(Tx& tx, TimeMs older_than) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "DELETE FROM outbox WHERE recorded_at < ?1 AND seq <= "
                           "(SELECT coalesce(max(acked_up_to),0) FROM outbox_state WHERE epoch=?2)"));
  st->bind_all(older_than, tx.epoch());
  JXC_TRY(st->run());
  return static_cast<std::int64_t>(tx.db().changes());
}

Status Outbox::acknowledge_up_to(Engine& engine, const std::string& epoch, std::int64_t seq) {
  return engine
      .run<bool>([&](Tx& tx) -> Result<bool> {
        JXC_TRY(acknowledge_up_to(tx, epoch, seq));
        return true;
      })
      .status();
}

Result<std::int64_t> Outbox::prune(Engine& engine, TimeMs older_than) {
  return engine.run<std::int64_t>([older_than](Tx& tx) { return prune(tx, older_than); });
}

Result<std::vector<OutboxEvent>> Outbox::peek_after(Queries& q, std::int64_t after_seq, std::size_t max) {
  JXC_ASSIGN(auto* st, q.db().cached(
                           "SELECT seq, event_id, type, occurred_at, recorded_at, payload FROM outbox "
                           "WHERE seq>?1 ORDER BY seq LIMIT ?2"));
  Rewind rewind(st);
  st->bind_all(after_seq, static_cast<std::int64_t>(max));
  std::vector<OutboxEvent> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(OutboxEvent{st->int64(0), st->text(1), st->text(2), st->int64(3), st->int64(4), st->text(5)});
  }
  return out;
}

Result<OutboxStats> Outbox::stats(Queries& q) {
  // One statement: one snapshot.
  JXC_ASSIGN(auto* st, q.db().cached(
                           "SELECT e.value, "
                           "coalesce((SELECT seq FROM sqlite_sequence WHERE name='outbox'),0), "
                           "(SELECT count(*) FROM outbox), "
                           "coalesce((SELECT acked_up_to FROM outbox_state WHERE epoch=e.value),0), "
                           "coalesce((SELECT min(seq) FROM outbox),0) "
                           "FROM (SELECT (SELECT value FROM meta WHERE key='epoch') AS value) e"));
  Rewind rewind(st);
  OutboxStats out;
  JXC_ASSIGN(bool row, st->step());
  if (row) {
    out.epoch = st->is_null(0) ? std::string() : st->text(0);
    out.last_seq = st->int64(1);
    out.stored = st->int64(2);
    out.acked_up_to = st->int64(3);
    out.first_seq = st->int64(4);
  }
  return out;
}

Result<std::optional<TimeMs>> Outbox::recorded_at(Queries& q, std::int64_t seq) {
  JXC_ASSIGN(auto* st, q.db().cached("SELECT recorded_at FROM outbox WHERE seq=?1"));
  Rewind rewind(st);
  st->bind_all(seq);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return std::optional<TimeMs>();
  return std::optional<TimeMs>(st->int64(0));
}

}  // namespace jxc::inventory
