#include "edge/inventory/ledger.h"

#include <algorithm>

#include "edge/inventory/cost.h"
#include "edge/inventory/serials.h"

namespace jxc::inventory {

Result<Qty> balance_of(Tx& tx, std::int64_t item_id, std::int64_t location_id, const std::string& lot) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT qty FROM balances WHERE item_id=?1 AND location_id=?2 AND lot=?3"));
  st->bind_all(item_id, location_id, lot);
  JXC_ASSIGN(bool row, st->step());
  return row ? st->int64(0) : Qty{0};
}

Result<std::int64_t> ledger_mark(Tx& tx) {
  JXC_ASSIGN(auto* st, tx.db().cached("SELECT coalesce(max(id),0) FROM movements"));
  JXC_ASSIGN(bool row, st->step());
  (void)row;
  return st->int64(0);
}

namespace {
Status add_to_balance(Tx& tx, std::int64_t item_id, std::int64_t location_id,
                      const std::string& lot, Qty delta) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO balances(item_id,location_id,lot,qty) VALUES(?1,?2,?3,?4) "
                           "ON CONFLICT DO UPDATE SET qty=qty+excluded.qty"));
  st->bind_all(item_id, location_id, lot, delta);
  JXC_TRY(st->run());
  tx.touched(item_id, location_id, lot, delta);
  return Status::ok();
}

/// The pool of an item (or lot) as the writer's cache holds it, read from the
/// store the first time. The entry stays valid until the cache is cleared,
/// which nothing does while a movement is being posted.
Result<WriterState::Pools::value_type*> pool_of(Tx& tx, std::int64_t item_id, const std::string& lot) {
  JXC_TRY(read_back_cost_pools(tx));
  auto& cache = tx.pools();
  WriterState::PoolKey key{item_id, lot};
  if (auto it = cache.find(key); it != cache.end()) return &*it;
  if (cache.size() >= WriterState::kMaxPools) {
    // Start over, but not before what changed is in the store.
    JXC_TRY(write_cost_pools(tx));
    cache.clear();
  }
  JXC_ASSIGN(auto* st, tx.db().cached("SELECT qty, value, unit_cost FROM stock_costs WHERE item_id=?1 AND lot=?2"));
  st->bind_all(item_id, lot);
  JXC_ASSIGN(bool row, st->step());
  WriterState::PoolEntry e;
  if (row) e.pool = {st->int64(0), st->int64(1), st->int64(2)};
  st->reset();
  return &*cache.emplace(std::move(key), e).first;
}

/// Moves the cached pool; the store follows when the batch's pools are
/// written.
void move_pool(Tx& tx, WriterState::Pools::value_type* entry, const CostPool& p) {
  entry->second.pool = p;
  if (!entry->second.changed) {
    entry->second.changed = true;
    tx.changed_pools().push_back(entry);
  }
}

// The item's name for a refusal that people read; "" when it cannot be read.
std::string item_name(Tx& tx, std::int64_t item_id) {
  auto st = tx.db().cached("SELECT name FROM items WHERE id = ?1");
  if (!st) return {};
  (*st)->bind_all(item_id);
  auto row = (*st)->step();
  return row && *row ? (*st)->text(0) : std::string();
}
}  // namespace

Result<PostedMovement> post_movement(Tx& tx, const MovementDraft& m) {
  if (m.qty <= 0) return error(Errc::invalid_argument, "movement quantity must be positive");
  if (m.from->id == m.to->id)
    return error(Errc::invalid_argument, "from and to are the same location '" + m.from->code + "'");
  // Which units move says more than how many: a serial that is not there is
  // the refusal, before the count.
  JXC_TRY(check_serials_can_move(tx, m));
  PostedMovement out;
  if (!m.from->is_virtual()) {
    JXC_ASSIGN(Qty have, balance_of(tx, m.item->id, m.from->id, m.lot));
    if (have - m.qty < 0) {
      if (m.from->policy == NegativePolicy::block) {
        std::string what = "item " + m.item->sku + (m.lot.empty() ? "" : " lot " + m.lot);
        return error(Errc::insufficient_stock, what + " at " + m.from->code + " has " +
                                                   std::to_string(have) + ", needs " +
                                                   std::to_string(m.qty))
            .with("sku", m.item->sku)
            .with("name", item_name(tx, m.item->id))
            .with("lot", m.lot)
            .with("location", m.from->code)
            .with("have", std::to_string(have))
            .with("need", std::to_string(m.qty));
      }
      out.went_negative = true;
    }
  }
  // Stock coming in from outside or going out to it moves the pool; a
  // transfer between physical locations is recorded at the average and
  // leaves the pool as it is.
  const int decimals = m.item->units.decimals;
  const bool in = m.from->is_virtual() && !m.to->is_virtual();
  const bool out_of = !m.from->is_virtual() && m.to->is_virtual();
  JXC_ASSIGN(auto* cached, pool_of(tx, m.item->id, m.lot));
  CostPool pool = cached->second.pool;
  if (in) {
    JXC_ASSIGN(out.value, value_in(pool, m.qty, m.value, decimals));
    JXC_ASSIGN(pool, apply_to_pool(pool, m.qty, out.value, decimals));
  } else if (out_of) {
    JXC_ASSIGN(out.value, value_out(pool, m.qty, m.value, decimals));
    JXC_ASSIGN(pool, apply_to_pool(pool, -m.qty, -out.value, decimals));
  } else if (m.value) {
    out.value = *m.value;
  } else {
    JXC_ASSIGN(out.value, value_at_average(pool, m.qty, decimals));
  }
  JXC_ASSIGN(auto* ins, tx.db().cached(
                            "INSERT INTO movements(doc_id,item_id,lot,from_location,to_location,qty,"
                            "reason,source,occurred_at,recorded_at,idempotency_key,reverses,flags,value) "
                            "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)"));
  ins->bind_all(m.doc_id, m.item->id, m.lot, m.from->id, m.to->id, m.qty, m.reason, m.source,
                m.occurred_at, tx.now(), m.idempotency_key);
  if (m.reverses) ins->bind(12, m.reverses); else ins->bind_null(12);
  ins->bind(13, out.went_negative ? "negative" : "");
  ins->bind(14, out.value);
  if (Status s = ins->run(); !s) {
    if (s.code() == Errc::conflict)
      return error(Errc::conflict, "a movement with idempotency key '" + m.idempotency_key +
                                       "' is already in the ledger");
    return s;
  }
  out.id = tx.db().last_insert_rowid();
  JXC_TRY(record_serial_moves(tx, m, out.id));
  if (in || out_of) move_pool(tx, cached, pool);
  JXC_TRY(add_to_balance(tx, m.item->id, m.from->id, m.lot, -m.qty));
  JXC_TRY(add_to_balance(tx, m.item->id, m.to->id, m.lot, m.qty));
  return out;
}

Status read_back_cost_pools(Tx& tx) {
  WriterState& w = tx.writer();
  if (w.pools_complete) return Status::ok();
  JXC_ASSIGN(auto tail, pools_moved_by_tail(tx.db()));
  for (auto& [key, pool] : tail) {
    auto it = w.pools.try_emplace(key).first;
    move_pool(tx, &*it, pool);
  }
  w.pools_complete = true;
  return Status::ok();
}

Status write_cost_pools(Tx& tx) {
  JXC_TRY(read_back_cost_pools(tx));
  auto& changed = tx.changed_pools();
  if (changed.empty()) return Status::ok();
  // In key order: neighbouring rows share pages.
  std::sort(changed.begin(), changed.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO stock_costs(item_id,lot,qty,value,unit_cost) VALUES(?1,?2,?3,?4,?5) "
                           "ON CONFLICT DO UPDATE SET qty=excluded.qty, value=excluded.value, "
                           "unit_cost=excluded.unit_cost"));
  for (auto* entry : changed) {
    const CostPool& p = entry->second.pool;
    st->bind_all(entry->first.item_id, entry->first.lot, p.qty, p.value, p.unit_cost);
    JXC_TRY(st->run());
    st->reset();
  }
  // Every pool any movement so far moved is written (the cache held them all).
  JXC_ASSIGN(auto* through, tx.db().cached(
                                "UPDATE stock_stamp SET costs_through=(SELECT coalesce(max(id),0) FROM movements)"));
  JXC_TRY(through->run());
  // Only once every row is written: a failure leaves them all to be written
  // again, or the rollback that follows drops them.
  for (auto* entry : changed) entry->second.changed = false;
  changed.clear();
  tx.writer().pools_written_at = tx.now();
  return Status::ok();
}

}  // namespace jxc::inventory
