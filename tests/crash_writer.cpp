// A child for the crash test: posts documents as fast as it can from several
// threads and prints the idempotency key of each one the engine reported
// committed, one per line, flushed at once. The parent kills it with SIGKILL
// at a random moment and checks the store against what was printed.
//
//   crash_writer STORE FIRST_KEY [CUT_AT]
// Keys are "k<N>". It first re-posts the three keys before FIRST_KEY (a device
// retrying requests whose answer it never saw), then goes on from FIRST_KEY.
// With CUT_AT, the store is opened through the power-loss VFS with a short
// write-ahead log (checkpoints, and the log starting over, come often), and
// the power goes at the CUT_AT-th write or sync: every unsynced write is
// undone and the process ends with PowerLoss::kExitCode.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "edge/inventory/engine.h"
#include "edge/inventory/engine_tuning.h"
#include "edge/store/power_loss_vfs.h"

using namespace jxc;
using namespace jxc::inventory;

namespace {

std::mutex out_mu;

void report(const std::string& key) {
  std::lock_guard lock(out_mu);
  std::string line = key + "\n";
  // One write per line: the parent never sees half a key from a whole write.
  (void)!::write(STDOUT_FILENO, line.data(), line.size());
}

// The idempotency key of request n; appended rather than `"k" + ...`, which
// GCC 12 at -O2 flags with a false -Wrestrict.
std::string key_of(long n) {
  std::string k = "k";
  k += std::to_string(n);
  return k;
}

DocumentRequest request_for(long n) {
  DocumentRequest r;
  r.idempotency_key = key_of(n);
  r.source = "crash-writer";
  DocLine l;
  l.sku = n % 2 ? "ITEM-A" : "ITEM-B";
  l.qty = 1 + n % 3;
  if (n % 4 == 3) {
    // Moves need stock: put it away from the receiving bin, where receipts land.
    r.type = DocType::transfer;
    r.from = "RECV";
    r.to = "BIN-1";
  } else {
    r.type = DocType::receipt;
    r.to = "RECV";
  }
  r.lines.push_back(l);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: crash_writer STORE FIRST_KEY [CUT_AT]\n");
    return 1;
  }
  EngineOptions opts;
  opts.store_path = argv[1];
  opts.site_id = "S";
  long first = std::atol(argv[2]);
  EngineTuning tuning;
  if (argc == 4) {
    tuning.vfs = store::testing::PowerLoss::vfs();
    opts.wal_limit_pages = 64;
    store::testing::PowerLoss::cut_at(std::atol(argv[3]));
  }
  auto engine = Engine::open(opts, SystemClock::instance(), tuning);
  if (!engine) {
    std::fprintf(stderr, "open: %s\n", engine.status().to_string().c_str());
    return 1;
  }
  Engine& e = **engine;
  if (first == 0) {
    std::vector<Location> locs(4);
    locs[0] = {"S", "site", LocationKind::site, "", {}, {}, {}, {}};
    locs[1] = {"W", "warehouse", LocationKind::warehouse, "S", {}, {}, {}, {}};
    locs[2] = {"RECV", "receiving", LocationKind::bin, "W", {}, {}, {}, {}};
    locs[3] = {"BIN-1", "bin", LocationKind::bin, "W", {}, {}, {}, {}};
    std::vector<Item> items(2);
    items[0].sku = "ITEM-A";
    items[1].sku = "ITEM-B";
    if (!e.import_locations(locs).is_ok() || !e.import_items(items).is_ok()) {
      std::fprintf(stderr, "seeding failed\n");
      return 1;
    }
    report("seeded");
  }
  for (long n = std::max(0L, first - 3); n < first; ++n) {
    auto r = e.post(request_for(n));
    if (r.is_ok()) report(key_of(n));
  }
  std::atomic<long> next{first};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (;;) {
        long n = next++;
        auto r = e.post(request_for(n));
        if (r.is_ok()) {
          report(key_of(n));
        } else if (r.status().code() != Errc::insufficient_stock) {
          std::fprintf(stderr, "k%ld: %s\n", n, r.status().to_string().c_str());
          std::_Exit(3);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
}
