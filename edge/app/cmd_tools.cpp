// `jxc-edge tools ...`: offline decoders for integrators reading captures and
// labels. Each tool lives in its own tool_*.cpp.
#include "edge/app/commands.h"

namespace jxc::app {

void add_tools_command(CLI::App& app) {
  auto* tools = app.add_subcommand("tools", "Decoders for integrators (EPC, GS1, LLRP); print JSON");
  tools->require_subcommand(1);
  add_epc_decode_tool(*tools);
  add_gs1_parse_tool(*tools);
  add_llrp_decode_tool(*tools);
}

}  // namespace jxc::app
