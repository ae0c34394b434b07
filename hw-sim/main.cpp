// jxc-hwsim: one executable, one subcommand per simulated device kind.
// Each simulator lives in its own folder under hw-sim/ and adds its
// subcommand here; main() only dispatches.

#include <CLI/CLI.hpp>

#include "hw-sim/scale/scales_sim.h"
#include "hw-sim/rfid/command.h"
#include "hw-sim/central/central.h"
#include "hw-sim/scanner/scanner_sim.h"

int main(int argc, char** argv) {
  CLI::App app{"jxc-hwsim: hardware and central-system simulators for jxc-edge"};
  app.require_subcommand(1);
  jxc::hwsim::scale::add_scales_command(app);
  jxc::hwsim::rfid::add_rfid_command(app);
  jxc::hwsim::add_central_command(app);
  jxc::hwsim::add_scanner_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
