// `jxc-edge run [--config FILE] [--log-level L]`: the daemon in the
// foreground, as systemd starts it. Parse, check, build, run; the work is in
// edge/service.
//
// Exit codes: edge/service/exit_codes.h, which `run --help` prints. Here:
// kExitConfig when the configuration is invalid and kExitMissingFile when a
// file it names cannot be used; the store's own refusals come from
// service::run_gateway().
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "edge/app/commands.h"
#include "edge/config/config.h"
#include "edge/config/config_warnings.h"
#include "edge/config/referenced_files.h"
#include "edge/service/config_sections.h"
#include "edge/service/exit_codes.h"
#include "edge/service/logging.h"
#include "edge/service/run.h"

namespace jxc::app {
namespace {

struct RunArgs {
  std::string config_file;
  std::string log_level;
};

void run(const RunArgs& args) {
  // Logging first, so that configuration errors reach the journal with an
  // error priority.
  std::string level = args.log_level.empty() ? "info" : args.log_level;
  service::setup_logging(service::detect_log_format(), level);

  config::Config cfg = config::defaults();
  if (!args.config_file.empty()) {
    std::vector<config::ConfigError> errors;
    auto loaded = config::load_file(args.config_file, service::config_sections(), &errors);
    if (!loaded.is_ok()) {
      for (const auto& e : errors) spdlog::error("config: {}", e.to_string(args.config_file));
      spdlog::error("config: {}; not starting", loaded.status().reason());
      throw CLI::RuntimeError(service::kExitConfig);
    }
    cfg = std::move(loaded).value();
    // Found before anything starts, not when the part that reads the file
    // starts after the store is open, and with an exit code that tells
    // systemd not to retry.
    auto unusable = config::check_referenced_files(cfg);
    if (!unusable.empty()) {
      for (const auto& e : unusable) spdlog::error("config: {}", e.to_string(args.config_file));
      spdlog::error("config: {} names {} file(s) that cannot be used; not starting", args.config_file,
                    unusable.size());
      throw CLI::RuntimeError(service::kExitMissingFile);
    }
    for (const auto& w : config::config_warnings(cfg)) spdlog::warn("config: {}", w.to_string(args.config_file));
  }
  if (args.log_level.empty()) (void)service::set_log_level(cfg.log.level);

  service::RunOptions options;
  if (!args.log_level.empty()) options.log_level_override = args.log_level;
  int code = service::run_gateway(std::move(cfg), options);
  if (code != 0) throw CLI::RuntimeError(code);
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand(
      "run", "Run the gateway in the foreground until SIGTERM (SIGHUP re-reads the configuration)");
  cmd->add_option("-c,--config", args->config_file,
                  "TOML configuration file; without it the embedded defaults are used "
                  "(store in $STATE_DIRECTORY or ./var)");
  cmd->add_option("--log-level", args->log_level, "Log level; overrides log.level from the file")
      ->check(CLI::IsMember(config::log_levels()));
  auto n = [](int code) { return std::to_string(code); };
  cmd->footer("Exit codes: " + n(service::kExitOk) + " stopped by SIGTERM/SIGINT; " + n(service::kExitFailed) +
              " any other failure (systemd restarts). Not restarted by systemd:\n  " +
              n(service::kExitStoreCorrupt) + " the store is damaged (PRAGMA quick_check failed)\n  " +
              n(service::kExitMissingFile) +
              " a file the configuration names is missing, unreadable, or a secret readable by everyone\n  " +
              n(service::kExitStoreInUse) + " another jxc-edge daemon holds the store (<store>.lock)\n  " +
              n(service::kExitConfig) + " the configuration is invalid\n  " + n(service::kExitSchemaTooNew) +
              " the store's schema is newer than this program");
  cmd->callback([args] { run(*args); });
}

}  // namespace jxc::app
