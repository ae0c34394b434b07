// PRAGMA quick_check at start-up against real store files, damaged by
// overwriting pages on disk as a failing card or a bad copy would.
#include "edge/store/integrity.h"

#include <fstream>

#include "edge/store/schema.h"
#include "edge/store/store_dir_test.h"

namespace jxc::store {
namespace {

class IntegrityTest : public StoreDirTest {
 protected:
  IntegrityTest() : StoreDirTest("integrity") {}

  // A migrated store with a table of its own filled past many pages, closed
  // so that the write-ahead log is copied into the file. Returns the page size.
  std::int64_t make_store() {
    auto db = Db::open(path_, {});
    EXPECT_TRUE(db.is_ok()) << db.status().to_string();
    EXPECT_TRUE(migrate(**db).is_ok());
    EXPECT_TRUE((*db)->exec("CREATE TABLE filler(id INTEGER PRIMARY KEY, body TEXT);"
                            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<2000) "
                            "INSERT INTO filler(body) SELECT printf('%0300d', i) FROM n;")
                    .is_ok());
    return *(*db)->query_int("PRAGMA page_size");
  }

  // Overwrites `count` whole pages from page `first` (1-based) with a pattern.
  void overwrite_pages(std::int64_t page_size, std::int64_t first, std::int64_t count) {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f.is_open());
    f.seekp((first - 1) * page_size);
    std::string garbage(static_cast<std::size_t>(page_size * count), '\x5A');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    ASSERT_TRUE(f.good());
  }

  std::int64_t page_count(std::int64_t page_size) {
    return static_cast<std::int64_t>(std::filesystem::file_size(path_)) / page_size;
  }
};

TEST_F(IntegrityTest, AHealthyStoreIsOk) {
  make_store();
  auto r = quick_check_file(path_);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_TRUE(r->ran);
  EXPECT_GE(r->took.count(), 0);
}

TEST_F(IntegrityTest, NoFileYetIsNothingToCheck) {
  auto r = quick_check_file(path_);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_FALSE(r->ran);
  EXPECT_FALSE(std::filesystem::exists(path_)) << "the check must not create the store";
}

// The table's pages at the end of the file are garbage; the header and the
// schema are intact, so the store still opens and only the check finds it.
TEST_F(IntegrityTest, DamagedPagesAreFoundAndNamed) {
  std::int64_t page_size = make_store();
  std::int64_t pages = page_count(page_size);
  ASSERT_GT(pages, 20);
  overwrite_pages(page_size, pages - 5, 4);
  auto r = quick_check_file(path_);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Errc::corrupt) << r.status().to_string();
  EXPECT_NE(r.status().reason().find("store " + path_), std::string::npos) << r.status().reason();
  EXPECT_NE(r.status().reason().find("quick_check"), std::string::npos) << r.status().reason();
  EXPECT_NE(r.status().reason().find("restore the store from a backup"), std::string::npos) << r.status().reason();
}

// A header that is not SQLite's: the file is no database at all.
TEST_F(IntegrityTest, AFileThatIsNotADatabaseIsCorrupt) {
  std::int64_t page_size = make_store();
  overwrite_pages(page_size, 1, 1);
  auto r = quick_check_file(path_);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Errc::corrupt) << r.status().to_string();
  EXPECT_NE(r.status().reason().find("is damaged"), std::string::npos) << r.status().reason();
}

// The same errors from any statement are typed, so every caller can tell a
// damaged file from a failing disk.
TEST_F(IntegrityTest, SqliteCorruptionIsTypedCorruptEverywhere) {
  std::int64_t page_size = make_store();
  overwrite_pages(page_size, page_count(page_size) - 5, 4);
  auto db = Db::open(path_, {});
  ASSERT_TRUE(db.is_ok()) << db.status().to_string();
  auto n = (*db)->query_int("SELECT sum(length(body)) FROM filler");
  ASSERT_FALSE(n.is_ok());
  EXPECT_EQ(n.status().code(), Errc::corrupt) << n.status().to_string();
}

}  // namespace
}  // namespace jxc::store
