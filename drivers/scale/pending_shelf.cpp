#include "drivers/scale/pending_shelf.h"

#include <spdlog/spdlog.h>

#include "drivers/scale/scale_device.h"
#include "edge/inventory/queries.h"

namespace jxc::scale {

Result<std::vector<std::string>> missing_master_data(const config::Scales& cfg, inventory::Queries& queries) {
  std::vector<std::string> missing;
  for (const auto& s : cfg.slots) {
    if (auto item = queries.item(s.item); !item) {
      if (item.status().code() != Errc::unknown_item) return item.status();
      missing.push_back("slot " + s.id + " item " + s.item);
    }
    if (auto bin = queries.location(s.bin); !bin) {
      if (bin.status().code() != Errc::unknown_location) return bin.status();
      missing.push_back("slot " + s.id + " bin " + s.bin);
    }
  }
  return missing;
}

PendingShelf::PendingShelf(config::Scales cfg, inventory::Engine& engine, std::string store_path,
                           devices::HealthSink& health, const Clock& clock, weight::ShelfOptions opts)
    : cfg_(std::move(cfg)),
      engine_(engine),
      store_path_(std::move(store_path)),
      health_(health),
      clock_(clock),
      opts_(opts) {}

Status PendingShelf::try_build() {
  std::lock_guard lock(mu_);
  return try_build_locked();
}

Status PendingShelf::try_build_locked() {
  if (shelf_) return Status::ok();
  next_try_ = clock_.steady_now() + kRetry;
  JXC_ASSIGN(auto queries, inventory::Queries::open(store_path_));
  JXC_ASSIGN(auto missing, missing_master_data(cfg_, *queries));
  if (!missing.empty()) {
    std::string detail = "waiting for master data:";
    for (const auto& m : missing) detail += " " + m + " is not known;";
    detail.pop_back();
    if (!waited_) spdlog::warn("scale: {}", detail);
    waited_ = true;
    health_.report(kHealthId, "scale", devices::DeviceState::degraded, detail);
    return Status::ok();
  }
  JXC_ASSIGN(auto specs, slot_specs(cfg_, *queries));
  auto shelf = std::make_shared<weight::Shelf>(engine_, clock_, std::move(specs), opts_);
  JXC_TRY(shelf->load());
  shelf_ = std::move(shelf);
  if (waited_) {
    spdlog::info("scale: master data holds every slot's item and bin; the shelf counts");
    health_.report(kHealthId, "scale", devices::DeviceState::online, "every slot's item and bin known");
  }
  return Status::ok();
}

std::shared_ptr<weight::Shelf> PendingShelf::shelf() const {
  std::lock_guard lock(mu_);
  return shelf_;
}

Status PendingShelf::reconfigure(const config::Scales& now) {
  std::shared_ptr<weight::Shelf> shelf;
  {
    std::lock_guard lock(mu_);
    if (!shelf_) {
      cfg_ = now;
      next_try_ = {};  // looked at again after the next pass
      return Status::ok();
    }
    shelf = shelf_;
  }
  JXC_ASSIGN(auto queries, inventory::Queries::open(store_path_));
  JXC_ASSIGN(auto specs, slot_specs(now, *queries));
  JXC_TRY(shelf->reconfigure(specs));
  std::lock_guard lock(mu_);
  cfg_ = now;
  return Status::ok();
}

void PendingShelf::on_reading(const std::string& slot, const weight::Sample& s) {
  if (auto shelf = this->shelf()) shelf->on_reading(slot, s);
}

void PendingShelf::on_offline(const std::string& slot) {
  if (auto shelf = this->shelf()) shelf->on_offline(slot);
}

void PendingShelf::on_idle() {
  std::shared_ptr<weight::Shelf> shelf;
  {
    std::lock_guard lock(mu_);
    if (!shelf_ && clock_.steady_now() >= next_try_) {
      // Called on a poller's thread: a failure is logged and tried again.
      if (Status st = try_build_locked(); !st.is_ok()) spdlog::warn("scale: shelf not built: {}", st.to_string());
    }
    shelf = shelf_;
  }
  if (shelf) shelf->on_idle();
}

}  // namespace jxc::scale
