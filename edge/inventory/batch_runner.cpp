#include "edge/inventory/batch_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

#include "edge/inventory/caught.h"
#include "edge/inventory/day_totals.h"
#include "edge/inventory/ledger.h"

namespace jxc::inventory {

Engine::BatchRunner::BatchRunner(store::Db& db, const Clock& clock, const EngineOptions& opts,
                                 const EngineTuning& tuning, WriterState& state,
                                 CommitListeners& listeners, StockCache& stock_cache, TakeMore take_more)
    : db_(db), clock_(clock), opts_(opts), tuning_(tuning), state_(state), listeners_(listeners),
      stock_cache_(stock_cache), take_more_(std::move(take_more)) {}

Status Engine::BatchRunner::start() {
  JXC_ASSIGN(seen_.movements, db_.query_int("SELECT coalesce(max(id),0) FROM movements"));
  JXC_ASSIGN(seen_.seq, db_.query_int("SELECT coalesce(max(seq),0) FROM outbox"));
  headers_ = std::make_unique<store::CommitHeaderReader>(db_);
  JXC_ASSIGN(days_through_, day_totals_mark(db_, opts_.site_zone));
  return Status::ok();
}

Engine::BatchRunner::Outcome Engine::BatchRunner::run(Batch& batch) {
  const Seen before = seen_;
  Outcome out;
  bool committed = false;
  try {
    run_and_commit(batch, before, out, committed);
  } catch (...) {
    // Not a request (each is caught on its own) but the batch's own steps:
    // nothing of a batch that did not commit may stay half done.
    const std::string what = caught_exception_text();
    spdlog::error("inventory: the writer failed on a batch of {} requests: {}", batch.size(), what);
    if (!committed) {
      give_up(batch, before, error(Errc::internal, "the writer failed: " + what));
      out.failed = batch.size();
    }
  }
  return out;
}

void Engine::BatchRunner::run_and_commit(Batch& batch, const Seen& before, Outcome& out,
                                         bool& committed) {
  Tx tx(db_, clock_, opts_, state_);
  Status begin = begin_batch(tx);
  if (!begin) {
    give_up(batch, before, begin);
    out.failed = batch.size();
    return;
  }
  const CommitEffects::Mark absorbed = tx.effects().mark();
  // After a batch had to run again, the next ones keep their savepoints
  // for a while: a source that keeps failing after writing (a scanner
  // issuing from an empty bin) would otherwise have every batch run twice.
  const bool plain = !tuning_.savepoint_every_request && savepoint_batches_ == 0;
  if (savepoint_batches_ > 0 && !batch.empty()) --savepoint_batches_;
  Pass pass = plain ? run_plain(batch, tx, out.failed) : Pass::clean;
  if (pass == Pass::failed_after_writing) {
    // A request failed after writing: take the whole batch back and run it
    // again, each request in its own savepoint.
    out.rerun = true;
    db_.reset_cached();
    (void)db_.exec("ROLLBACK");
    state_.forget_master_data();
    tx.effects().back_to(absorbed);
    begin = begin_batch(tx);
    if (!begin) {
      give_up(batch, before, begin);
      out.failed = batch.size();
      return;
    }
  }
  if (!plain || out.rerun) {
    out.failed = 0;
    pass = run_with_savepoints(batch, tx, out.failed);
    if (pass == Pass::failed_after_writing || out.rerun)
      savepoint_batches_ = tuning_.savepoint_batches_after_rerun;
  }
  if (pass != Pass::lost) pass = write_cost_pools_when_due(tx);
  if (pass != Pass::lost) pass = fold_day_totals_when_due(tx, batch.empty());
  if (pass == Pass::lost) {
    // What ran after SQLite's rollback would run in autocommit, each
    // statement durable on its own: nothing more of the batch runs.
    spdlog::error("inventory: the store rolled back a batch of {} requests: {}", batch.size(),
                  lost_cause_.to_string());
    give_up(batch, before,
            error(Errc::storage, "the store rolled back the whole batch (" + lost_cause_.reason() +
                                     "); nothing of this request was written"));
    out.failed = batch.size();
    return;
  }
  commit_batch(batch, tx, before, out.failed, committed);
}

/// BEGIN IMMEDIATE, then what other processes committed since the last batch.
Status Engine::BatchRunner::begin_batch(Tx& tx) {
  JXC_TRY(db_.exec("BEGIN IMMEDIATE"));
  // Nobody else can commit until this batch's COMMIT: the header now is the
  // one this batch's commit will follow.
  header_at_begin_ = headers_ ? headers_->read() : std::nullopt;
  Status s = absorb_changes_elsewhere(tx);
  // The pools the ledger's tail moved, when this writer lost them.
  if (s) s = read_back_cost_pools(tx);
  if (s) {
    auto seq = db_.query_int_cached("SELECT seq FROM stock_stamp");
    auto master = seq ? db_.query_int_cached("SELECT master FROM stock_stamp") : Result<std::int64_t>(seq.status());
    if (!master) s = master.status();
    if (s) {
      stamp_at_begin_ = stamp_at_commit_ = *seq;
      master_at_begin_ = *master;
    }
  }
  if (!s) {
    (void)db_.exec("ROLLBACK");
    return s;
  }
  return Status::ok();
}

void Engine::BatchRunner::run_job(Job& job, Tx& tx) {
  try {
    job.run(tx);
  } catch (...) {
    const std::string what = caught_exception_text();
    spdlog::error("inventory: a request threw: {}", what);
    job.threw = true;
    job.commit_failed(error(Errc::internal, "the request threw: " + what));
  }
}

Engine::BatchRunner::Pass Engine::BatchRunner::lost(const Status& cause, const char* when) {
  lost_cause_ = cause.is_ok() ? error(Errc::storage, when) : cause;
  return Pass::lost;
}

/// Runs the batch without savepoints. failed_after_writing: the transaction
/// holds part of a failed request's writes.
Engine::BatchRunner::Pass Engine::BatchRunner::run_plain(Batch& batch, Tx& tx, std::uint64_t& failed) {
  for (std::size_t i = 0; i < batch.size() || take_more_(batch); ++i) {
    auto& job = batch[i];
    const CommitEffects::Mark before = tx.effects().mark();
    const std::int64_t changes = db_.total_changes();
    const std::size_t pools = tx.changed_pools().size();
    run_job(*job, tx);
    if (!db_.in_transaction()) return lost(job->failure(), "the transaction ended inside a request");
    if (job->ok()) continue;
    if (db_.total_changes() != changes || tx.changed_pools().size() != pools) return Pass::failed_after_writing;
    tx.effects().back_to(before);
    ++failed;
  }
  return Pass::clean;
}

/// failed_after_writing: a request failed after writing (its savepoint took
/// the writes back). A request that threw is not run again.
Engine::BatchRunner::Pass Engine::BatchRunner::run_with_savepoints(Batch& batch, Tx& tx,
                                                                   std::uint64_t& failed) {
  bool failed_after_writing = false;
  for (std::size_t i = 0; i < batch.size() || take_more_(batch); ++i) {
    auto& job = batch[i];
    if (job->threw) {
      ++failed;
      continue;
    }
    Status sp = db_.exec_cached("SAVEPOINT req");
    if (!sp) {
      job->commit_failed(sp);
      ++failed;
      if (!db_.in_transaction()) return lost(sp, "SAVEPOINT failed");
      continue;
    }
    const CommitEffects::Mark before = tx.effects().mark();
    const std::int64_t changes = db_.total_changes();
    run_job(*job, tx);
    if (!db_.in_transaction()) return lost(job->failure(), "the transaction ended inside a request");
    if (job->ok()) {
      if (Status rel = db_.exec_cached("RELEASE req"); !rel) {
        job->commit_failed(rel);
        if (!db_.in_transaction()) return lost(rel, "RELEASE failed");
      }
    } else {
      failed_after_writing = failed_after_writing || db_.total_changes() != changes;
      Status back = db_.exec_cached("ROLLBACK TO req");
      (void)db_.exec_cached("RELEASE req");
      if (!db_.in_transaction()) return lost(back.is_ok() ? job->failure() : back, "ROLLBACK TO failed");
      tx.effects().back_to(before);
      state_.forget_master_data();  // a cached row may have been rolled back
      ++failed;
    }
  }
  return failed_after_writing ? Pass::failed_after_writing : Pass::clean;
}

/// The cost pools moved since they were last written, once they are due
/// (EngineTuning::cost_pools_every_ms), in a savepoint of their own: should
/// the write fail, the batch commits without it and the pools stay in the
/// writer, changed, for the next try; readers add the ledger's tail
/// meanwhile. lost: the store ended the transaction.
Engine::BatchRunner::Pass Engine::BatchRunner::write_cost_pools_when_due(Tx& tx) {
  if (state_.changed_pools.empty() ||
      tx.now() - state_.pools_written_at < tuning_.cost_pools_every_ms)
    return Pass::clean;
  Status s = db_.exec_cached("SAVEPOINT cost_pools");
  if (s) s = write_cost_pools(tx);
  if (s) s = db_.exec_cached("RELEASE cost_pools");
  if (s) return Pass::clean;
  spdlog::warn("inventory: the cost pools were not written, and will be with a later batch: {}", s.to_string());
  if (db_.in_transaction()) {
    (void)db_.exec_cached("ROLLBACK TO cost_pools");
    (void)db_.exec_cached("RELEASE cost_pools");
  }
  return db_.in_transaction() ? Pass::clean : lost(s, "writing the cost pools failed");
}

bool Engine::BatchRunner::days_due() const {
  return (days_behind_ || clock_.now_ms() - days_folded_at_ >= tuning_.day_totals_every_ms) &&
         (days_behind_ || seen_.movements > days_through_);
}

/// The ledger's newest movements folded into the daily totals, a slice at a
/// time (EngineTuning::day_totals_every_ms, day_totals_slice), in a savepoint
/// of their own like the pools: a failure leaves them to a later batch, and
/// readers add them meanwhile. Under load only once day_totals_backlog
/// movements wait; else when the writer is idle.
Engine::BatchRunner::Pass Engine::BatchRunner::fold_day_totals_when_due(Tx& tx, bool idle) {
  if (!days_behind_ && tx.now() - days_folded_at_ < tuning_.day_totals_every_ms) return Pass::clean;
  if (!idle && seen_.movements - days_through_ < tuning_.day_totals_backlog) return Pass::clean;
  days_folded_at_ = tx.now();
  days_behind_ = false;  // a fold that fails is tried again at the usual pace, not at once
  Status s = db_.exec_cached("SAVEPOINT day_totals");
  if (s) {
    auto folded = fold_day_totals(db_, opts_.site_zone, tuning_.day_totals_slice);
    s = folded.status();
    if (folded) {
      days_behind_ = folded->more;
      days_through_ = folded->through;
    }
  }
  if (s) s = db_.exec_cached("RELEASE day_totals");
  if (s) return Pass::clean;
  spdlog::warn("inventory: the daily totals were not brought up to date, and will be with a later batch: {}",
               s.to_string());
  if (db_.in_transaction()) {
    (void)db_.exec_cached("ROLLBACK TO day_totals");
    (void)db_.exec_cached("RELEASE day_totals");
  }
  return db_.in_transaction() ? Pass::clean : lost(s, "folding the daily totals failed");
}

void Engine::BatchRunner::give_up(Batch& batch, const Seen& before, const Status& why) {
  db_.reset_cached();
  if (db_.in_transaction()) (void)db_.exec("ROLLBACK");
  // What was taken in from other processes is taken in again next time.
  seen_ = before;
  state_.forget_master_data();
  for (auto& job : batch) job->commit_failed(why);
}

void Engine::BatchRunner::commit_batch(Batch& batch, Tx& tx, const Seen& before,
                                       std::uint64_t& failed, bool& committed) {
  Status commit = note_own_writes(tx);
  bool registered = false;
  if (commit) commit = register_stamps(tx, &registered);
  db_.reset_cached();
  if (commit) commit = db_.exec("COMMIT");
  if (registered) stock_cache_.committed(commit.is_ok());
  if (!commit) {
    if (db_.in_transaction()) (void)db_.exec("ROLLBACK");
    seen_ = before;
    state_.forget_master_data();
    for (auto& job : batch)
      if (job->ok()) {
        job->commit_failed(error(commit.code(), "commit failed: " + commit.reason()));
        ++failed;
      }
    return;
  }
  committed = true;
  publish_stamp();
  listeners_.notify(tx.effects());
}

/// The header read under the write lock and the one after COMMIT are one
/// commit apart: that commit is this batch's, so the stamp at the later
/// header is the one this batch committed, and lookups need not read it
/// back in a transaction of their own (stock_cache.h). A commit of another
/// process between the COMMIT and the read makes them two apart: nothing is
/// given, and the next lookup reads the stamp.
void Engine::BatchRunner::publish_stamp() {
  if (!header_at_begin_ || !headers_) return;
  auto now = headers_->read();
  if (now && store::commit_count(*now) == store::commit_count(*header_at_begin_) + 1)
    stock_cache_.stamp_read(*now, stamp_at_commit_);
}

bool Engine::BatchRunner::changed_elsewhere() {
  auto v = db_.query_int_cached("PRAGMA data_version");
  return v && *v != seen_.data_version;
}

/// Called under the write lock at the start of each batch. What another
/// process committed must neither be hidden by this writer's master-data
/// caches nor missed by the listeners: its movements and outbox events are
/// read back (the ledger is append-only, so ids above the last seen are
/// exactly what is new) and become part of this batch's effects.
Status Engine::BatchRunner::absorb_changes_elsewhere(Tx& tx) {
  JXC_ASSIGN(auto v, db_.query_int_cached("PRAGMA data_version"));
  if (v == seen_.data_version) return Status::ok();
  seen_.data_version = v;
  state_.forget_master_data();
  JXC_ASSIGN(auto* m, db_.cached(
                          "SELECT id, item_id, from_location, to_location, lot, qty FROM movements "
                          "WHERE id>?1 ORDER BY id"));
  m->bind_all(seen_.movements);
  for (;;) {
    JXC_ASSIGN(bool row, m->step());
    if (!row) break;
    seen_.movements = m->int64(0);
    std::string lot = m->text(4);
    tx.touched(m->int64(1), m->int64(2), lot, -m->int64(5));
    tx.touched(m->int64(1), m->int64(3), lot, m->int64(5));
  }
  JXC_ASSIGN(auto* o, db_.cached("SELECT seq FROM outbox WHERE seq>?1 ORDER BY seq"));
  o->bind_all(seen_.seq);
  for (;;) {
    JXC_ASSIGN(bool row, o->step());
    if (!row) break;
    seen_.seq = o->int64(0);
    tx.wrote_event(seen_.seq);
  }
  return Status::ok();
}

/// Still under the write lock: what this batch wrote is not news for the
/// next look at other processes' commits.
Status Engine::BatchRunner::note_own_writes(Tx& tx) {
  if (!tx.effects().balances.empty()) {
    JXC_ASSIGN(seen_.movements, db_.query_int_cached("SELECT coalesce(max(id),0) FROM movements"));
  }
  seen_.seq = std::max(seen_.seq, tx.effects().last_seq);
  return Status::ok();
}

/// Under the write lock, before COMMIT: a batch that posted movements moves
/// the stock stamp (once; master-data triggers move it too). The stamps from
/// the batch's start to now are this batch's, and what changed with them is
/// its movements' items (and master data when `master` moved).
Status Engine::BatchRunner::register_stamps(Tx& tx, bool* registered) {
  if (!tx.effects().balances.empty()) {
    JXC_ASSIGN(auto* bump, db_.cached("UPDATE stock_stamp SET seq = seq + 1"));
    JXC_TRY(bump->run());
  }
  JXC_ASSIGN(std::int64_t seq, db_.query_int_cached("SELECT seq FROM stock_stamp"));
  stamp_at_commit_ = seq;
  if (seq == stamp_at_begin_) return Status::ok();
  JXC_ASSIGN(std::int64_t master, db_.query_int_cached("SELECT master FROM stock_stamp"));
  std::vector<std::int64_t> items;
  items.reserve(tx.effects().balances.size());
  for (const auto& b : tx.effects().balances) items.push_back(b.item_id);
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  stock_cache_.committing(stamp_at_begin_, seq, std::move(items), master != master_at_begin_);
  *registered = true;
  return Status::ok();
}

}  // namespace jxc::inventory
