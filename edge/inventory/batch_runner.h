#pragma once
// The engine's batch runner: runs a batch of requests in one transaction on
// the writer's connection, with the plain pass, the savepoint pass and the
// rollbacks that keep each request atomic (engine.h), commits it and tells
// the listeners. Used by the writer thread alone.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "edge/common/clock.h"
#include "edge/common/status.h"
#include "edge/inventory/commit_listeners.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/engine_tuning.h"
#include "edge/inventory/stock_cache.h"
#include "edge/inventory/tx.h"
#include "edge/store/commit_header.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {

class Engine::BatchRunner {
 public:
  using Batch = std::vector<std::unique_ptr<Job>>;
  /// Adds requests that arrived meanwhile to the batch; false when none did.
  using TakeMore = std::function<bool(Batch&)>;

  BatchRunner(store::Db& db, const Clock& clock, const EngineOptions& opts,
              const EngineTuning& tuning, WriterState& state, CommitListeners& listeners,
              StockCache& stock_cache, TakeMore take_more);

  /// Notes where the ledger and the outbox stand, before the first batch.
  Status start();

  struct Outcome {
    std::uint64_t failed = 0;  // requests answered with an error
    bool rerun = false;        // rolled back and run again with savepoints
  };
  /// Runs the batch (which may grow through take_more) and commits it. Every
  /// job has its result afterwards; nothing is thrown. An empty batch only
  /// takes in what other processes committed, for the listeners.
  Outcome run(Batch& batch);

  /// Another process (the operator CLI, an import) committed to the same
  /// file since the last batch.
  bool changed_elsewhere();
  /// The daily totals are due to take in the ledger's newest movements
  /// (day_totals.h): the idle writer runs an empty batch for it.
  bool days_due() const;

 private:
  /// How a pass over the batch ended.
  enum class Pass {
    clean,                 // every request ran; those that failed wrote nothing
    failed_after_writing,  // a request failed and left writes behind
    lost,                  // SQLite rolled back the whole transaction
  };
  /// What this writer has told the listeners of.
  struct Seen {
    std::int64_t data_version = -1;
    std::int64_t movements = 0;  // highest movement id reported
    std::int64_t seq = 0;        // highest outbox seq reported
  };

  void run_and_commit(Batch& batch, const Seen& before, Outcome& out, bool& committed);
  Status begin_batch(Tx& tx);
  Pass run_plain(Batch& batch, Tx& tx, std::uint64_t& failed);
  Pass run_with_savepoints(Batch& batch, Tx& tx, std::uint64_t& failed);
  void run_job(Job& job, Tx& tx);
  /// Notes why the transaction went, for the batch's answers.
  Pass lost(const Status& cause, const char* when);
  Pass write_cost_pools_when_due(Tx& tx);
  /// `idle`: a batch of no requests, run by the idle writer.
  Pass fold_day_totals_when_due(Tx& tx, bool idle);
  /// Ends a batch that cannot commit: nothing of it stays in the store, and
  /// every request fails with `why`.
  void give_up(Batch& batch, const Seen& before, const Status& why);
  void commit_batch(Batch& batch, Tx& tx, const Seen& before, std::uint64_t& failed,
                    bool& committed);
  Status absorb_changes_elsewhere(Tx& tx);
  Status note_own_writes(Tx& tx);
  /// Tells the stock cache which stamps this batch moved, and what for.
  Status register_stamps(Tx& tx, bool* registered);
  /// After a COMMIT that held: gives the stock cache the stamp with the
  /// commit header this commit published, when no other commit came after.
  void publish_stamp();

  store::Db& db_;
  const Clock& clock_;
  const EngineOptions& opts_;
  const EngineTuning& tuning_;
  WriterState& state_;
  CommitListeners& listeners_;
  StockCache& stock_cache_;
  TakeMore take_more_;
  std::int64_t stamp_at_begin_ = 0, master_at_begin_ = 0;  // the stock stamp when the batch began
  std::int64_t stamp_at_commit_ = 0;                       // and as the batch commits it
  std::unique_ptr<store::CommitHeaderReader> headers_;
  std::optional<store::CommitHeader> header_at_begin_;  // read under the write lock
  Seen seen_;
  int savepoint_batches_ = 0;  // batches still to run with savepoints after a rerun
  TimeMs days_folded_at_ = 0;     // when the daily totals were last folded (the writer's clock)
  bool days_behind_ = true;       // movements were left to fold then
  std::int64_t days_through_ = 0;  // their mark as last folded (0 when counted in another zone)
  Status lost_cause_;
};

}  // namespace jxc::inventory
