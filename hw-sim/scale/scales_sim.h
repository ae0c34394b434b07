#pragma once
// `jxc-hwsim scales`: weight transmitters on a Modbus TCP server (libmodbus)
// and on a Modbus RTU line (a pseudo-terminal), playing a scenario
// (scenario.h). Both serve the same slaves and registers, encoded with the
// driver's own layouts (drivers/scale/register_map.h).
//
// Prints "tcp 127.0.0.1:PORT" and "rtu PATH" lines, then "ready", on stdout.

#include <CLI/CLI.hpp>

namespace jxc::hwsim::scale {

void add_scales_command(CLI::App& app);

}  // namespace jxc::hwsim::scale
