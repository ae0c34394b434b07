// Backups taken while the writer posts, restored and checked against the
// ledger at the backup's point; damaged backups refused with the store
// untouched; the replaced store kept aside; a new epoch after a restore.
#include "edge/inventory/backup.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"

namespace jxc::inventory::testing {
namespace {

namespace fs = std::filesystem;

class Backup : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
  std::string backups() const { return dir_.file("backups"); }
};

EngineOptions options_at(const std::string& path) {
  EngineOptions o;
  o.store_path = path;
  return o;
}

// Every movement up to `last_id` as text, in id order.
std::vector<std::string> movements(Queries& q, std::int64_t last_id) {
  std::vector<std::string> out;
  auto st = q.db().prepare(
      "SELECT id, doc_id, item_id, coalesce(from_location,0), coalesce(to_location,0), qty, recorded_at "
      "FROM movements WHERE id <= ?1 ORDER BY id");
  EXPECT_TRUE(st.is_ok());
  if (!st.is_ok()) return out;
  (*st)->bind_all(last_id);
  while (true) {
    auto row = (*st)->step();
    EXPECT_TRUE(row.is_ok());
    if (!row.is_ok() || !*row) break;
    std::string line;
    for (int c = 0; c < 7; ++c) line += std::to_string((*st)->int64(c)) + " ";
    out.push_back(line);
  }
  return out;
}

TEST_F(Backup, ABackupTakenDuringTenThousandPostingsRestoresTheLedgerAtItsPoint) {
  constexpr int kPostings = 10000;
  std::atomic<int> posted{0};
  std::atomic<bool> failed{false};
  std::thread writer([&] {
    for (int i = 0; i < kPostings; ++i) {
      DocumentRequest req = i % 4 == 3 ? DocumentRequest{} : receipt_into("A-01", "TEA-500", 2);
      if (i % 4 == 3) {
        req.type = DocType::issue;
        req.from = "A-01";
        req.lines = {line("TEA-500", 1)};
      }
      req.source = "load";
      if (!engine_->post(req).is_ok()) failed = true;
      ++posted;
    }
  });
  while (posted < kPostings / 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto m = backup_store(store_path_, backups(), clock_.now_ms());
  const int posted_at_backup = posted;
  writer.join();
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  ASSERT_FALSE(failed);
  ASSERT_LT(posted_at_backup, kPostings) << "the backup did not overlap the postings";

  // The manifest describes the copy, and the copy is the ledger at a point
  // between the first and the last posting.
  EXPECT_EQ(m->format, "jxc-edge-backup/1");
  EXPECT_EQ(m->epoch, engine_->epoch());
  EXPECT_GT(m->last_movement_id, 0);
  EXPECT_EQ(m->movements, m->last_movement_id);
  EXPECT_GT(m->last_seq, 0);
  EXPECT_EQ(m->sha256.size(), 64u);
  const std::string stem = m->file.substr(0, m->file.size() - 6);
  EXPECT_TRUE(fs::exists(fs::path(backups()) / m->file));
  EXPECT_TRUE(fs::exists(fs::path(backups()) / (stem + ".json")));
  for (const auto& e : fs::directory_iterator(backups()))  // nothing half-written left behind
    EXPECT_FALSE(e.path().filename().string().starts_with(".")) << e.path();
  auto source_total = q().db().query_int("SELECT count(*) FROM movements");
  ASSERT_TRUE(source_total.is_ok());
  EXPECT_LT(m->movements, *source_total);

  const std::string restored_path = dir_.file("restored/jxc-edge.db");
  auto r = restore_store((fs::path(backups()) / m->file).string(), restored_path, clock_.now_ms());
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->kept_aside, "");
  {
    auto restored = Queries::open(restored_path);
    ASSERT_TRUE(restored.is_ok()) << restored.status().to_string();
    EXPECT_TRUE((*restored)->verify().is_ok()) << (*restored)->verify().to_string();
    const auto copy = movements(**restored, INT64_MAX);
    EXPECT_EQ(static_cast<std::int64_t>(copy.size()), m->movements);
    EXPECT_EQ(copy, movements(q(), m->last_movement_id));
    auto stats = Outbox::stats(**restored);
    ASSERT_TRUE(stats.is_ok());
    EXPECT_EQ(stats->last_seq, m->last_seq);
  }
  // The restored store starts a new epoch when it is opened.
  auto engine = Engine::open(options_at(restored_path), clock_);
  ASSERT_TRUE(engine.is_ok()) << engine.status().to_string();
  EXPECT_NE((*engine)->epoch(), m->epoch);
  EXPECT_EQ((*engine)->epoch().size(), 32u);
}

TEST_F(Backup, ADamagedBackupIsRefusedAndTheStoreIsUntouched) {
  receive("TEA-500", 7, "A-01");
  auto m = backup_store(store_path_, backups(), clock_.now_ms());
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  const fs::path gz = fs::path(backups()) / m->file;
  const std::string target = dir_.file("other/jxc-edge.db");
  {
    // Another store in place, which a refused restore must leave as it is.
    auto other = Engine::open(options_at(target), clock_);
    ASSERT_TRUE(other.is_ok());
  }
  auto size_before = fs::file_size(target);

  // A byte flipped in the compressed copy.
  std::string bytes;
  {
    std::ifstream in(gz, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::string damaged = bytes;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x5a);
  std::ofstream(gz, std::ios::binary | std::ios::trunc) << damaged;
  auto r = restore_store(gz.string(), target, clock_.now_ms());
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Errc::corrupt) << r.status().to_string();
  EXPECT_EQ(fs::file_size(target), size_before);
  EXPECT_FALSE(fs::exists(target + ".restoring"));

  // The copy intact but its manifest's checksum not its own.
  std::ofstream(gz, std::ios::binary | std::ios::trunc) << bytes;
  const fs::path manifest = fs::path(backups()) / (m->file.substr(0, m->file.size() - 6) + ".json");
  std::string text;
  {
    std::ifstream in(manifest);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::string forged = text;
  forged.replace(forged.find(m->sha256), 1, m->sha256[0] == '0' ? "1" : "0");
  std::ofstream(manifest, std::ios::trunc) << forged;
  r = restore_store(gz.string(), target, clock_.now_ms());
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().reason().find("checksum"), std::string::npos) << r.status().to_string();
  EXPECT_EQ(fs::file_size(target), size_before);

  // Restored from the intact pair, the replaced store is kept aside.
  std::ofstream(manifest, std::ios::trunc) << text;
  r = restore_store(gz.string(), target, clock_.now_ms());
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  ASSERT_FALSE(r->kept_aside.empty());
  EXPECT_TRUE(fs::exists(r->kept_aside));
  auto restored = Queries::open(target);
  ASSERT_TRUE(restored.is_ok());
  auto stock = (*restored)->stock(stock_of("TEA-500", "A-01"));
  ASSERT_TRUE(stock.is_ok());
  ASSERT_EQ(stock->size(), 1u);
  EXPECT_EQ((*stock)[0].qty, 7);
}

TEST_F(Backup, OnlyTheNewestAreKept) {
  for (int i = 0; i < 4; ++i) {
    receive("TEA-500", 1, "A-01");
    ASSERT_TRUE(backup_store(store_path_, backups(), clock_.now_ms()).is_ok());
    clock_.advance(std::chrono::hours(1));
  }
  auto all = list_backups(backups());
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 4u);
  auto removed = prune_backups(backups(), 2);
  ASSERT_TRUE(removed.is_ok());
  EXPECT_EQ(*removed, 2u);
  auto kept = list_backups(backups());
  ASSERT_TRUE(kept.is_ok());
  ASSERT_EQ(kept->size(), 2u);
  EXPECT_EQ((*kept)[0].file, (*all)[2].file);
  EXPECT_EQ((*kept)[1].movements, 4);
  EXPECT_EQ(std::distance(fs::directory_iterator(backups()), fs::directory_iterator()), 4);
}

}  // namespace
}  // namespace jxc::inventory::testing
