#pragma once
// The inventory engine: the only writer of the store.
//
// Requests come from many threads at once (device pipelines, the HTTP API, the
// sync downlink, the CLI). Each is a function over a unit of work (Tx). One
// writer thread takes whatever requests are waiting, runs them one after
// another in a single transaction, takes in those that arrive meanwhile, and
// commits them together (group commit); no request is answered before the
// COMMIT that holds it is durable. A second thread hands out the answers, in
// commit order, while the writer goes on with the next batch.
//
// Each request stays atomic and gets its own error. A request that fails
// before writing anything just fails. One that fails after writing would leave
// half its writes in the transaction, so the writer rolls the whole batch back
// and runs it again with every request in its own SAVEPOINT, where a failure
// takes back only its own writes. Savepoints are paid only then: SQLite copies
// every page a request changes into a journal first, which costs a quarter of
// the writer's work on small documents. Hence a request's function may run
// twice (see run()).
//
// A request whose function throws fails with Errc::internal (the message
// names what it threw) like a request that fails after writing: the batch is
// rolled back and run again without it. Should SQLite roll back the whole
// transaction by itself (a full disk, an I/O error, no memory), every
// request of the batch fails with Errc::storage and nothing of it runs on.
// An exception from a commit listener or a `done` callback is logged; the
// writer and the answering thread go on.
//
// Thread-safety: every public method may be called from any thread. The
// blocking methods wait for the commit; submit_async() calls `done` on the
// answering thread, so the callee must hand work back to its own executor.

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "edge/common/clock.h"
#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/count_progress.h"
#include "edge/inventory/types.h"

namespace jxc::inventory {

class Tx;
struct EngineTuning;  // engine_tuning.h
class StockCache;    // stock_cache.h

/// What a deployment sets (from its configuration file); the engine's
/// internal settings are EngineTuning.
struct EngineOptions {
  std::string store_path;
  std::string gateway_id = "gw-1";
  std::string site_id;
  std::string currency = "CNY";  // ISO 4217: the currency of every amount ([site] currency)
  NegativePolicy negative_stock = NegativePolicy::block;  // default for sites without their own
  double over_receipt_tolerance_pct = 0;  // default for orders without their own
  size_t max_batch = 1024;  // requests per group commit
  /// The write-ahead log's size, in pages, at which the writer checkpoints
  /// itself; the checkpoint thread is woken per quarter of it. A longer log
  /// lets a page changed by many commits (balances, index pages) be copied
  /// into the database once for all of them.
  int wal_limit_pages = 32768;
  /// A count is approved by someone other than its counters ([site] four_eyes).
  bool four_eyes = true;
  /// The site's time zone ([site] timezone): the days the ledger's daily
  /// totals are counted in (day_totals.h).
  TimeZone site_zone;
};

/// What one committed batch changed, for listeners (alerts, the uplink).
/// Movements and outbox events committed to the same file by another process
/// since the previous batch are included, so listeners miss nothing.
struct CommitEffects {
  struct Touched {
    std::int64_t item_id, location_id;
    std::string lot;
    Qty delta = 0;  // signed change of this balance by the movement
  };
  std::vector<Touched> balances;
  std::int64_t last_seq = 0;  // highest outbox seq written in this batch (0: none)
  std::int64_t events = 0;    // outbox entries written in this batch
  std::vector<CountProgress> counts;  // count progress in this batch, in order

  /// Where the effects stood before a request, to take back that request's
  /// alone when it fails (a copy of the whole would grow with the batch).
  struct Mark {
    std::size_t balances = 0;
    std::int64_t last_seq = 0, events = 0;
    std::size_t counts = 0;
  };
  Mark mark() const { return {balances.size(), last_seq, events, counts.size()}; }
  void back_to(const Mark& m) {
    balances.erase(balances.begin() + static_cast<std::ptrdiff_t>(m.balances), balances.end());
    last_seq = m.last_seq;
    events = m.events;
    counts.erase(counts.begin() + static_cast<std::ptrdiff_t>(m.counts), counts.end());
  }
};

class Engine {
 public:
  /// Opens (creating when absent) and migrates the store, then starts the writer.
  static Result<std::unique_ptr<Engine>> open(EngineOptions opts,
                                              const Clock& clock = SystemClock::instance());
  /// open() with internal settings other than their defaults (benchmarks, tests).
  static Result<std::unique_ptr<Engine>> open(EngineOptions opts, const Clock& clock,
                                              const EngineTuning& tuning);
  ~Engine();  // stop()
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Identity of this store; changes only when the store is created anew.
  const std::string& epoch() const;
  const EngineOptions& options() const;

  // ---- master data ----
  // Each import is all-or-nothing: every record is checked, every rejected one
  // is listed in `errors`, and nothing is written unless all are good. Returns
  // how many records were written.
  Result<std::size_t> import_items(std::vector<Item> items, std::vector<RowError>* errors = nullptr);
  Result<std::size_t> import_locations(std::vector<Location> locations,
                                       std::vector<RowError>* errors = nullptr);
  Result<std::size_t> import_thresholds(std::vector<Threshold> thresholds,
                                        std::vector<RowError>* errors = nullptr);
  /// Maps raw RFID tags to items (a tag already mapped is moved to the new item).
  Result<std::size_t> import_item_tags(std::vector<ItemTag> tags, std::vector<RowError>* errors = nullptr);
  /// Creates or replaces an open order; lines already received or issued are kept.
  Status upsert_order(Order order);
  Status cancel_order(std::string number);

  // ---- documents ----
  // Retired items and locations (master data the central system no longer
  // lists) may be emptied, never filled. A line that would bring stock of a
  // retired item in from outside (receipt, customer return, gain adjustment)
  // or put anything into a retired location fails the whole document with
  // Errc::retired and the reason ("item X is retired: ..."), writing nothing.
  // Issues, transfers out, scrap, supplier returns, loss adjustments, count
  // approvals and reversals stay allowed, so that a warehouse can clear the
  // stock it still holds. A draft is checked again when it is posted.
  /// Creates, confirms and posts in one transaction.
  Result<DocumentResult> post(DocumentRequest req);
  /// Creates a draft (validated, no stock moves).
  Result<DocumentResult> create(DocumentRequest req);
  Result<DocumentResult> confirm(std::string number);
  Result<DocumentResult> post_document(std::string number, std::string idempotency_key = {});
  Result<DocumentResult> cancel(std::string number);
  /// Posts a reversal document whose movements undo those of a posted document.
  Result<DocumentResult> reverse(std::string number, std::string reason, std::string source,
                                 std::string idempotency_key = {});

  // ---- stock counts ----
  Result<DocumentResult> open_count(CountOpen req);
  Result<DocumentResult> record_count(CountEntry entry);
  /// Posts adjustments for every variance. Refused while bins are uncounted or
  /// lines await a recount, unless `force`.
  Result<DocumentResult> approve_count(std::string number, std::string approver, bool force,
                                       std::string idempotency_key = {});

  /// Forgets idempotency keys (and their first results) recorded before
  /// `older_than`: a request that repeats one of them later is posted again.
  /// Returns how many.
  Result<std::int64_t> forget_requests(TimeMs older_than);

  // ---- generic ----
  /// Runs fn inside the writer's transaction and waits for the commit.
  /// fn may run more than once: when a later request of the same batch fails
  /// after writing, the batch is rolled back and run again. Only the last
  /// run's result is delivered, so fn keeps its effects in the store and in
  /// what it returns; state it shares with the caller is overwritten on each
  /// run, never appended to.
  template <typename T>
  Result<T> run(std::function<Result<T>(Tx&)> fn);
  /// Same, answering through `done` on the answering thread after the commit
  /// (once, however often fn ran). Answers come in the order of the commits,
  /// and in submission order within a batch.
  template <typename T>
  void submit_async(std::function<Result<T>(Tx&)> fn, std::function<void(Result<T>)> done);

  using ListenerId = std::uint64_t;
  /// Each listener is called on the writer thread after every commit, in the
  /// order added; it must be quick (hand work to its own executor). Listeners
  /// may be added and removed at any time, from any thread or a listener.
  ListenerId add_commit_listener(std::function<void(const CommitEffects&)> listener);
  /// Once it returns the listener is neither called again nor still running
  /// (unless called from a listener, which may be the one removed).
  void remove_commit_listener(ListenerId id);

  /// Answers of stock lookups kept while the store says they are true; this
  /// engine's writer tells it what each commit changed.
  StockCache& stock_cache();

  /// Finishes the batch in flight, fails what is still queued with
  /// Errc::unavailable, joins the writer, and returns once every request has
  /// been answered. Idempotent.
  void stop();

  struct Stats {
    std::uint64_t commits = 0, requests = 0, failed_requests = 0;
    /// Batches rolled back and run again with a savepoint per request,
    /// because a request failed after writing.
    std::uint64_t reruns = 0;
    /// Requests waiting for the writer to take them.
    std::uint64_t queued = 0;
    /// CPU time the writer thread has used, for benchmarks: the engine is
    /// bound by this one thread, and it is steadier than wall time on a
    /// shared machine.
    std::uint64_t writer_cpu_ns = 0;
    /// Heap held by the writer's page cache after its last batch, or after
    /// it gave the cache back when idle.
    std::int64_t writer_cache_bytes = 0;
  };
  Stats stats() const;

 private:
  struct Job {
    virtual ~Job() = default;
    virtual void run(Tx& tx) = 0;         // may run again after a rollback
    virtual bool ok() const = 0;          // did run() succeed
    virtual Status failure() const = 0;   // why not; ok when it did or has not run
    virtual void commit_failed(Status s) = 0;
    virtual void finish() = 0;            // after commit: deliver the result
    bool threw = false;  // run() threw: failed for good, not run again
  };
  template <typename T>
  struct TypedJob;

  class Impl;
  class BatchRunner;  // batch_runner.h
  explicit Engine(std::unique_ptr<Impl> impl);
  void enqueue(std::unique_ptr<Job> job);

  std::unique_ptr<Impl> impl_;
};

template <typename T>
struct Engine::TypedJob final : Engine::Job {
  std::function<Result<T>(Tx&)> fn;
  std::function<void(Result<T>)> done;
  std::optional<Result<T>> result;

  void run(Tx& tx) override { result.emplace(fn(tx)); }
  bool ok() const override { return result && result->is_ok(); }
  Status failure() const override { return result ? result->status() : Status::ok(); }
  void commit_failed(Status s) override { result.emplace(std::move(s)); }
  void finish() override {
    if (!result) result.emplace(error(Errc::unavailable, "the engine is stopping"));
    done(std::move(*result));
  }
};

template <typename T>
void Engine::submit_async(std::function<Result<T>(Tx&)> fn, std::function<void(Result<T>)> done) {
  auto job = std::make_unique<TypedJob<T>>();
  job->fn = std::move(fn);
  job->done = std::move(done);
  enqueue(std::move(job));
}

template <typename T>
Result<T> Engine::run(std::function<Result<T>(Tx&)> fn) {
  auto promise = std::make_shared<std::promise<Result<T>>>();
  auto future = promise->get_future();
  submit_async<T>(std::move(fn), [promise](Result<T> r) { promise->set_value(std::move(r)); });
  return future.get();
}

}  // namespace jxc::inventory
