// Kill -9, and power cuts, at random moments while documents are being posted.
// After each: the store passes PRAGMA integrity_check, every document the
// writer reported committed is there exactly once (with its movements and its
// outbox event), balances equal the sum of the ledger, and the outbox has no
// gap. A kill leaves what the process wrote to the file system; a power cut
// (edge/store/power_loss_vfs.h) takes back every write not yet synced.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/test_store.h"
#include "edge/store/power_loss_vfs.h"
#include "edge/store/sqlite.h"

extern char** environ;

namespace jxc::inventory::testing {
namespace {

struct Child {
  pid_t pid = -1;
  int out = -1;  // read end of its stdout
};

/// cut_at > 0: the writer's power goes at that write or sync.
Child spawn_writer(const std::string& store, long first_key, long cut_at = 0) {
  const char* bin_dir = std::getenv("JXC_BIN_DIR");
  std::string exe = std::string(bin_dir ? bin_dir : ".") + "/crash_writer";
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  std::string first = std::to_string(first_key), cut = std::to_string(cut_at);
  char* argv[] = {exe.data(), const_cast<char*>(store.c_str()), first.data(), cut_at > 0 ? cut.data() : nullptr,
                  nullptr};
  Child c;
  int rc = posix_spawn(&c.pid, exe.c_str(), &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(fds[1]);
  EXPECT_EQ(rc, 0) << "cannot start " << exe;
  c.out = fds[0];
  return c;
}

/// Reads what the child printed until it is killed; only whole lines count.
std::vector<std::string> read_all(int fd) {
  std::string buf;
  char chunk[4096];
  ssize_t n;
  while ((n = ::read(fd, chunk, sizeof chunk)) > 0) buf.append(chunk, static_cast<size_t>(n));
  ::close(fd);
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = buf.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(buf.substr(start, nl - start));
  return lines;
}

/// The store after a crash: intact, consistent, every reported request once.
void check_store(const std::string& store, const std::set<std::string>& reported, int round) {
  {
    // Restarted first, as the gateway would be: it finishes a schema
    // migration the kill interrupted (each step is its own transaction).
    EngineOptions o;
    o.store_path = store;
    auto restarted = Engine::open(o);
    ASSERT_TRUE(restarted.is_ok()) << "round " << round << ": " << restarted.status().to_string();
  }
  auto q = Queries::open(store);
  ASSERT_TRUE(q.is_ok()) << "round " << round << ": " << q.status().to_string();
  auto& db = (*q)->db();
  auto check = db.prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.is_ok());
  ASSERT_TRUE(*(*check)->step());
  ASSERT_EQ((*check)->text(0), "ok") << "round " << round;
  Status v = (*q)->verify();
  ASSERT_TRUE(v.is_ok()) << "round " << round << ": " << v.to_string();
  // Every reported request is present once, as a posted document with its
  // one movement and one outbox event.
  for (const auto& key : reported) {
    auto st = db.prepare(
        "SELECT count(*), (SELECT count(*) FROM movements m WHERE m.doc_id=r.doc_id), "
        "(SELECT state FROM documents d WHERE d.id=r.doc_id) FROM requests r WHERE r.key='" +
        key + "'");
    ASSERT_TRUE(st.is_ok());
    ASSERT_TRUE(*(*st)->step());
    ASSERT_EQ((*st)->int64(0), 1) << key << " missing after round " << round;
    ASSERT_EQ((*st)->int64(1), 1) << key;
    ASSERT_EQ((*st)->text(2), "posted") << key;
  }
  // Nothing posted twice: one document per request key, one event per document.
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM documents"), *db.query_int("SELECT count(*) FROM requests"));
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM outbox"), *db.query_int("SELECT count(*) FROM documents"));
  EXPECT_EQ(*db.query_int("SELECT count(*) FROM movements"), *db.query_int("SELECT count(*) FROM documents"));
}

TEST(CrashSafety, SigkillAtRandomMomentsLosesAndDuplicatesNothing) {
  TempDir dir("crash");
  const std::string store = dir.file("jxc-edge.db");
  std::mt19937 rng(std::random_device{}());
  std::set<std::string> reported;
  long next_key = 0;
  constexpr int kKills = 24;
  for (int round = 0; round < kKills; ++round) {
    Child c = spawn_writer(store, next_key);
    ASSERT_GT(c.pid, 0);
    // Kill somewhere in the first 40..400 ms: during start-up, seeding,
    // retries, or the posting loop.
    std::thread killer([pid = c.pid, delay = 40 + rng() % 360] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      ::kill(pid, SIGKILL);
    });
    auto lines = read_all(c.out);
    killer.join();
    int status = 0;
    ASSERT_EQ(::waitpid(c.pid, &status, 0), c.pid);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the writer ended by itself (status " << status << ") in round " << round;
    for (const auto& l : lines) {
      if (l == "seeded") continue;
      reported.insert(l);
      next_key = std::max(next_key, std::atol(l.c_str() + 1) + 1);
    }

    check_store(store, reported, round);
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(reported.size(), 50u) << "the writer hardly ran; the test proved little";
  std::printf("%d kills, %zu documents reported committed, all present once\n", kKills, reported.size());
}

TEST(CrashSafety, PowerCutsAtRandomWritesLoseOnlyWhatWasNeverAcknowledged) {
  TempDir dir("power-loss");
  const std::string store = dir.file("jxc-edge.db");
  const char* replay = std::getenv("JXC_POWER_LOSS_SEED");
  const unsigned long long seed = replay ? std::strtoull(replay, nullptr, 10) : std::random_device{}();
  std::printf("power-loss seed %llu (JXC_POWER_LOSS_SEED=%llu replays it)\n", seed, seed);
  std::fflush(stdout);
  SCOPED_TRACE("power-loss seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  std::set<std::string> reported;
  long next_key = 0;
  constexpr int kCuts = 60;
  // Writes and syncs per run: the first creates the schema; each group
  // commit is a few writes of the log and one sync, a checkpoint a few more.
  constexpr long kMaxOperations = 400;
  for (int round = 0; round < kCuts; ++round) {
    const long cut = 1 + static_cast<long>(rng() % kMaxOperations);
    Child c = spawn_writer(store, next_key, cut);
    ASSERT_GT(c.pid, 0);
    auto lines = read_all(c.out);
    int status = 0;
    ASSERT_EQ(::waitpid(c.pid, &status, 0), c.pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == store::testing::PowerLoss::kExitCode)
        << "the writer did not end at the power cut (status " << status << ") in round " << round << ", cut " << cut;
    for (const auto& l : lines) {
      if (l == "seeded") continue;
      reported.insert(l);
      next_key = std::max(next_key, std::atol(l.c_str() + 1) + 1);
    }
    SCOPED_TRACE("round " + std::to_string(round) + ", cut at operation " + std::to_string(cut));
    check_store(store, reported, round);
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(reported.size(), 50u) << "the writer hardly ran; the test proved little";
  std::printf("%d power cuts, %zu documents reported committed, all present once\n", kCuts, reported.size());
}

}  // namespace
}  // namespace jxc::inventory::testing
