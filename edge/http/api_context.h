#pragma once
// What the API's handlers work with: the engine (writes, on its writer),
// read connections, the registries, the configuration and the clock. Owned
// by HttpService; handlers keep a reference for the server's life.

#include <atomic>

#include "edge/common/clock.h"
#include "edge/config/config.h"
#include "edge/devices/health.h"
#include "edge/http/login_limiter.h"
#include "edge/http/queries_pool.h"
#include "edge/http/request_metrics.h"
#include "edge/http/sessions.h"
#include "edge/http/token_cache.h"
#include "edge/inventory/engine.h"
#include "edge/metrics/registry.h"

namespace jxc::http {

struct ApiContext {
  inventory::Engine& engine;
  QueriesPool& queries;
  metrics::Registry& metrics;
  RequestMetrics& request_metrics;
  devices::HealthRegistry& health;
  const config::Config& config;
  const Clock& clock;
  Sessions& sessions;
  LoginLimiter& login_limiter;
  TokenCache& tokens;
  /// Set by the gateway once the store is open and the devices started,
  /// cleared when it starts stopping; /readyz answers from it.
  std::atomic<bool> ready{false};
};

}  // namespace jxc::http
