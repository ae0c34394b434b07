// jxc-edge: the warehouse edge gateway. main() only assembles the command line;
// every subcommand lives in its own cmd_*.cpp. Exit codes: 0 ok, 1 usage
// error, 2 a refused operation (typed error on stderr); `run` has its own
// (edge/service/exit_codes.h).
#include "edge/app/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"jxc-edge: warehouse edge gateway (RFID, barcode, shelf scales -> inventory)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", JXC_VERSION);
  jxc::app::add_run_command(app);
  jxc::app::add_check_config_command(app);
  jxc::app::add_init_command(app);
  jxc::app::add_status_command(app);
  jxc::app::add_import_command(app);
  jxc::app::add_stock_commands(app);
  jxc::app::add_serial_commands(app);
  jxc::app::add_doc_commands(app);
  jxc::app::add_post_commands(app);
  jxc::app::add_order_commands(app);
  jxc::app::add_count_commands(app);
  jxc::app::add_weight_commands(app);
  jxc::app::add_alert_commands(app);
  jxc::app::add_user_commands(app);
  jxc::app::add_audit_command(app);
  jxc::app::add_report_commands(app);
  jxc::app::add_backup_commands(app);
  jxc::app::add_tools_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // a command's own failure, already reported
  } catch (const CLI::ParseError& e) {
    // Help and --version exit 0; every usage error exits 1, as scripts expect,
    // rather than CLI11's own 100+ codes.
    int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  return 0;
}
