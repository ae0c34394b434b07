// jxc-edge backup DIR | restore FILE: an online backup of the store (taken
// while the daemon runs and posts) and its restoration (never under a running
// daemon: it takes the daemon's store lock for the whole swap). See
// edge/inventory/backup.h for what a backup holds and why a restore starts a
// new epoch.
#include <iostream>
#include <memory>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/inventory/backup.h"
#include "edge/service/store_lock.h"

namespace jxc::app {
namespace {

struct BackupArgs {
  StoreOptions store;
  std::string dir;
  std::size_t keep = 0;
  bool json = false;
};

Json manifest_json(const inventory::BackupManifest& m) {
  return {{"file", m.file},         {"created_at", format_iso8601(m.created_at)},
          {"schema_version", m.schema_version}, {"epoch", m.epoch},
          {"last_seq", m.last_seq}, {"acked_up_to", m.acked_up_to},
          {"movements", m.movements}, {"bytes", m.bytes},
          {"sha256", m.sha256}};
}

void run_backup(const BackupArgs& a) {
  const std::string path = engine_options(a.store).store_path;
  auto m = take(inventory::backup_store(path, a.dir, SystemClock::instance().now_ms()));
  std::size_t pruned = a.keep > 0 ? take(inventory::prune_backups(a.dir, a.keep)) : 0;
  if (a.json) {
    Json out = manifest_json(m);
    out["pruned"] = pruned;
    print_json(std::cout, out);
    return;
  }
  std::cout << "backup of " << path << ": " << a.dir << "/" << m.file << "\n"
            << "  schema " << m.schema_version << ", epoch " << m.epoch << ", outbox up to " << m.last_seq
            << " (acknowledged " << m.acked_up_to << "), " << m.movements << " movements, " << m.bytes
            << " bytes, sha256 " << m.sha256 << "\n";
  if (pruned > 0) std::cout << "  " << pruned << " older backup(s) removed, " << a.keep << " kept\n";
}

struct RestoreArgs {
  StoreOptions store;
  std::string file;
  bool json = false;
};

void run_restore(const RestoreArgs& a) {
  const std::string path = engine_options(a.store).store_path;
  // Held for the whole swap: a daemon cannot start on a half-restored store,
  // and a running one makes this fail here.
  auto lock = service::StoreLock::acquire(path);
  if (!lock) fail(error(lock.status().code(), lock.status().reason() + "; stop the daemon before restoring"));
  auto r = take(inventory::restore_store(a.file, path, SystemClock::instance().now_ms()));
  // Opening the store starts its new epoch now, so that it shows at once.
  StoreOptions opened = a.store;
  opened.store_path = path;
  auto engine = open_engine(opened);
  if (a.json) {
    print_json(std::cout, {{"store", path}, {"restored", manifest_json(r.manifest)},
                           {"kept_aside", r.kept_aside.empty() ? Json(nullptr) : Json(r.kept_aside)},
                           {"epoch", engine->epoch()}});
    return;
  }
  std::cout << "restored " << path << " from " << r.manifest.file << " (taken "
            << format_iso8601(r.manifest.created_at) << ", " << r.manifest.movements << " movements)\n";
  if (!r.kept_aside.empty()) std::cout << "  the replaced store is kept as " << r.kept_aside << "\n";
  std::cout << "  new epoch " << engine->epoch() << " (was " << r.manifest.epoch
            << "): the central system sees the restore and can ask for a resync\n";
}

}  // namespace

void add_backup_commands(CLI::App& app) {
  auto b = std::make_shared<BackupArgs>();
  CLI::App* bc = app.add_subcommand("backup", "a consistent backup of the store, taken while the daemon runs");
  bc->add_option("dir", b->dir, "directory for the backup (created when absent)")->required();
  bc->add_option("--keep", b->keep, "then keep only the newest N backups in DIR")->check(CLI::Range(1, 100000));
  bc->add_flag("--json", b->json, "the manifest as JSON");
  add_store_options(*bc, b->store);
  bc->callback([b] { run_backup(*b); });

  auto r = std::make_shared<RestoreArgs>();
  CLI::App* rc = app.add_subcommand(
      "restore", "replace the store with a backup (the daemon stopped; the replaced store is kept aside)");
  rc->add_option("file", r->file, "the backup's .db.gz (its .json manifest beside it)")->required();
  rc->add_flag("--json", r->json, "the outcome as JSON");
  add_store_options(*rc, r->store);
  rc->callback([r] { run_restore(*r); });
}

}  // namespace jxc::app
