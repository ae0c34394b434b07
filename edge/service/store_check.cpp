#include "edge/service/store_check.h"

#include <spdlog/spdlog.h>

#include "edge/store/integrity.h"

namespace jxc::service {

Status check_store_at_start(const std::string& store_path, devices::HealthSink& health) {
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
