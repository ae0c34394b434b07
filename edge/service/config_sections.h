#pragma once
// The gateway's configuration file: the core tables (edge/config) and these
// sections, each parsed by the part that uses it. Every reader of the
// gateway's file (`jxc-edge run`, `check-config`, the store commands, SIGHUP)
// passes this list to config::load_file(), config::known_keys() and
// config::diff().

#include "edge/config/section.h"

namespace jxc::service {

/// [scales], [rfid], [portal], [mqtt], [scanners], [alerts]: the order
/// gateway.example.toml documents them in, which known_keys() and diff() follow.
const config::Sections& config_sections();

}  // namespace jxc::service
