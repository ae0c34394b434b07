#include "edge/service/engine_options.h"

namespace jxc::service {

inventory::EngineOptions engine_options(const config::Config& config) {
  inventory::EngineOptions o;
  o.store_path = config.store_path();
  o.gateway_id = config.gateway.id;
  o.site_id = config.gateway.site;
  o.negative_stock = config.inventory.negative_stock == config::NegativeStock::allow
                         ? inventory::NegativePolicy::allow
                         : inventory::NegativePolicy::block;
  o.over_receipt_tolerance_pct = config.inventory.over_receipt_tolerance_pct;
  o.max_batch = static_cast<size_t>(config.inventory.max_batch);
  o.wal_limit_pages = static_cast<int>(config.store.wal_limit_mib * 1024 * 1024 / 4096);  // SQLite's page size
  o.four_eyes = config.site.four_eyes;
  o.currency = config.site.currency;
  o.site_zone = config.time_zone();
  return o;
}

}  // namespace jxc::service
