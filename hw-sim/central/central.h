#pragma once
// `jxc-hwsim central`: a stand-in for the central 进销存 system on a real MQTT
// broker. It publishes downlink fixtures, answers a gateway's request for
// master data (req/master) with its snapshot, receives every gateway's events,
// de-duplicates them by (gateway, epoch, seq), asks for a replay when a gap
// stays open or a stream stalls behind the last_seq its status announced,
// acknowledges what it holds, and prints a running summary (and
// a JSON line per summary for tests).

#include <CLI/CLI.hpp>

namespace jxc::hwsim {

/// Adds the `central` subcommand; it runs when selected.
void add_central_command(CLI::App& app);

}  // namespace jxc::hwsim
