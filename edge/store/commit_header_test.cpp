#include "edge/store/commit_header.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "edge/store/sqlite.h"
#include "edge/store/store_dir_test.h"

namespace jxc::store {
namespace {

std::unique_ptr<Db> open_db(const std::string& path) {
  auto db = Db::open(path, {});
  EXPECT_TRUE(db.is_ok()) << db.status().to_string();
  return db.is_ok() ? std::move(*db) : nullptr;
}

class CommitHeaderTest : public StoreDirTest {
 protected:
  CommitHeaderTest() : StoreDirTest("commit-header") {}
  // Two connections to a store with a table: two processes, the gateway
  // and the CLI, as far as the index can tell.
  void open_gateway_and_cli() {
    gateway_ = open_db(path_);
    ASSERT_TRUE(gateway_);
    ASSERT_TRUE(gateway_->exec("CREATE TABLE t(v INTEGER)").is_ok());
    cli_ = open_db(path_);
    ASSERT_TRUE(cli_);
  }
  std::unique_ptr<Db> gateway_, cli_;
};

// Two connections stand for two processes (the gateway, the CLI): a commit
// of either moves the header, reading or a rolled-back write does not.
TEST_F(CommitHeaderTest, MovesWithEveryCommitOfAnyConnectionAndOnlyThen) {
  ASSERT_NO_FATAL_FAILURE(open_gateway_and_cli());
  auto& gateway = gateway_;
  auto& cli = cli_;
  CommitHeaderReader reader(*gateway);

  auto h0 = reader.read();
  ASSERT_TRUE(h0);
  EXPECT_EQ(reader.read(), h0);
  ASSERT_TRUE(cli->query_int("SELECT count(*) FROM t").is_ok());
  EXPECT_EQ(reader.read(), h0);  // a read commits nothing

  ASSERT_TRUE(gateway->exec("INSERT INTO t VALUES (1)").is_ok());
  auto h1 = reader.read();
  ASSERT_TRUE(h1);
  EXPECT_NE(h1, h0);

  ASSERT_TRUE(cli->exec("INSERT INTO t VALUES (2)").is_ok());
  auto h2 = reader.read();
  ASSERT_TRUE(h2);
  EXPECT_NE(h2, h1);
  EXPECT_NE(h2, h0);

  ASSERT_TRUE(cli->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (3); ROLLBACK").is_ok());
  EXPECT_EQ(reader.read(), h2);

  // A statement that leaves every page as it was writes nothing.
  ASSERT_TRUE(gateway->exec("UPDATE t SET v = v").is_ok());
  EXPECT_EQ(reader.read(), h2);
  ASSERT_TRUE(gateway->exec("UPDATE t SET v = v + 1").is_ok());
  EXPECT_NE(reader.read(), h2);
}

// The change counter counts commits, one each, whoever makes them; a
// checkpoint that empties the log (and the commit that then starts the log
// anew) counts none of its own.
TEST_F(CommitHeaderTest, TheChangeCounterCountsCommitsOneEach) {
  ASSERT_NO_FATAL_FAILURE(open_gateway_and_cli());
  auto& gateway = gateway_;
  auto& cli = cli_;
  CommitHeaderReader reader(*gateway);
  auto count = [&] {
    auto h = reader.read();
    EXPECT_TRUE(h);
    return h ? commit_count(*h) : 0u;
  };

  const std::uint32_t c0 = count();
  ASSERT_TRUE(gateway->exec("INSERT INTO t VALUES (1)").is_ok());
  EXPECT_EQ(count(), c0 + 1);
  ASSERT_TRUE(cli->exec("INSERT INTO t VALUES (2)").is_ok());
  EXPECT_EQ(count(), c0 + 2);
  ASSERT_TRUE(gateway->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (3); INSERT INTO t VALUES (4); COMMIT").is_ok());
  EXPECT_EQ(count(), c0 + 3);
  ASSERT_TRUE(cli->query_int("SELECT count(*) FROM t").is_ok());
  EXPECT_EQ(count(), c0 + 3);

  ASSERT_TRUE(cli->exec("PRAGMA wal_checkpoint(TRUNCATE)").is_ok());
  EXPECT_EQ(count(), c0 + 3);
  ASSERT_TRUE(gateway->exec("INSERT INTO t VALUES (5)").is_ok());  // the log starts anew
  EXPECT_EQ(count(), c0 + 4);
}

// A store in another journal mode has no index to read, and the reader
// makes none.
TEST_F(CommitHeaderTest, AStoreNotInWalModeReadsNothing) {
  auto db = open_db(path_);
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec("PRAGMA journal_mode=DELETE").is_ok());
  ASSERT_TRUE(db->exec("CREATE TABLE t(v INTEGER)").is_ok());
  CommitHeaderReader reader(*db);
  EXPECT_FALSE(reader.read());
  EXPECT_FALSE(std::filesystem::exists(path_ + "-shm"));
}

// An index this reader cannot trust reads nothing, so the caller asks the
// store: one of another format, one whose two copies differ (a commit
// publishing its header), one not yet initialised.
TEST_F(CommitHeaderTest, AnIndexItCannotTrustReadsNothing) {
  auto header = [](std::uint32_t version, unsigned char is_init, unsigned char change) {
    std::string h(48, '\0');
    std::memcpy(h.data(), &version, sizeof version);
    h[8] = static_cast<char>(change);
    h[12] = static_cast<char>(is_init);
    return h;
  };
  auto read = [](const std::string& first, const std::string& second) {
    alignas(8) unsigned char index[96];
    std::memcpy(index, first.data(), 48);
    std::memcpy(index + 48, second.data(), 48);
    return read_commit_header(index);
  };
  EXPECT_FALSE(read(header(3007001, 1, 1), header(3007001, 1, 1)));
  EXPECT_FALSE(read(header(3007000, 1, 1), header(3007000, 1, 2)));
  EXPECT_FALSE(read(header(3007000, 0, 1), header(3007000, 0, 1)));
  auto whole = read(header(3007000, 1, 7), header(3007000, 1, 7));  // whole and of the known format
  ASSERT_TRUE(whole);
  EXPECT_EQ(commit_count(*whole), 7u);
}

// SQLite's locks on the index are the process's: a descriptor of the
// reader's own, once closed, would drop them, and another process opening
// the store would then take the index for unused and build it anew (its
// counter from zero) under this one. Here another process (Python's sqlite3)
// commits while the reader reads: the counter goes on from where it was.
TEST_F(CommitHeaderTest, AnotherProcessFindsTheIndexInUse) {
  auto gateway = open_db(path_);
  ASSERT_TRUE(gateway);
  ASSERT_TRUE(gateway->exec("CREATE TABLE t(v INTEGER); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)").is_ok());
  CommitHeaderReader reader(*gateway);
  auto before = reader.read();
  ASSERT_TRUE(before);
  const std::string cmd = "python3 -c \"import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                          "c.execute('INSERT INTO t VALUES (3)'); c.commit(); c.close()\" '" + path_ + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto after = reader.read();
  ASSERT_TRUE(after);
  EXPECT_EQ(commit_count(*after), commit_count(*before) + 1);
  EXPECT_EQ(gateway->query_int("SELECT count(*) FROM t").value(), 3);
  EXPECT_TRUE(std::filesystem::exists(path_ + "-shm"));
}

}  // namespace
}  // namespace jxc::store
