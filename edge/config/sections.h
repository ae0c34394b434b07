#pragma once
// Top-level tables whose shape is richer than key = value (arrays of tables
// for readers, doors, scanners, buses, channels ...). Each is parsed by its
// part's own file in edge/config/ (e.g. rfid.cpp) and listed in sections.cpp.
// Internal to jxc_config.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "edge/config/readers.h"

namespace jxc::config::detail {

struct Section {
  std::string_view name;  // top-level key, e.g. "rfid"
  /// Reads the node into `config`, reporting every problem to `errors`
  /// (keys dotted from `name`). Unknown keys must be reported, not ignored.
  std::function<void(const toml::node&, Config&, SectionErrors&)> parse;
  /// Dotted keys this section may hold, for known_keys() ("rfid.readers[].host").
  std::vector<std::string> keys;
  /// The effective value of one of `keys` as the file would write it, for
  /// diff() on reload (arrays of tables: one value per entry, in a list).
  std::function<std::string(const Config&, std::string_view key)> render = {};
};

const std::vector<Section>& sections();

}  // namespace jxc::config::detail
