#pragma once
// `jxc-hwsim scanner`: a serial barcode scanner (cradle) on a pseudo-terminal.
// It prints the device path, keeps a stable symlink to it (what
// /dev/serial/by-id/... is for a real cradle) and types the scans of a script
// into it. See scanner_sim.cpp for the script language.

#include <CLI/CLI.hpp>

namespace jxc::hwsim {

void add_scanner_command(CLI::App& app);

}  // namespace jxc::hwsim
