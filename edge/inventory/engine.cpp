#include "edge/inventory/engine.h"

#include <spdlog/spdlog.h>

#include <pthread.h>
#include <time.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <thread>

#include "edge/inventory/answering_thread.h"
#include "edge/inventory/batch_runner.h"
#include "edge/inventory/caught.h"
#include "edge/inventory/commit_listeners.h"
#include "edge/inventory/documents.h"
#include "edge/inventory/engine_tuning.h"
#include "edge/inventory/master_data.h"
#include "edge/inventory/orders.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/requests.h"
#include "edge/inventory/stock_count.h"
#include "edge/inventory/tx.h"
#include "edge/store/checkpointer.h"
#include "edge/store/schema.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

std::uint64_t thread_cpu_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

Status load_or_create_epoch(store::Db& db, WriterState& state) {
  JXC_ASSIGN(auto st, db.prepare("SELECT value FROM meta WHERE key='epoch'"));
  JXC_ASSIGN(bool row, st->step());
  if (row) {
    state.epoch = st->text(0);
    return Status::ok();
  }
  // A new store: a new identity, so that a receiver never confuses its
  // sequence numbers with those of a store that was lost and recreated.
  std::uint64_t a = state.rng(), b = state.rng();
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  state.epoch = buf;
  JXC_ASSIGN(auto ins, db.prepare("INSERT INTO meta(key,value) VALUES('epoch',?1)"));
  ins->bind_all(state.epoch);
  return ins->run();
}

}  // namespace

class Engine::Impl {
 public:
  Impl(EngineOptions opts, const EngineTuning& tuning, const Clock& clock, std::unique_ptr<store::Db> db)
      : opts_(std::move(opts)), tuning_(tuning), clock_(clock), db_(std::move(db)),
        runner_(*db_, clock_, opts_, tuning_, state_, listeners_, stock_cache_,
                [this](BatchRunner::Batch& batch) { return take_more(batch); }) {}

  Status start() {
    JXC_TRY(db_->exec("PRAGMA cache_size=-" + std::to_string(std::max(tuning_.writer_cache_kib, 64))));
    JXC_TRY(load_or_create_epoch(*db_, state_));
    JXC_TRY(runner_.start());
    if (tuning_.background_checkpoint) {
      store::Checkpointer::Options co;
      co.writer_at_pages = std::max(opts_.wal_limit_pages, 4);
      co.wake_at_pages = co.writer_at_pages / 4;
      JXC_ASSIGN(checkpointer_, store::Checkpointer::start(*db_, co));
    }
    answers_.start();
    writer_ = std::thread([this] {
      (void)pthread_setname_np(pthread_self(), "jxc-writer");
      writer_loop();
    });
    return Status::ok();
  }

  void enqueue(std::unique_ptr<Job> job) {
    {
      std::lock_guard lock(mu_);
      if (!stopping_) {
        queue_.push_back(std::move(job));
        cv_.notify_one();
        return;
      }
    }
    job->commit_failed(error(Errc::unavailable, "the inventory engine is stopping"));
    try {
      job->finish();
    } catch (...) {
      spdlog::error("inventory: an answer's callback threw: {}", caught_exception_text());
    }
  }

  void stop() {
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        if (!writer_.joinable()) return;
      }
      stopping_ = true;
      cv_.notify_all();
    }
    if (writer_.joinable()) writer_.join();
    answers_.stop();
    std::lock_guard lock(mu_);
    checkpointer_.reset();
  }

  Stats stats() const {
    std::lock_guard lock(mu_);
    Stats s = stats_;
    s.queued = queue_.size();
    return s;
  }

  EngineOptions opts_;
  EngineTuning tuning_;
  const Clock& clock_;
  std::unique_ptr<store::Db> db_;
  WriterState state_;
  CommitListeners listeners_;
  StockCache stock_cache_;

 private:
  void writer_loop() {
    std::vector<std::unique_ptr<Job>> batch;
    for (;;) {
      try {
        if (!writer_step(batch)) return;
      } catch (...) {
        // A batch's run catches what it throws; this is the loop's own
        // steps. The writer goes on: its callers would wait for ever.
        spdlog::error("inventory: the writer loop failed: {}", caught_exception_text());
        for (auto& job : batch) job->commit_failed(error(Errc::internal, "the writer failed"));
        answers_.hand_over(batch);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }

  /// Waits for requests and runs a batch of them; false once stopped.
  bool writer_step(std::vector<std::unique_ptr<Job>>& batch) {
    {
      std::unique_lock lock(mu_);
      auto poll = std::chrono::milliseconds(std::max(10, tuning_.external_poll_ms));
      if (!cv_.wait_for(lock, poll, [&] { return stopping_ || !queue_.empty(); })) {
        lock.unlock();
        // An empty batch: listeners hear of what others wrote, and the
        // daily totals take in what was posted meanwhile.
        if (runner_.changed_elsewhere() || runner_.days_due()) run_batch(batch);
        if (!cache_given_back_) give_cache_back();
        return true;
      }
      if (stopping_) {
        // The batch in flight is done; what is still queued is refused so
        // that no caller waits for a writer that has gone, and answered
        // after the batches before it.
        std::vector<std::unique_ptr<Job>> rest(std::make_move_iterator(queue_.begin()),
                                               std::make_move_iterator(queue_.end()));
        queue_.clear();
        lock.unlock();
        for (auto& job : rest) job->commit_failed(error(Errc::unavailable, "the inventory engine is stopping"));
        answers_.hand_over(rest);
        return false;
      }
      std::size_t n = std::min(queue_.size(), std::max<std::size_t>(1, opts_.max_batch));
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
    return true;
  }

  void run_batch(std::vector<std::unique_ptr<Job>>& batch) {
    const BatchRunner::Outcome out = runner_.run(batch);
    if (batch.empty()) return;  // only absorbed what others wrote
    // Read before taking the lock that every caller's enqueue waits on.
    const std::uint64_t cpu_ns = thread_cpu_ns();
    const std::int64_t cache = db_->cache_bytes();
    {
      std::lock_guard lock(mu_);
      ++stats_.commits;
      stats_.requests += batch.size();
      stats_.writer_cpu_ns = cpu_ns;
      stats_.failed_requests += out.failed;
      stats_.reruns += out.rerun ? 1 : 0;
      stats_.writer_cache_bytes = cache;
    }
    cache_given_back_ = false;
    if (tuning_.lose_answer)
      for (auto& job : batch)
        if (job->ok() && tuning_.lose_answer()) job->commit_failed(error(Errc::storage, "the answer was lost"));
    // Answer only after the COMMIT is durable (synchronous=FULL).
    answers_.hand_over(batch);
  }

  void give_cache_back() {
    db_->release_memory();
    cache_given_back_ = true;
    const std::int64_t cache = db_->cache_bytes();
    std::lock_guard lock(mu_);
    stats_.writer_cache_bytes = cache;
  }

  /// Requests that arrived while the batch ran join it, up to max_batch:
  /// callers answered at the last commit are already sending their next
  /// requests, and a commit for the few that were queued would cost a sync.
  bool take_more(std::vector<std::unique_ptr<Job>>& batch) {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.empty() || batch.size() >= opts_.max_batch) return false;
    std::size_t n = std::min(queue_.size(), opts_.max_batch - batch.size());
    for (std::size_t i = 0; i < n; ++i) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    return true;
  }

  BatchRunner runner_;  // used by the writer thread alone
  mutable std::mutex mu_;
  bool cache_given_back_ = true;     // since the last batch
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Job>> queue_;
  bool stopping_ = false;
  Stats stats_;
  std::thread writer_;
  AnsweringThread<Job> answers_;  // stopped after the writer
  std::unique_ptr<store::Checkpointer> checkpointer_;  // reset once the writer has stopped
};

Result<std::unique_ptr<Engine>> Engine::open(EngineOptions opts, const Clock& clock) {
  return open(std::move(opts), clock, EngineTuning{});
}

Result<std::unique_ptr<Engine>> Engine::open(EngineOptions opts, const Clock& clock,
                                             const EngineTuning& tuning) {
  if (opts.store_path.empty()) return error(Errc::invalid_argument, "no store path given");
  std::filesystem::path dir = std::filesystem::path(opts.store_path).parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return error(Errc::storage, "cannot create " + dir.string() + ": " + ec.message());
  }
  store::Db::Options db_opts;
  db_opts.coalesce_wal_writes = tuning.coalesce_wal_writes;
  db_opts.vfs = tuning.vfs;
  db_opts.busy_timeout_ms = tuning.busy_timeout_ms;
  JXC_ASSIGN(auto db, store::Db::open(opts.store_path, db_opts));
  JXC_TRY(store::migrate(*db));
  auto impl = std::make_unique<Impl>(std::move(opts), tuning, clock, std::move(db));
  JXC_TRY(impl->start());
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() { stop(); }

const std::string& Engine::epoch() const { return impl_->state_.epoch; }
const EngineOptions& Engine::options() const { return impl_->opts_; }
void Engine::enqueue(std::unique_ptr<Job> job) { impl_->enqueue(std::move(job)); }
void Engine::stop() { impl_->stop(); }
Engine::Stats Engine::stats() const { return impl_->stats(); }
Engine::ListenerId Engine::add_commit_listener(std::function<void(const CommitEffects&)> listener) {
  return impl_->listeners_.add(std::move(listener));
}
void Engine::remove_commit_listener(ListenerId id) { impl_->listeners_.remove(id); }

StockCache& Engine::stock_cache() { return impl_->stock_cache_; }

namespace {
/// Runs an all-or-nothing import on the writer and hands back its row errors.
template <typename Row, typename Import>
Result<std::size_t> import_rows(Engine& engine, const std::vector<Row>& rows,
                                std::vector<RowError>* errors, Import import) {
  std::vector<RowError> errs;
  auto r = engine.run<std::size_t>([&](Tx& tx) { return import(tx, rows, errs); });
  if (errors) *errors = std::move(errs);
  return r;
}
}  // namespace

Result<std::size_t> Engine::import_items(std::vector<Item> items, std::vector<RowError>* errors) {
  return import_rows(*this, items, errors, inventory::import_items);
}

Result<std::size_t> Engine::import_locations(std::vector<Location> locations,
                                             std::vector<RowError>* errors) {
  return import_rows(*this, locations, errors, inventory::import_locations);
}

Result<std::size_t> Engine::import_thresholds(std::vector<Threshold> thresholds,
                                              std::vector<RowError>* errors) {
  return import_rows(*this, thresholds, errors, inventory::import_thresholds);
}

Result<std::size_t> Engine::import_item_tags(std::vector<ItemTag> tags, std::vector<RowError>* errors) {
  return import_rows(*this, tags, errors, inventory::import_item_tags);
}

Status Engine::upsert_order(Order order) {
  return run<bool>([&order](Tx& tx) -> Result<bool> {
           JXC_TRY(inventory::upsert_order(tx, order));
           return true;
         })
      .status();
}

Status Engine::cancel_order(std::string number) {
  return run<bool>([&number](Tx& tx) -> Result<bool> {
           JXC_TRY(inventory::cancel_order(tx, number));
           return true;
         })
      .status();
}

Result<DocumentResult> Engine::post(DocumentRequest req) {
  return run<DocumentResult>([&req](Tx& tx) {
    return once(tx, req.idempotency_key, [&req](Tx& t) { return create_and_post(t, req); });
  });
}

Result<DocumentResult> Engine::create(DocumentRequest req) {
  return run<DocumentResult>([&req](Tx& tx) {
    return once(tx, req.idempotency_key, [&req](Tx& t) { return create_document(t, req); });
  });
}

Result<DocumentResult> Engine::confirm(std::string number) {
  return run<DocumentResult>([&number](Tx& tx) { return confirm_document(tx, number); });
}

Result<DocumentResult> Engine::post_document(std::string number, std::string idempotency_key) {
  return run<DocumentResult>([&](Tx& tx) {
    return once(tx, idempotency_key, [&number](Tx& t) { return inventory::post_document(t, number); });
  });
}

Result<DocumentResult> Engine::cancel(std::string number) {
  return run<DocumentResult>([&number](Tx& tx) { return cancel_document(tx, number); });
}

Result<DocumentResult> Engine::reverse(std::string number, std::string reason, std::string source,
                                       std::string idempotency_key) {
  return run<DocumentResult>([&](Tx& tx) {
    return once(tx, idempotency_key,
                [&](Tx& t) { return reverse_document(t, number, reason, source); });
  });
}

Result<DocumentResult> Engine::open_count(CountOpen req) {
  return run<DocumentResult>([&req](Tx& tx) {
    return once(tx, req.idempotency_key, [&req](Tx& t) { return inventory::open_count(t, req); });
  });
}

Result<DocumentResult> Engine::record_count(CountEntry entry) {
  return run<DocumentResult>([&entry](Tx& tx) {
    return once(tx, entry.idempotency_key, [&entry](Tx& t) { return inventory::record_count(t, entry); });
  });
}

Result<DocumentResult> Engine::approve_count(std::string number, std::string approver, bool force,
                                             std::string idempotency_key) {
  return run<DocumentResult>([&](Tx& tx) {
    return once(tx, idempotency_key,
                [&](Tx& t) { return inventory::approve_count(t, number, approver, force); });
  });
}

Result<std::int64_t> Engine::forget_requests(TimeMs older_than) {
  return run<std::int64_t>([older_than](Tx& tx) -> Result<std::int64_t> {
    // Records are appended in time order, so the old ones are those below the
    // first young one: min(id) stops at it, and no index on created_at is
    // kept for this hourly delete. Should the clock have stepped back, an
    // old record after a young one waits for a later prune; none younger
    // than the cut is ever deleted.
    JXC_ASSIGN(auto* st, tx.db().cached(
                             "DELETE FROM requests WHERE id < coalesce("
                             "(SELECT min(id) FROM requests WHERE created_at >= ?1), "
                             "(SELECT max(id) + 1 FROM requests), 0) AND created_at < ?1"));
    st->bind_all(older_than);
    JXC_TRY(st->run());
    return static_cast<std::int64_t>(tx.db().changes());
  });
}

}  // namespace jxc::inventory
