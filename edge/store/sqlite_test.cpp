// Stmt keeps its own copy of every text parameter and binds it without
// SQLite copying it again: the copy must outlive the caller's string, follow
// each new binding, and never be read after the bindings are cleared. And
// Db::cached finds a statement by the address of its text.
#include <gtest/gtest.h>

#include <string>

#include "edge/store/sqlite.h"
#include "edge/store/store_dir_test.h"

namespace jxc::store {
namespace {

class StmtText : public StoreDirTest {
 protected:
  StmtText() : StoreDirTest("stmt") {}
  void SetUp() override {
    StoreDirTest::SetUp();
    auto d = Db::open(path_, {});
    ASSERT_TRUE(d) << d.status().reason();
    db_ = std::move(*d);
    ASSERT_TRUE(db_->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b TEXT)"));
  }
  std::string read(std::int64_t id, int col) {
    auto* st = *db_->cached("SELECT a, b FROM t WHERE id=?1");
    st->bind_all(id);
    auto row = st->step();
    EXPECT_TRUE(row && *row);
    return st->is_null(col) ? "<null>" : st->text(col);
  }
  std::unique_ptr<Db> db_;
};

TEST_F(StmtText, ATemporaryStringIsStoredAsItWasWhenBound) {
  auto* ins = *db_->cached("INSERT INTO t(id,a,b) VALUES(?1,?2,?3)");
  // Both strings are destroyed (and their memory reused) before the step.
  ins->bind(1, std::int64_t{1}).bind(2, std::string(100, 'x')).bind(3, std::string("short"));
  std::string filler(100, 'y');  // likely to land where the temporaries were
  ASSERT_TRUE(ins->run());
  EXPECT_EQ(read(1, 0), std::string(100, 'x'));
  EXPECT_EQ(read(1, 1), "short");
}

TEST_F(StmtText, EachExecutionStoresItsOwnValuesLongerOrShorter) {
  const std::string values[] = {"a", std::string(5000, 'L'), "", "mid-length value", "z"};
  std::int64_t id = 0;
  for (const auto& v : values) {
    auto* ins = *db_->cached("INSERT INTO t(id,a,b) VALUES(?1,?2,?3)");
    ins->bind_all(++id, v, v + "!");
    ASSERT_TRUE(ins->run());
  }
  id = 0;
  for (const auto& v : values) {
    EXPECT_EQ(read(++id, 0), v);
    EXPECT_EQ(read(id, 1), v + "!");
  }
}

// A statement kept across executions and bound again without a reset in
// between (a loop over values): each execution stores its own values, never
// the previous binding's length over the new text.
TEST_F(StmtText, AStatementThatHasRunIsBoundAgainWithoutAReset) {
  auto* ins = *db_->cached("INSERT INTO t(id,a,b) VALUES(?1,?2,?3)");
  const std::string values[] = {"SN-000000000001", "S2", std::string(300, 'L'), "x"};
  std::int64_t id = 0;
  for (const auto& v : values) {
    ins->bind_all(++id, v, "b-" + v);
    ASSERT_TRUE(ins->run());
  }
  auto* one = *db_->cached("INSERT INTO t(id,a) VALUES(?1,?2)");
  one->bind(1, std::int64_t{100}).bind(2, std::string_view("first"));
  ASSERT_TRUE(one->run());
  one->bind(1, std::int64_t{101}).bind(2, std::string_view("second, longer"));
  ASSERT_TRUE(one->run());
  id = 0;
  for (const auto& v : values) {
    EXPECT_EQ(read(++id, 0), v);
    EXPECT_EQ(read(id, 1), "b-" + v);
  }
  EXPECT_EQ(read(100, 0), "first");
  EXPECT_EQ(read(101, 0), "second, longer");
}

TEST_F(StmtText, AParameterLeftUnboundAfterAResetIsNull) {
  auto* ins = *db_->cached("INSERT INTO t(id,a,b) VALUES(?1,?2,?3)");
  ins->bind_all(std::int64_t{1}, "first", "second");
  ASSERT_TRUE(ins->run());
  ins = *db_->cached("INSERT INTO t(id,a,b) VALUES(?1,?2,?3)");
  ins->bind(1, std::int64_t{2}).bind(2, "only a");
  ASSERT_TRUE(ins->run());
  EXPECT_EQ(read(2, 0), "only a");
  EXPECT_EQ(read(2, 1), "<null>");
}

TEST_F(StmtText, AfterItsBuffersAreGivenBackTheStatementStillWorks) {
  auto* ins = *db_->cached("INSERT INTO t(id,a,b) VALUES(?1,?2,?3)");
  ins->bind_all(std::int64_t{1}, std::string(10000, 'b'), "x");
  ASSERT_TRUE(ins->run());
  db_->release_memory();  // frees the 10,000-byte buffer and clears the bindings
  ins = *db_->cached("INSERT INTO t(id,a,b) VALUES(?1,?2,?3)");
  ins->bind(1, std::int64_t{2});
  ASSERT_TRUE(ins->run());
  EXPECT_EQ(read(1, 0), std::string(10000, 'b'));
  EXPECT_EQ(read(2, 0), "<null>");
  EXPECT_EQ(read(2, 1), "<null>");
}

TEST_F(StmtText, AParameterNumberOutOfRangeIsIgnoredLikeSqliteDoes) {
  auto* ins = *db_->cached("INSERT INTO t(id,a,b) VALUES(?1,?2,?3)");
  ins->bind_all(std::int64_t{1}, "a", "b").bind(0, "zero").bind(4, "four");
  ASSERT_TRUE(ins->run());
  EXPECT_EQ(read(1, 0), "a");
  EXPECT_EQ(read(1, 1), "b");
}

using CachedStatements = StmtText;

TEST_F(CachedStatements, AreKeyedByTheAddressOfTheirText) {
  static const char kCount[] = "SELECT count(*) FROM t";
  auto first = db_->cached(kCount);
  auto again = db_->cached(kCount);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(*first, *again);  // one statement per address, prepared once
  EXPECT_STREQ((*first)->sql(), kCount);

  // The same text at another address is another key: a statement of its
  // own, which answers the same.
  const std::string copy = kCount;
  ASSERT_NE(static_cast<const void*>(copy.c_str()), static_cast<const void*>(kCount));
  auto other = db_->cached(copy.c_str());
  ASSERT_TRUE(other);
  EXPECT_NE(*other, *first);
  EXPECT_STREQ((*other)->sql(), kCount);
  for (Stmt* st : {*first, *other}) {
    auto row = st->step();
    ASSERT_TRUE(row && *row);
    EXPECT_EQ(st->int64(0), 0);
  }
  // Handed out again, a statement comes back rewound.
  auto rewound = db_->cached(kCount);
  ASSERT_TRUE(rewound);
  auto row = (*rewound)->step();
  ASSERT_TRUE(row && *row);
}

}  // namespace
}  // namespace jxc::store
