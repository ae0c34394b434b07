#pragma once
// The device that turns tag reads into documents: reader drivers deliver to it
// (ReadSink) on their own threads; it copies each batch onto its own thread
// and returns at once, runs PortalLogic there, ticks pass timers on its own
// io_context, and commits what settles through the engine (blocking its own
// thread only, never a driver's).
//
// Thread-safety: on_tag_reads/on_gpi from any thread; start/stop from the
// gateway's thread. Reads delivered before start() or after stop() are
// counted as dropped and otherwise ignored. stop() books the passes still
// open before it returns.
//
// A document the store cannot take for a passing reason (locked by another
// process past the busy timeout, a full disk) waits in a devices::RetryQueue
// (health id "rfid-portal/store-retries") and is committed again under its
// idempotency key until it is booked or refused for good; documents that
// settle while others wait queue behind them, in order. Each try plans the
// document again from the pass, so it is what the pass would have become had
// the store been there then (an order booked meanwhile by the pass before
// it is closed now).
//
// An exception on the pipeline's thread (the read processing, a booking
// listener) is logged and reported (offline, with its reason); the thread
// goes on with the reads queued after a back-off delay (devices::Restarter).

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "edge/devices/device.h"
#include "edge/devices/restart.h"
#include "edge/devices/retry_queue.h"
#include "edge/inventory/queries.h"
#include "edge/rfid/pass_documents.h"
#include "edge/rfid/portal.h"
#include "edge/rfid/reads.h"

namespace jxc::rfid {

class ReadPipeline final : public ReadSink, public devices::Device {
 public:
  /// Builds the pipeline from the [portal] section. Every door's location and
  /// forklift's from_location must exist in master data.
  static Result<std::unique_ptr<ReadPipeline>> create(devices::DeviceContext& ctx);
  /// The factory: one pipeline when [portal] names any read point, else none.
  static Result<std::vector<std::unique_ptr<devices::Device>>> factory(devices::DeviceContext& ctx);
  ~ReadPipeline() override;

  const std::string& id() const override { return id_; }
  void start() override;
  void stop() override;

  void on_tag_reads(const std::string& reader_id, std::span<const TagRead> reads) override;
  void on_gpi(const GpiEvent& event) override;

  /// Runs a tick now and waits until it and everything queued before it
  /// (reads, commits) is done. For tests; not concurrently with stop().
  void sync();

  /// How often pass timers are checked.
  void set_tick_interval(std::chrono::milliseconds d) { tick_every_ = d; }
  /// The delays before the thread goes on after an exception; set before start().
  void set_restart_policy(devices::RestartPolicy p) { restart_policy_ = p; }
  /// The delays and the cap of documents waiting for the store; set before start().
  void set_retry_options(devices::RetryOptions o) { retry_options_ = o; }
  /// Documents waiting for the store.
  std::size_t waiting_for_store() const { return retries_ ? retries_->pending() : 0; }

  struct Stats {
    std::uint64_t reads = 0;  // handed to the read processing
    std::uint64_t documents = 0, held = 0, failed = 0, dropped_reads = 0;
  };
  Stats stats() const;

  /// A document the pipeline committed, for measurements and diagnostics.
  struct Booking {
    TimeMs closed_at = 0;  // the pass's close (or the move's load read), gateway clock
    std::chrono::steady_clock::time_point settled;  // when it left the read processing
    inventory::DocumentResult result;
  };
  /// Called after each commit, on the pipeline thread (on the retry queue's
  /// for a document committed after waiting for the store); set before start().
  void set_booking_listener(std::function<void(const Booking&)> f) { on_booked_ = std::move(f); }

 private:
  ReadPipeline(devices::DeviceContext& ctx, std::unique_ptr<inventory::Queries> queries,
               std::unique_ptr<inventory::Queries> retry_queries);
  void schedule_tick();
  void tick();  // on the pipeline thread
  void book_settled();
  /// Plans a document with the given PassDocuments (the pipeline's or the retries').
  using Plan = std::function<Result<PlannedDocument>(PassDocuments&)>;
  /// What a pass is recorded as (door, close, direction); null for a move.
  using PassNote = std::shared_ptr<const inventory::PassRecord>;
  void record(const std::string& what, const Plan& plan, TimeMs closed_at,
              std::chrono::steady_clock::time_point settled, PassNote note = nullptr);
  void wait_for_store(const std::string& what, Plan plan, TimeMs closed_at,
                      std::chrono::steady_clock::time_point settled, const std::string& why, PassNote note);
  void booked(const std::string& what, const Result<inventory::DocumentResult>& r, TimeMs closed_at,
              std::chrono::steady_clock::time_point settled);
  /// Records what became of a pass (device_records.h): `r` null when it
  /// made no document; `reasons` from its plan.
  void note_pass(const PassNote& note, const Result<inventory::DocumentResult>* r, inventory::PassReasons reasons);
  /// Drops from missing_ what master data now holds; reports what is left.
  void check_missing();
  /// Whether a pass or move the store refused waits and is tried again: the
  /// store was busy or full, or a door's or forklift's location is not in
  /// master data yet (the central system's snapshot brings it).
  bool waits(const Status& s) const;

  std::string id_ = "rfid-portal";
  /// Door and forklift locations the configuration names that master data
  /// does not hold yet ("door door-1 location RECV-9"), with their codes: a
  /// new gateway runs before the central system's first snapshot. Passes
  /// there cannot be booked until it comes; looked for again every tick.
  std::vector<std::pair<std::string, std::string>> missing_;
  /// Every door and forklift location the configuration names.
  std::set<std::string> places_;
  devices::DeviceContext& ctx_;
  std::unique_ptr<inventory::Queries> queries_;
  PassDocuments documents_;
  std::unique_ptr<inventory::Queries> retry_queries_;
  PassDocuments retry_documents_;  // used on the retry queue's thread alone
  PortalLogic logic_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  boost::asio::steady_timer timer_{io_};
  std::chrono::milliseconds tick_every_{50};
  devices::RestartPolicy restart_policy_;
  std::optional<devices::Restarter> restarter_;  // while started
  devices::RetryOptions retry_options_;
  std::optional<devices::RetryQueue> retries_;  // while started
  std::thread thread_;
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> reads_n_{0}, documents_n_{0}, held_n_{0}, failed_n_{0}, dropped_n_{0};
  std::function<void(const Booking&)> on_booked_;
};

}  // namespace jxc::rfid
