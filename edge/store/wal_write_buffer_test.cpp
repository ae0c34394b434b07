// The log's write buffer must change how many write() calls a commit costs,
// and nothing else: every commit visible to other connections the moment it
// returns, a rolled-back transaction's leftovers never written over another
// writer's frames, a failed write reported as a failed commit.
#include "edge/store/wal_write_buffer.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "edge/store/sqlite.h"
#include "edge/store/store_dir_test.h"

namespace jxc::store {
namespace {

class WalWriteBuffer : public StoreDirTest {
 protected:
  WalWriteBuffer() : StoreDirTest("walbuf") {}

  static std::unique_ptr<Db> open(const std::string& path, bool buffered) {
    Db::Options o;
    o.coalesce_wal_writes = buffered;
    auto db = Db::open(path, o);
    EXPECT_TRUE(db.is_ok()) << db.status().to_string();
    return db ? std::move(*db) : nullptr;
  }

  static std::int64_t count(Db& db, const char* table = "t") {
    auto n = db.query_int(std::string("SELECT count(*) FROM ") + table);
    EXPECT_TRUE(n.is_ok()) << n.status().to_string();
    return n ? *n : -1;
  }

  static std::string integrity(Db& db) {
    auto st = db.prepare("PRAGMA integrity_check");
    if (!st) return st.status().to_string();
    auto row = (*st)->step();
    return row && *row ? (*st)->text(0) : "no answer";
  }

};

/// write() calls this process has made, as the kernel counts them.
std::int64_t write_calls() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::int64_t value = 0;
  while (io >> key >> value)
    if (key == "syscw:") return value;
  ADD_FAILURE() << "no syscw in /proc/self/io";
  return -1;
}

/// write() calls for one commit of `rows` rows of 3,000 bytes (a page each).
std::int64_t write_calls_for_commit(Db& db, int rows) {
  const std::int64_t before = write_calls();
  EXPECT_TRUE(db.exec("BEGIN").is_ok());
  for (int i = 0; i < rows; ++i)
    EXPECT_TRUE(db.exec("INSERT INTO t(v) VALUES(randomblob(3000))").is_ok());
  EXPECT_TRUE(db.exec("COMMIT").is_ok());
  return write_calls() - before;
}

TEST_F(WalWriteBuffer, ACommitOfManyPagesTakesAFewWritesInsteadOfTwoPerPage) {
  auto plain_path = (dir_ / "plain.db").string();
  auto buffered = open(path_, true), plain = open(plain_path, false);
  ASSERT_TRUE(buffered && plain);
  for (Db* db : {buffered.get(), plain.get()})
    ASSERT_TRUE(db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)").is_ok());

  const std::int64_t unbuffered = write_calls_for_commit(*plain, 300);
  const std::int64_t gathered = write_calls_for_commit(*buffered, 300);
  // Page by page: a frame header and a page for each of the ~300 pages.
  EXPECT_GE(unbuffered, 600);
  // 300 frames of 4,120 bytes in pieces of 124 KiB: 10, plus the log header.
  EXPECT_LE(gathered, 20);
  EXPECT_EQ(count(*buffered), 300);
}

TEST_F(WalWriteBuffer, EveryCommitIsInTheFileWhenItReturns) {
  auto writer = open(path_, true);
  ASSERT_TRUE(writer);
  ASSERT_TRUE(writer->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)").is_ok());
  // Another connection reads the log through its own descriptor: it sees
  // only what reached the file.
  auto reader = open(path_, false);
  ASSERT_TRUE(reader);
  for (int i = 1; i <= 50; ++i) {
    ASSERT_TRUE(writer->exec("INSERT INTO t(v) VALUES(randomblob(1000 * " + std::to_string(i) + "))")
                    .is_ok());
    ASSERT_EQ(count(*reader), i) << "commit " << i << " not in the file";
  }
  EXPECT_EQ(integrity(*reader), "ok");
}

// A VFS under the buffer that counts the bytes reaching the log since its
// last sync: SQLite's log files keep the default VFS's methods but for
// xWrite and xSync.
const sqlite3_io_methods* default_log_methods = nullptr;
sqlite3_io_methods counting_log_methods;
std::int64_t log_bytes_after_sync = 0;

int counting_write(sqlite3_file* f, const void* data, int n, sqlite3_int64 at) {
  log_bytes_after_sync += n;
  return default_log_methods->xWrite(f, data, n, at);
}
int counting_sync(sqlite3_file* f, int flags) {
  log_bytes_after_sync = 0;
  return default_log_methods->xSync(f, flags);
}
int counting_open(sqlite3_vfs* self, sqlite3_filename name, sqlite3_file* f, int flags, int* out) {
  auto* base = static_cast<sqlite3_vfs*>(self->pAppData);
  int rc = base->xOpen(base, name, f, flags, out);
  if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL)) {
    default_log_methods = f->pMethods;
    counting_log_methods = *f->pMethods;
    counting_log_methods.xWrite = counting_write;
    counting_log_methods.xSync = counting_sync;
    f->pMethods = &counting_log_methods;
  }
  return rc;
}

const char* buffer_over_counting_vfs() {
  static const char* name = [] {
    static sqlite3_vfs counting = *sqlite3_vfs_find(nullptr);
    counting.pAppData = sqlite3_vfs_find(nullptr);
    counting.zName = "jxc-test-counting";
    counting.pNext = nullptr;
    counting.xOpen = counting_open;
    sqlite3_vfs_register(&counting, 0);
    return wal_write_buffer_vfs_over("jxc-test-counting", "jxc-test-buffer-over-counting");
  }();
  return name;
}

TEST_F(WalWriteBuffer, EveryByteOfACommitIsWrittenBeforeTheSyncThatMakesItDurable) {
  const char* vfs = buffer_over_counting_vfs();
  ASSERT_NE(vfs, nullptr);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs),
            SQLITE_OK);
  auto exec = [&](const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "") << " in " << sql;
    sqlite3_free(err);
  };
  exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
       "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
  for (int rows : {1, 5, 40, 200}) {
    exec("BEGIN");
    for (int i = 0; i < rows; ++i) exec("INSERT INTO t(v) VALUES(randomblob(3000))");
    exec("COMMIT");
    EXPECT_EQ(log_bytes_after_sync, 0) << "a commit of " << rows
                                        << " rows wrote to the log after its sync";
  }
  sqlite3_close(db);
}

TEST_F(WalWriteBuffer, PagesLargerThanTheBufferRoundTrip) {
  {
    auto db = open(path_, true);
    ASSERT_TRUE(db);
    // The page size of a new WAL database is fixed by its first write; leave
    // WAL, set it, and come back.
    ASSERT_TRUE(db->exec("PRAGMA journal_mode=DELETE; PRAGMA page_size=65536; VACUUM; "
                         "PRAGMA journal_mode=WAL; CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)")
                    .is_ok());
    ASSERT_EQ(*db->query_int("PRAGMA page_size"), 65536);
    ASSERT_TRUE(db->exec("BEGIN").is_ok());
    for (int i = 0; i < 20; ++i)
      ASSERT_TRUE(db->exec("INSERT INTO t(v) VALUES(randomblob(200000))").is_ok());
    ASSERT_TRUE(db->exec("COMMIT").is_ok());
    auto reader = open(path_, false);
    ASSERT_TRUE(reader);
    EXPECT_EQ(count(*reader), 20);
  }
  auto again = open(path_, false);
  ASSERT_TRUE(again);
  EXPECT_EQ(count(*again), 20);
  EXPECT_EQ(integrity(*again), "ok");
}

TEST_F(WalWriteBuffer, ARolledBackTransactionsLeftoversNeverOverwriteAnotherWritersCommit) {
  auto a = open(path_, true), b = open(path_, false);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)").is_ok());
  // A cache of 10 pages makes A spill its transaction into the log as it
  // goes. With the log started over first, the ROLLBACK reads nothing back
  // from it, so the last spilled frames are still in A's buffer when A lets
  // go of the write lock.
  ASSERT_TRUE(a->exec("PRAGMA cache_size=10").is_ok());
  for (int round = 0; round < 5; ++round) {
    ASSERT_TRUE(b->exec("PRAGMA wal_checkpoint(RESTART)").is_ok());
    ASSERT_TRUE(a->exec("BEGIN").is_ok());
    for (int i = 0; i < 150; ++i)
      ASSERT_TRUE(a->exec("INSERT INTO t(v) VALUES(randomblob(1000))").is_ok());
    ASSERT_TRUE(a->exec("ROLLBACK").is_ok());
    // B writes its frames where A's rolled-back ones were, and beyond...
    ASSERT_TRUE(b->exec("BEGIN").is_ok());
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(b->exec("INSERT INTO t(v) VALUES(randomblob(1000))").is_ok());
    ASSERT_TRUE(b->exec("COMMIT").is_ok());
    // ... and A's next commit must not put its old ones back over them.
    ASSERT_TRUE(a->exec("INSERT INTO t(v) VALUES(randomblob(1000))").is_ok());
    ASSERT_EQ(count(*b), (round + 1) * 201);
    ASSERT_EQ(integrity(*b), "ok") << "round " << round;
  }
  a.reset();
  b.reset();
  auto again = open(path_, false);
  ASSERT_TRUE(again);
  EXPECT_EQ(count(*again), 5 * 201);
  EXPECT_EQ(integrity(*again), "ok");
}

TEST_F(WalWriteBuffer, AWriteThatFailsFailsTheCommitAndLeavesTheStoreWhole) {
  // In a child process, so that the file size limit stays there.
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int code = 10;
    {
      auto db = open(path_, true);
      if (db && db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)").is_ok() &&
          db->exec("INSERT INTO t(v) VALUES(randomblob(100))").is_ok()) {
        ::signal(SIGXFSZ, SIG_IGN);
        // The log may grow by ~100 KiB more; the commit below needs ~1 MiB.
        std::error_code ec;
        auto wal = std::filesystem::file_size(path_ + "-wal", ec);
        rlimit limit{static_cast<rlim_t>(wal + 100'000), RLIM_INFINITY};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        Status s = db->exec("BEGIN");
        for (int i = 0; s && i < 250; ++i) s = db->exec("INSERT INTO t(v) VALUES(randomblob(4000))");
        if (s) s = db->exec("COMMIT");
        code = s ? 1 : 0;  // 0: the failure was reported
        if (!s) (void)db->exec("ROLLBACK");
      }
    }
    std::_Exit(code);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << "1: the commit succeeded past the size limit; 10: setup failed";
  auto db = open(path_, false);
  ASSERT_TRUE(db);
  EXPECT_EQ(integrity(*db), "ok");
  EXPECT_EQ(count(*db), 1) << "the failed transaction left rows behind";
}

}  // namespace
}  // namespace jxc::store
