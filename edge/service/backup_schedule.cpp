#include "edge/service/backup_schedule.h"

#include <spdlog/spdlog.h>

#include "edge/common/clock.h"
#include "edge/inventory/backup.h"

namespace jxc::service {

BackupSchedule::BackupSchedule(std::string store_path, std::string dir, std::size_t keep,
                               std::chrono::steady_clock::duration interval, std::atomic<std::size_t>& taken)
    : store_path_(std::move(store_path)), dir_(std::move(dir)), keep_(keep), interval_(interval), taken_(taken) {}

BackupSchedule::~BackupSchedule() { stop(); }

void BackupSchedule::start() {
  if (thread_.joinable()) return;
  spdlog::info("backup: {} every {} min into {}, the newest {} kept", store_path_,
               std::chrono::duration_cast<std::chrono::minutes>(interval_).count(), dir_, keep_);
  thread_ = std::thread([this] { run(); });
}

void BackupSchedule::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackupSchedule::run() {
  while (true) {
    {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, interval_, [this] { return stopping_; })) return;
    }
    // Whatever goes wrong here is logged; the gateway goes on.
    try {
      auto m = inventory::backup_store(store_path_, dir_, SystemClock::instance().now_ms());
      if (!m) {
        spdlog::warn("backup: {}", m.status().to_string());
        continue;
      }
      auto pruned = inventory::prune_backups(dir_, keep_);
      spdlog::info("backup: {}/{} ({} movements, outbox up to {}){}", dir_, m->file, m->movements, m->last_seq,
                   pruned && *pruned > 0 ? ", " + std::to_string(*pruned) + " older removed" : "");
      ++taken_;
    } catch (const std::exception& e) {
      spdlog::error("backup: {}", e.what());
    }
  }
}

}  // namespace jxc::service
