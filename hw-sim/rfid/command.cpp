// `jxc-hwsim rfid --scenario FILE [--port N]`: runs every reader of the
// scenario on loopback until SIGINT/SIGTERM. `--port` sets the first
// reader's port (0: a free one); each reader prints "listening <id> <port>".
#include "hw-sim/rfid/command.h"

#include <iostream>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "hw-sim/rfid/reader.h"

namespace jxc::hwsim::rfid {

void add_rfid_command(CLI::App& app) {
  struct Options {
    std::string scenario;
    int port = -1;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("rfid", "LLRP RFID reader(s) replaying a scenario file");
  cmd->add_option("--scenario", o->scenario, "scenario file (JSON)")->required();
  cmd->add_option("--port", o->port, "TCP port of the first reader on 127.0.0.1 (0: any free port)")->check(CLI::Range(0, 65535));
  cmd->callback([o] {
    auto sc = load_scenario(o->scenario);
    if (!sc) {
      std::cerr << "jxc-hwsim rfid: " << sc.status().reason() << "\n";
      throw CLI::RuntimeError(2);
    }
    if (o->port >= 0) sc->readers.front().port = static_cast<std::uint16_t>(o->port);
    boost::asio::io_context io;
    std::vector<std::unique_ptr<SimReader>> readers;
    try {
      for (auto& r : sc->readers) {
        readers.push_back(std::make_unique<SimReader>(io, r, std::cout));
        readers.back()->start();
      }
    } catch (const std::exception& e) {
      std::cerr << "jxc-hwsim rfid: cannot listen: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
    io.run();
  });
}

}  // namespace jxc::hwsim::rfid
