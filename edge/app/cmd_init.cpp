// jxc-edge init: creates the store where the daemon will look for it. The
// other commands never create one, so that a mistyped path or a command run
// in the wrong directory is an error instead of a new, empty store.
#include <filesystem>
#include <iostream>
#include <memory>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"

namespace jxc::app {
namespace {

struct InitArgs {
  StoreOptions store;
  bool json = false;
};

void run_init(const InitArgs& a) {
  const StoreLocation where = store_location(a.store);
  std::error_code ec;
  const bool existed = std::filesystem::exists(where.store_path, ec);
  StoreOptions opts = a.store;
  opts.verbose = false;  // said once above
  auto engine = create_engine(opts);
  if (a.json) {
    print_json(std::cout, {{"store", where.store_path}, {"why", where.why}, {"created", !existed},
                           {"epoch", engine->epoch()}});
    return;
  }
  std::cout << (existed ? "store exists: " : "created store ") << where.store_path << " (" << where.why
            << "), epoch " << engine->epoch() << "\n";
}

}  // namespace

void add_init_command(CLI::App& app) {
  auto args = std::make_shared<InitArgs>();
  CLI::App* c = app.add_subcommand(
      "init", "create the store (schema applied) where the daemon looks for it; an existing one is left as it is");
  c->add_flag("--json", args->json, "JSON object");
  add_store_options(*c, args->store);
  c->callback([args] { run_init(*args); });
}

}  // namespace jxc::app
