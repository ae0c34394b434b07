#include "edge/store/commit_header.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "edge/store/sqlite.h"
#include "edge/store/store_dir_test.h"

namespace jxc::store {
namespace {

class CommitHeaderTest : public StoreDirTest {
 protected:
  CommitHeaderTest() : StoreDirTest("commit-header") {}
};

std::unique_ptr<Db> open_db(const std::string& path) {
  auto db = Db::open(path, {});
  EXPECT_TRUE(db.is_ok()) << db.status().to_string();
  return db.is_ok() ? std::move(*db) : nullptr;
}

// Two connections stand for two processes (the gateway, the CLI): a commit
// of either moves the header, reading or a rolled-back write does not.
TEST_F(CommitHeaderTest, MovesWithEveryCommitOfAnyConnectionAndOnlyThen) {
  auto gateway = open_db(path_);
  ASSERT_TRUE(gateway);
  ASSERT_TRUE(gateway->exec("CREATE TABLE t(v INTEGER)").is_ok());
  auto cli = open_db(path_);
  ASSERT_TRUE(cli);
  CommitHeaderReader reader(path_);

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

TEST_F(CommitHeaderTest, AStoreWithoutAnIndexFileReadsNothing) {
  CommitHeaderReader none(path_);  // no store here at all
  EXPECT_FALSE(none.read());
}

// An index file this reader cannot trust reads nothing, so the caller asks
// the store: one too short to map, one of another format, one whose two
// copies differ (a commit publishing its header), one not yet initialised.
TEST_F(CommitHeaderTest, AnIndexFileItCannotTrustReadsNothing) {
  auto write_shm = [&](std::string bytes) {
    std::ofstream(path_ + "-shm", std::ios::binary | std::ios::trunc) << bytes;
  };
  auto header = [](std::uint32_t version, unsigned char is_init, unsigned char change) {
    std::string h(48, '\0');
    std::memcpy(h.data(), &version, sizeof version);
    h[8] = static_cast<char>(change);
    h[12] = static_cast<char>(is_init);
    return h;
  };
  auto index = [](const std::string& first, const std::string& second) {
    std::string file = first + second;
    file.resize(32768, '\0');
    return file;
  };

  write_shm(std::string(100, '\0'));
  EXPECT_FALSE(CommitHeaderReader(path_).read());
  write_shm(index(header(3007001, 1, 1), header(3007001, 1, 1)));
  EXPECT_FALSE(CommitHeaderReader(path_).read());
  write_shm(index(header(3007000, 1, 1), header(3007000, 1, 2)));
  EXPECT_FALSE(CommitHeaderReader(path_).read());
  write_shm(index(header(3007000, 0, 1), header(3007000, 0, 1)));
  EXPECT_FALSE(CommitHeaderReader(path_).read());
  write_shm(index(header(3007000, 1, 1), header(3007000, 1, 1)));
  EXPECT_TRUE(CommitHeaderReader(path_).read());  // the same bytes, whole and of the known format
}

}  // namespace
}  // namespace jxc::store
