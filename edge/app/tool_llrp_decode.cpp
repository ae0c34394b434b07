// `jxc-edge tools llrp-decode HEX...`: LLRP frames from a capture, decoded
// field by field, for an integrator checking what a reader really sends. Each
// argument holds one or more whole frames (header included); each frame is
// printed as one JSON object per line.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/rfid/json.h"
#include "edge/app/commands.h"

namespace jxc::app {

void add_llrp_decode_tool(CLI::App& tools) {
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto* cmd = tools.add_subcommand("llrp-decode", "Decode LLRP frames (hex, header included) into JSON");
  cmd->add_option("hex", *inputs, "one or more frames as hex; spaces and ':' are ignored")->required();
  cmd->callback([inputs] {
    bool failed = false;
    for (const auto& input : *inputs) {
      auto bytes = llrp::parse_hex(input);
      Result<nlohmann::json> frames = bytes ? llrp::decode_to_json(*bytes) : Result<nlohmann::json>(bytes.status());
      if (!frames) {
        nlohmann::json j;
        j["input"] = input;
        j["error"] = frames.status().reason();
        std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        failed = true;
        continue;
      }
      for (const auto& f : *frames) std::cout << f.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    std::cout.flush();
    if (failed) throw CLI::RuntimeError(2);
  });
}

}  // namespace jxc::app
