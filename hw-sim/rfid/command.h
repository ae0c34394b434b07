#pragma once
// `jxc-hwsim rfid`: the LLRP reader simulator's subcommand.
#include <CLI/CLI.hpp>

namespace jxc::hwsim::rfid {
void add_rfid_command(CLI::App& app);
}
