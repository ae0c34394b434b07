#include "edge/sync/device_events.h"

#include <mutex>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "edge/inventory/outbox.h"
#include "edge/inventory/tx.h"

namespace jxc::sync {

struct DeviceEvents::Shared {
  std::mutex mu;
  inventory::Engine* engine = nullptr;  // null once detached
};

bool reported_as_device(std::string_view kind) {
  return kind == "rfid" || kind == "scanner" || kind == "scale";
}

std::string device_status_payload(const devices::DeviceHealth& now, devices::DeviceState before) {
  nlohmann::json j = {{"device_id", now.id},
                      {"kind", now.kind},
                      {"state", devices::to_string(now.state)},
                      {"previous_state", devices::to_string(before)},
                      {"at", format_iso8601(now.since)}};
  if (!now.detail.empty()) j["detail"] = now.detail;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

DeviceEvents::DeviceEvents(devices::HealthRegistry& health, inventory::Engine& engine)
    : shared_(std::make_shared<Shared>()) {
  shared_->engine = &engine;
  std::weak_ptr<Shared> weak = shared_;
  health.add_listener([weak](const devices::DeviceHealth& now, devices::DeviceState before) {
    if (!reported_as_device(now.kind)) return;
    auto shared = weak.lock();
    if (!shared) return;
    std::lock_guard lock(shared->mu);
    if (!shared->engine) return;
    // The change is written in the order reported: submit_async keeps the
    // order of the requests it is given.
    shared->engine->submit_async<std::int64_t>(
        [payload = device_status_payload(now, before), at = now.since](inventory::Tx& tx) {
          return inventory::Outbox::append(tx, "device.status", at, payload);
        },
        [id = now.id](Result<std::int64_t> r) {
          if (!r) spdlog::warn("device {}: its state change is not recorded for the central system: {}", id,
                               r.status().to_string());
        });
  });
}

DeviceEvents::~DeviceEvents() { detach(); }

void DeviceEvents::detach() {
  std::lock_guard lock(shared_->mu);
  shared_->engine = nullptr;
}

}  // namespace jxc::sync
