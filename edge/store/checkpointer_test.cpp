// The background checkpointer against a real SQLite file: the log is copied
// by its thread and starts over, the writer steps in when the thread cannot
// keep up, and SQLite's own checkpointing comes back when it goes.
#include "edge/store/checkpointer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "edge/store/store_dir_test.h"

namespace jxc::store {
namespace {

class CheckpointerTest : public StoreDirTest {
 protected:
  CheckpointerTest() : StoreDirTest("ckpt") {}
  void SetUp() override {
    StoreDirTest::SetUp();
    auto db = Db::open(path_, {});
    ASSERT_TRUE(db.is_ok()) << db.status().to_string();
    db_ = std::move(db).value();
    ASSERT_TRUE(db_->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB NOT NULL)").is_ok());
  }
  void TearDown() override {
    db_.reset();
    StoreDirTest::TearDown();
  }

  /// One transaction of `rows` rows of ~1 KiB: about rows/4 new pages.
  void commit_rows(int rows) {
    ASSERT_TRUE(db_->exec("BEGIN").is_ok());
    auto* st = *db_->cached("INSERT INTO t(v) VALUES(zeroblob(1000))");
    for (int i = 0; i < rows; ++i) {
      st->reset();
      ASSERT_TRUE(st->run().is_ok());
    }
    ASSERT_TRUE(db_->exec("COMMIT").is_ok());
    ++commits_;
    rows_ += rows;
  }

  int wal_pages_now() {
    auto c = db_->checkpoint_passive();
    EXPECT_TRUE(c.is_ok()) << c.status().to_string();
    return c ? c->wal_pages : -1;
  }

  template <typename Pred>
  static bool wait_for(Pred pred) {
    for (int i = 0; i < 500; ++i) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pred();
  }

  std::unique_ptr<Db> db_;
  int commits_ = 0, rows_ = 0;
};

// The schedule alone: the thread is woken per 1,000 pages added since its
// last checkpoint, not after every commit once the log is past 1,000 pages
// (under load the log rarely starts over: the writer's next transaction has
// begun before a checkpoint ends); on the last 1,000 pages before the
// writer's mark it is woken after every commit that adds any.
TEST(CheckpointSchedule, WakesPerThousandNewPagesThenEveryCommitNearTheWritersMark) {
  using A = CheckpointSchedule::Action;
  CheckpointSchedule s(1000, 4000);
  EXPECT_EQ(s.after_commit(400), A::none);
  EXPECT_EQ(s.after_commit(1010), A::wake_thread);
  s.checkpointed(1010, 1010);  // the thread copied all of it; the log goes on
  EXPECT_EQ(s.after_commit(1030), A::none);
  EXPECT_EQ(s.after_commit(1900), A::none);
  EXPECT_EQ(s.after_commit(2015), A::wake_thread);
  // A checkpoint that lost the race copies less than the log holds.
  s.checkpointed(2015, 1500);
  EXPECT_EQ(s.after_commit(2400), A::none);
  EXPECT_EQ(s.after_commit(2510), A::wake_thread);
  s.checkpointed(2510, 2510);
  // The last stretch: every commit that leaves pages uncopied.
  EXPECT_EQ(s.after_commit(3020), A::wake_thread);
  s.checkpointed(3020, 3020);
  EXPECT_EQ(s.after_commit(3020), A::none);  // nothing new
  EXPECT_EQ(s.after_commit(3040), A::wake_thread);
  // Past the second mark the writer steps in, whatever was copied.
  EXPECT_EQ(s.after_commit(4000), A::writer_checkpoints);
  // The log starts over: counting starts again from its beginning.
  EXPECT_EQ(s.after_commit(30), A::none);
  EXPECT_EQ(s.after_commit(990), A::none);
  EXPECT_EQ(s.after_commit(1000), A::wake_thread);
  // A report about the longer, earlier log does not count for this one.
  s.checkpointed(4000, 4000);
  EXPECT_EQ(s.after_commit(1100), A::wake_thread);
}

TEST_F(CheckpointerTest, ThreadCopiesTheLogAndTheLogStartsOver) {
  auto c = Checkpointer::start(*db_, {.wake_at_pages = 100, .writer_at_pages = 1'000'000});
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  auto& cp = **c;
  commit_rows(600);  // ~200 pages: past the wake-up mark
  EXPECT_GE(cp.stats().last_wal_pages, 100);
  ASSERT_TRUE(wait_for([&] { return cp.stats().background >= 1; }));
  // Everything was copied, so the next transaction writes the log from its start.
  commit_rows(3);
  EXPECT_LT(cp.stats().last_wal_pages, 10);
  EXPECT_EQ(cp.stats().by_writer, 0u);

  // A second connection sees every row, and the file is sound.
  auto other = Db::open(path_, {});
  ASSERT_TRUE(other.is_ok());
  EXPECT_EQ(*(*other)->query_int("SELECT count(*) FROM t"), rows_);
  auto ok = (*other)->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(ok.is_ok() && *(*ok)->step());
  EXPECT_EQ((*ok)->text(0), "ok");
}

TEST_F(CheckpointerTest, SmallCommitsBelowTheMarkLeaveTheLogAlone) {
  auto c = Checkpointer::start(*db_, {.wake_at_pages = 10'000, .writer_at_pages = 1'000'000});
  ASSERT_TRUE(c.is_ok());
  for (int i = 0; i < 50; ++i) commit_rows(90);  // ~1,250 pages
  // With SQLite's own hook the log would have started over at 1000 pages;
  // here nothing copies it below the mark, so it holds every commit.
  EXPECT_GE((*c)->stats().last_wal_pages, 1100);
  EXPECT_EQ((*c)->stats().background, 0u);
  EXPECT_EQ((*c)->stats().by_writer, 0u);
}

TEST_F(CheckpointerTest, WriterStepsInWhenTheLogOutgrowsTheSecondMark) {
  // The thread is never woken (its mark is out of reach): only the writer's
  // own checkpoint can keep the log bounded.
  auto c = Checkpointer::start(*db_, {.wake_at_pages = 1'000'000, .writer_at_pages = 300});
  ASSERT_TRUE(c.is_ok());
  int most = 0;
  for (int i = 0; i < 40; ++i) {
    commit_rows(90);  // ~30 pages each: 1,200 pages in all
    most = std::max(most, (*c)->stats().last_wal_pages);
  }
  EXPECT_GE((*c)->stats().by_writer, 2u);
  EXPECT_EQ((*c)->stats().background, 0u);
  EXPECT_LT(most, 300 + 40);  // never more than one commit past the mark
}

TEST_F(CheckpointerTest, SqlitesOwnCheckpointReturnsWhenItStops) {
  {
    auto c = Checkpointer::start(*db_, {.wake_at_pages = 1'000'000, .writer_at_pages = 1'000'000});
    ASSERT_TRUE(c.is_ok());
    commit_rows(30);
  }
  // wal_autocheckpoint (1000 pages) is back: the log starts over along the way.
  for (int i = 0; i < 60; ++i) commit_rows(90);  // ~1,800 pages
  EXPECT_LT(wal_pages_now(), 1100);
}

}  // namespace
}  // namespace jxc::store
