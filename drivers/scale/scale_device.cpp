#include "drivers/scale/scale_device.h"

#include <map>

#include "edge/config/config.h"
#include "edge/inventory/quantity.h"
#include "edge/inventory/queries.h"
#include "edge/weight/weight_store.h"

namespace jxc::scale {

Result<std::vector<weight::SlotSpec>> slot_specs(const config::Scales& cfg, inventory::Queries& queries) {
  std::vector<weight::SlotSpec> specs;
  for (const auto& s : cfg.slots) {
    std::string where = "slot " + s.id + ": ";
    auto item = queries.item(s.item);
    if (!item) return error(Errc::config, where + item.status().reason());
    auto bin = queries.location(s.bin);
    if (!bin) return error(Errc::config, where + bin.status().reason());
    weight::SlotSpec spec;
    spec.id = s.id;
    spec.item = s.item;
    spec.bin = s.bin;
    spec.device = s.bus;
    spec.rules.tare_g = s.tare_g;
    // Configured weight first, then master data; a calibration overrides both.
    spec.rules.unit_g = s.unit_weight_g > 0 ? s.unit_weight_g : item->unit_weight_g.value_or(0);
    // Goods sold by weight (kg with decimals): the weight is the quantity.
    if (const double g = inventory::weighed_unit_g(*item); g > 0) {
      spec.rules.unit_g = g;
      spec.rules.weighed = true;
    }
    spec.rules.tolerance = s.tolerance;
    spec.rules.hysteresis = cfg.hysteresis;
    spec.rules.band_g = s.band_g;
    spec.rules.window_ms = s.window_ms;
    if (const config::ScaleModel* model = cfg.find_model(s.model))
      if (auto map = map_from_config(*model)) spec.rules.resolution_g = resolution_g(*map);
    specs.push_back(spec);
  }
  return specs;
}

Status ScaleBusDevice::reconfigure(const config::Config& now) { return shelf_->reconfigure(now.scales); }

Result<std::vector<std::unique_ptr<devices::Device>>> scale_devices(
    const config::Scales& cfg, inventory::Engine& engine, const std::string& store_path,
    devices::HealthSink& health, const Clock& clock, std::shared_ptr<PendingShelf>* shelf_out) {
  std::vector<std::unique_ptr<devices::Device>> out;
  if (cfg.buses.empty() && cfg.slots.empty()) {
    // No shelves configured (any more): slots stored by an earlier
    // configuration must not go on reporting their last counts.
    JXC_TRY(engine.run<bool>([](inventory::Tx& tx) -> Result<bool> {
      JXC_TRY(weight::retire_slots(tx, {}));
      return true;
    }));
    return out;
  }
  std::map<std::string, std::vector<PolledSlot>> polled;
  for (const auto& s : cfg.slots) {
    std::string where = "slot " + s.id + ": ";
    const config::ScaleModel* model = cfg.find_model(s.model);
    if (!model) return error(Errc::config, where + "unknown model " + s.model);
    auto map = map_from_config(*model);
    if (!map) return error(Errc::config, where + map.status().reason());

    PolledSlot p;
    p.id = s.id;
    p.slave = static_cast<int>(s.slave);
    p.channel_base = static_cast<int>(s.base) + static_cast<int>(s.channel) * (map->separate ? map->weight_stride
                                                                                              : map->channel_stride);
    p.status_base = static_cast<int>(s.base + s.channel * map->status_stride);
    p.map = *map;
    for (const auto& r : p.ranges())
      if (r.address + r.count > 65536) return error(Errc::config, where + "registers run past address 65535");
    polled[s.bus].push_back(p);
  }
  weight::ShelfOptions opts;
  opts.match_window_ms = cfg.match_window_s * 1000;
  auto shelf = std::make_shared<PendingShelf>(cfg, engine, store_path, health, clock, opts);
  JXC_TRY(shelf->try_build());
  for (const auto& bus : cfg.buses) {
    auto poller = std::make_unique<BusPoller>(bus, polled[bus.id], make_link(bus), *shelf, health, clock);
    out.push_back(std::make_unique<ScaleBusDevice>(shelf, std::move(poller)));
  }
  if (shelf_out) *shelf_out = shelf;
  return out;
}

Result<std::vector<std::unique_ptr<devices::Device>>> scale_devices(devices::DeviceContext& ctx) {
  return scale_devices(ctx.config.scales, ctx.engine, ctx.store_path, ctx.health, ctx.clock, nullptr);
}

}  // namespace jxc::scale
