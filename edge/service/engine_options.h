#pragma once
// The inventory engine's options from the gateway's configuration: the store
// path with its default, the gateway's identity and the [inventory] and
// [store] settings. Used by the daemon and by the CLI's store commands.

#include "edge/config/config.h"
#include "edge/inventory/engine.h"

namespace jxc::service {

inventory::EngineOptions engine_options(const config::Config& config);

}  // namespace jxc::service
