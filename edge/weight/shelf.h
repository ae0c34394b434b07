#pragma once
// The shelf: every weighed slot's live count, and the reconciliation of count
// changes with the ledger (weight_store.h says what "explained" means).
//
// Drivers feed it samples (WeightSink) from their own threads. A change of a
// slot's count is written to the store and checked against the book balance of
// its item in its bin, at once and then every `recheck_ms` until it matches or
// `match_window_ms` has passed; then it is a discrepancy. A check the store
// does not answer (locked by another process, a full disk) is tried again
// with back-off (from `recheck_ms`, doubling up to 30 s); a confirmation is
// written under an idempotency key made from the change, so a check whose
// commit succeeded but whose answer was lost does not confirm it twice. Slots that hold the
// same item in the same bin are weighed together. Calibrations made from the
// command line are picked up every `reload_ms`.
//
// Thread-safety: every method may be called from any thread. Store work goes
// through Engine::submit_async; its callbacks keep the shelf alive, so it is
// owned through a shared_ptr.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "edge/common/clock.h"
#include "edge/inventory/engine.h"
#include "edge/weight/sink.h"
#include "edge/weight/slot_counter.h"

namespace jxc::weight {

struct SlotSpec {
  std::string id, item, bin;
  std::string device;  // the transmitter's bus, as the contract's device_id
  CountRules rules;  // unit_g from the configuration or master data; 0: calibration only
};

struct SlotView {
  std::string id, item, bin;
  SlotStatus status = SlotStatus::waiting;
  std::optional<std::int64_t> count;
  double grams = 0;   // last stable gross weight
  double unit_g = 0;  // in use
};

/// The read interface for queries and alerting (low stock on a shelf).
class LiveCounts {
 public:
  virtual ~LiveCounts() = default;
  virtual std::vector<SlotView> slots() const = 0;
  virtual std::optional<SlotView> slot(const std::string& id) const = 0;
};

struct ShelfOptions {
  std::int64_t match_window_ms = 120000;
  std::int64_t recheck_ms = 1000;
  std::int64_t reload_ms = 5000;
};

class Shelf final : public WeightSink,
                    public LiveCounts,
                    public std::enable_shared_from_this<Shelf> {
 public:
  Shelf(inventory::Engine& engine, const Clock& clock, std::vector<SlotSpec> slots, ShelfOptions opts);

  /// Registers the slots in the store and applies stored calibrations. Blocks
  /// for one commit; call before feeding samples.
  Status load();

  /// A configuration reload: the same slots (ids, in the same order) with new
  /// counting rules or a new item or bin. New rules apply from the next
  /// stable reading (a calibrated unit weight still outranks the configured
  /// one); a slot that now holds another item or sits in another bin starts
  /// afresh, waiting for a stable reading, and the slots are regrouped by
  /// item and bin (pending reconciliations of unchanged groups carry on).
  /// The caller has checked that items and bins exist. Errc::invalid_argument
  /// when slots were added, removed or reordered: that needs a restart.
  Status reconfigure(const std::vector<SlotSpec>& specs);

  void on_reading(const std::string& slot, const Sample& s) override;
  void on_offline(const std::string& slot) override;
  void on_idle() override { tick(); }
  /// Time-based work: rechecks, windows that passed, calibration reloads.
  void tick();

  std::vector<SlotView> slots() const override;
  std::optional<SlotView> slot(const std::string& id) const override;
  /// Count changes not yet confirmed or recorded as discrepancies.
  std::size_t pending() const;
  /// Outcomes so far, for tests and health.
  struct Totals {
    std::uint64_t confirmed = 0, discrepancies = 0, store_errors = 0;
  };
  Totals totals() const;

 private:
  struct Slot {
    SlotSpec spec;  // as configured (unit_g from configuration or master data)
    SlotCounter counter;
    double saved_grams = -1e300;
    std::optional<double> calibrated_unit_g;  // from the store; outranks spec.rules.unit_g
  };
  struct Group {  // the slots of one item in one bin
    std::string sku, bin;
    std::vector<std::size_t> slots;
    std::int64_t weighed = -1;  // last sum seen (-1: not every slot counted yet)
    // A change waiting for the ledger.
    bool pending = false;
    std::uint64_t generation = 0;
    std::int64_t before = -1;
    TimeMs changed_at = 0;
    TimeMs previous_change_at = 0;  // when the count before this change was established
    std::int64_t deadline_ms = 0, next_check_ms = 0;
    bool in_flight = false;
    int store_failures = 0;      // checks in a row the store did not answer
    std::int64_t retry_at_ms = 0;  // no check before (back-off after store failures)
    std::uint64_t since_epoch = 0;  // formed by the regrouping of this epoch
  };
  using Job = std::function<void()>;

  std::int64_t steady_ms() const;
  void slot_changed(std::size_t i, std::vector<Job>& jobs);
  void save(std::size_t i, std::vector<Job>& jobs);
  void check(std::size_t g, bool final, std::vector<Job>& jobs);
  void reload(std::vector<Job>& jobs);
  SlotView view(const Slot& s) const;
  void regroup();

  inventory::Engine& engine_;
  const Clock& clock_;
  ShelfOptions opts_;

  mutable std::mutex mu_;
  std::vector<Slot> slots_;
  std::map<std::string, std::size_t> by_id_;
  std::vector<Group> groups_;
  std::vector<std::size_t> group_of_;
  std::int64_t next_reload_ms_ = 0;
  bool reload_in_flight_ = false;
  Totals totals_;
  // Bumped by reconfigure() when it regroups: answers to store work submitted
  // before (group indexes, calibrations read) may no longer apply.
  std::uint64_t epoch_ = 0;
};

}  // namespace jxc::weight
