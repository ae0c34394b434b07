#include "edge/service/store_check.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "edge/store/integrity.h"

namespace jxc::service {

namespace {
constexpr std::uintmax_t kSlowReadBytesPerSecond = 10u << 20;  // 10 MiB/s: a worn SD card
// Checks expected to finish within this need no more time than the unit's
// start timeout (60 s) already gives.
constexpr std::chrono::seconds kWithinStartTimeout{10};
constexpr std::chrono::seconds kMargin{60};
}  // namespace

std::chrono::seconds quick_check_allowance(std::uintmax_t bytes) {
  std::chrono::seconds read_time(bytes / kSlowReadBytesPerSecond);
  return read_time < kWithinStartTimeout ? std::chrono::seconds(0) : read_time + kMargin;
}

Status check_store_at_start(const std::string& store_path, devices::HealthSink& health, Notifier& notifier) {
  std::error_code ec;
  std::uintmax_t bytes = std::filesystem::file_size(store_path, ec);
  if (!ec) {
    std::uintmax_t wal = std::filesystem::file_size(store_path + "-wal", ec);
    if (!ec) bytes += wal;
    if (auto more = quick_check_allowance(bytes); more.count() > 0) {
      spdlog::info("store: {} is {} MiB; asking for {} s more to check it", store_path, bytes >> 20, more.count());
      notifier.notify("EXTEND_TIMEOUT_USEC=" + std::to_string(more.count() * 1'000'000));
    }
  }
  auto checked = store::quick_check_file(store_path);
  if (!checked.is_ok()) {
    health.report(kStoreHealthId, "store", devices::DeviceState::offline, checked.status().reason());
    return checked.status();
  }
  std::string detail = checked->ran ? "quick_check ok in " + std::to_string(checked->took.count()) + " ms"
                                    : "new store, nothing to check";
  spdlog::info("store: {} {}", store_path, detail);
  health.report(kStoreHealthId, "store", devices::DeviceState::online, detail);
  return Status::ok();
}

}  // namespace jxc::service
