// `jxc-edge run [--config FILE] [--log-level L]`: the daemon in the
// foreground, as systemd starts it. Parse, build, run; the work is in
// edge/service.
//
// Exit codes: 0 after SIGTERM/SIGINT and an orderly stop; 1 when start-up
// failed (the store could not be opened); 78 (EX_CONFIG, which the unit
// names in RestartPreventExitStatus=) when the configuration is invalid, so
// that systemd does not restart into the same error.
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "edge/app/commands.h"
#include "edge/config/config.h"
#include "edge/service/config_sections.h"
#include "edge/service/logging.h"
#include "edge/service/run.h"

namespace jxc::app {
namespace {

constexpr int kExitConfig = 78;

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
      throw CLI::RuntimeError(kExitConfig);
    }
    cfg = std::move(loaded).value();
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
  cmd->callback([args] { run(*args); });
}

}  // namespace jxc::app
