#pragma once
// The shelf of every configured slot, built once master data holds each
// slot's item and bin. A new gateway runs before the central system's first
// snapshot has brought them: until then the buses are polled as usual, their
// readings are dropped, and the wait is reported as the health of the
// device "shelf" with what is missing. Master data is looked at again after a
// pass over a bus, at most every few seconds; once everything is known the
// shelf is built, loaded and counts from the next reading on.
//
// Thread-safety: the WeightSink calls come from every bus's poller thread;
// try_build() and reconfigure() from any thread.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "edge/common/clock.h"
#include "edge/config/config.h"
#include "edge/devices/health.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"
#include "edge/weight/shelf.h"

namespace jxc::scale {

class PendingShelf final : public weight::WeightSink {
 public:
  static constexpr const char* kHealthId = "shelf";

  PendingShelf(config::Scales cfg, inventory::Engine& engine, std::string store_path, devices::HealthSink& health,
               const Clock& clock, weight::ShelfOptions opts);

  /// Builds the shelf when master data holds every slot's item and bin;
  /// otherwise reports what it waits for. An error is anything else: a
  /// store that cannot be read, a slot the shelf cannot count.
  Status try_build();

  /// The shelf, once built; null while waiting for master data.
  std::shared_ptr<weight::Shelf> shelf() const;

  /// Slot-level [scales] changes: applied to the shelf, or kept for the build.
  Status reconfigure(const config::Scales& now);

  void on_reading(const std::string& slot, const weight::Sample& s) override;
  void on_offline(const std::string& slot) override;
  void on_idle() override;

  /// How long a waiting shelf leaves between looks at master data.
  static constexpr std::chrono::seconds kRetry{2};

 private:
  Status try_build_locked();

  mutable std::mutex mu_;
  config::Scales cfg_;
  inventory::Engine& engine_;
  std::string store_path_;
  devices::HealthSink& health_;
  const Clock& clock_;
  weight::ShelfOptions opts_;
  std::shared_ptr<weight::Shelf> shelf_;
  bool waited_ = false;  // reported a wait: its end is reported too
  std::chrono::steady_clock::time_point next_try_{};
};

/// Slots whose item or bin master data does not hold, as "slot S item SKU";
/// empty when every one is known.
Result<std::vector<std::string>> missing_master_data(const config::Scales& cfg, inventory::Queries& queries);

}  // namespace jxc::scale
