// A full disk in the middle of a transaction: SQLite may roll the whole
// transaction back by itself, and Db::in_transaction() is how a writer learns
// of it before it runs anything more in autocommit.
#include "edge/store/full_disk_vfs.h"

#include <gtest/gtest.h>

#include "edge/store/sqlite.h"
#include "edge/store/store_dir_test.h"

namespace jxc::store {
namespace {

class FullDiskTest : public StoreDirTest {
 protected:
  FullDiskTest() : StoreDirTest("fulldisk") {}
  void TearDown() override {
    testing::FullDisk::unlimited();
    StoreDirTest::TearDown();
  }
  std::unique_ptr<Db> open() {
    Db::Options o;
    o.vfs = testing::FullDisk::vfs();
    auto db = Db::open(path_, o);
    EXPECT_TRUE(db.is_ok()) << db.status().to_string();
    return db ? std::move(*db) : nullptr;
  }
};

TEST_F(FullDiskTest, InTransactionFollowsBeginAndCommit) {
  auto db = open();
  ASSERT_TRUE(db);
  EXPECT_FALSE(db->in_transaction());
  ASSERT_TRUE(db->exec("BEGIN IMMEDIATE").is_ok());
  EXPECT_TRUE(db->in_transaction());
  ASSERT_TRUE(db->exec("CREATE TABLE t(v BLOB)").is_ok());
  ASSERT_TRUE(db->exec("COMMIT").is_ok());
  EXPECT_FALSE(db->in_transaction());
}

TEST_F(FullDiskTest, ADiskFillingUpMidTransactionRollsItBackAndSaysSo) {
  auto db = open();
  ASSERT_TRUE(db);
  // A small cache spills the transaction into the log as it grows.
  ASSERT_TRUE(db->exec("PRAGMA cache_size=10; CREATE TABLE t(v BLOB)").is_ok());
  ASSERT_TRUE(db->exec("BEGIN IMMEDIATE").is_ok());
  ASSERT_TRUE(db->exec("INSERT INTO t VALUES('first')").is_ok());
  testing::FullDisk::set_free_bytes(100'000);
  Status s;
  int rows = 0;
  while (s && rows < 1000) {
    s = db->exec("INSERT INTO t VALUES(randomblob(4000))");
    if (s) ++rows;
  }
  ASSERT_FALSE(s.is_ok()) << "1000 rows of 4 KB fitted in 100 KB";
  EXPECT_GT(rows, 5) << "the disk was full before the transaction spilled";
  EXPECT_EQ(s.code(), Errc::storage) << s.to_string();
  EXPECT_GT(testing::FullDisk::refused_writes(), 0);
  // SQLite took the whole transaction back, the first row with it.
  EXPECT_FALSE(db->in_transaction());
  EXPECT_FALSE(db->exec("COMMIT").is_ok());
  testing::FullDisk::unlimited();
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM t"), 0);
  ASSERT_TRUE(db->exec("INSERT INTO t VALUES('after')").is_ok());
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM t"), 1);
}

}  // namespace
}  // namespace jxc::store
