// `jxc-edge check-config FILE`: validates a configuration without starting
// anything, and checks the files it names as `run` would
// (edge/config/referenced_files.h). Prints "FILE: ok" and exits 0, or prints
// every error as "FILE:LINE:COLUMN: KEY: what is wrong and what is expected"
// on stderr and exits 1. Warnings (edge/config/config_warnings.h) go to
// stderr as "FILE:LINE:COLUMN: KEY: warning: ..." and do not fail the check.
#include <iostream>
#include <memory>
#include <string>

#include "edge/app/commands.h"
#include "edge/config/config.h"
#include "edge/config/config_warnings.h"
#include "edge/config/referenced_files.h"
#include "edge/service/config_sections.h"

namespace jxc::app {

void add_check_config_command(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "check-config", "Validate a TOML configuration and print every error with its line and column");
  cmd->add_option("FILE", *file, "Configuration file to check")->required();
  cmd->callback([file] {
    std::vector<config::ConfigError> errors;
    auto loaded = config::load_file(*file, service::config_sections(), &errors);
    if (loaded.is_ok()) errors = config::check_referenced_files(*loaded);
    if (loaded.is_ok())
      for (const auto& w : config::config_warnings(*loaded)) std::cerr << w.to_string(*file) << "\n";
    if (loaded.is_ok() && errors.empty()) {
      std::cout << *file << ": ok\n";
      return;
    }
    for (const auto& e : errors) std::cerr << e.to_string(*file) << "\n";
    std::cerr << *file << ": " << errors.size() << (errors.size() == 1 ? " error\n" : " errors\n");
    throw CLI::RuntimeError(1);
  });
}

}  // namespace jxc::app
